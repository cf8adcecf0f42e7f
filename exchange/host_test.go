package exchange_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/matching"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/store/storetest"
)

// hosts is a hand-written exchange.Hosts: hosted org → host and link, all counting.
type hosts struct {
	mu sync.Mutex
	by map[string][2]string
}

func (h *hosts) set(hosted, host, link string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.by == nil {
		h.by = map[string][2]string{}
	}
	if host == "" {
		delete(h.by, hosted)
		return
	}
	h.by[hosted] = [2]string{host, link}
}

func (h *hosts) ConfirmedHost(_ context.Context, orgID string) (string, string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.by[orgID]
	return v[0], v[1], ok
}

// hostEnv: an accepted exchange between e (hosted by h) and mentor m, and a stranger s.
func hostEnv(t *testing.T) (*exchange.Service, *hosts, exchange.Exchange, *[]string) {
	t.Helper()
	ctx := context.Background()
	o := &orgs{}
	o.add("e", emerging())
	o.add("m", established(2))
	o.add("h", established(1))
	o.add("s", established(1))
	hs := &hosts{}
	c := fakeclock.New()
	s, err := exchange.NewService(ctx, storetest.NewDB(t), o, exchange.Options{Now: c.Now, Hosts: hs})
	if err != nil {
		t.Fatal(err)
	}
	var told []string
	s.OnHostChange(func(_ context.Context, x exchange.Exchange, host string) { told = append(told, x.ID+":"+host) })
	r, err := s.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.Send(ctx, "e", r.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if x, err = s.Accept(ctx, "m", x.ID); err != nil {
		t.Fatal(err)
	}
	return s, hs, x, &told
}

func TestBringHost(t *testing.T) {
	ctx := context.Background()
	s, hs, x, told := hostEnv(t)
	if _, err := s.BringHost(ctx, "e", x.ID); !errors.Is(err, exchange.ErrNoHost) {
		t.Fatalf("without a confirmed host: got %v, want ErrNoHost", err)
	}
	hs.set("e", "h", "l1")
	if _, err := s.BringHost(ctx, "s", x.ID); !errors.Is(err, exchange.ErrNoHost) {
		t.Errorf("a stranger with no host: got %v, want ErrNoHost", err)
	}
	hs.set("s", "h", "l9")
	if _, err := s.BringHost(ctx, "s", x.ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("a stranger's host: got %v, want ErrNotFound", err)
	}
	got, err := s.BringHost(ctx, "e", x.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.HostOrg != "h" || got.HostFor != "e" {
		t.Fatalf("after BringHost: host %q for %q", got.HostOrg, got.HostFor)
	}
	if _, err := s.BringHost(ctx, "e", x.ID); err != nil { // again: nothing changes
		t.Fatal(err)
	}
	// The host reads it and finds it among its exchanges; it does no work and no cancelling.
	if read, err := s.Exchange(ctx, "h", x.ID); err != nil || read.HostOrg != "h" {
		t.Errorf("host reads: %+v, %v", read.HostOrg, err)
	}
	if list := s.Exchanges(ctx, "h"); len(list) != 1 || list[0].ID != x.ID {
		t.Errorf("host's exchanges: %d", len(list))
	}
	if _, err := s.AddGoal(ctx, "h", x.ID, "u", "a goal"); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("host adds a goal: got %v, want ErrNotFound", err)
	}
	if _, err := s.CancelExchange(ctx, "h", x.ID, exchange.ReasonTiming, ""); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("host cancels: got %v, want ErrNotFound", err)
	}
	if _, err := s.Complete(ctx, "h", x.ID, "u", exchange.FeedbackInput{Usefulness: 5, Respect: 5}); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("host completes: got %v, want ErrNotFound", err)
	}
	if _, err := s.Exchange(ctx, "s", x.ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("stranger reads: got %v, want ErrNotFound", err)
	}
	// A relationship that ends takes the host out of what readers see, though stored.
	hs.set("e", "", "")
	if read, err := s.Exchange(ctx, "e", x.ID); err != nil || read.HostOrg != "" {
		t.Errorf("after the relationship ended, the party sees host %q (%v)", read.HostOrg, err)
	}
	if _, err := s.Exchange(ctx, "h", x.ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("after the relationship ended, the host reads: got %v, want ErrNotFound", err)
	}
	// Confirmed again, it is a new relationship: the host is not back.
	hs.set("e", "h", "l2")
	if found, err := s.Find(ctx, x.ID); err != nil || found.HostCounts(ctx, hs) {
		t.Errorf("a new relationship brings the host back: %v", err)
	}
	if _, err := s.BringHost(ctx, "e", x.ID); err != nil {
		t.Fatal(err)
	}
	if found, _ := s.Find(ctx, x.ID); !found.HostCounts(ctx, hs) {
		t.Error("brought in again: does not count")
	}
	hs.set("m", "s", "l5") // the mentor party is hosted too: it does not replace e's host
	if _, err := s.BringHost(ctx, "m", x.ID); !errors.Is(err, exchange.ErrDuplicate) {
		t.Errorf("the other party brings its host over ours: got %v, want ErrDuplicate", err)
	}
	if _, err := s.RemoveHost(ctx, "m", x.ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("the other party removes the host: got %v, want ErrNotFound", err)
	}
	if got, err = s.RemoveHost(ctx, "e", x.ID); err != nil || got.HostOrg != "" {
		t.Fatalf("RemoveHost: %q, %v", got.HostOrg, err)
	}
	if _, err := s.RemoveHost(ctx, "e", x.ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("removing no host: got %v, want ErrNotFound", err)
	}
	want := []string{x.ID + ":h", x.ID + ":h", x.ID + ":h"}
	if len(*told) != len(want) {
		t.Errorf("told %v, want %v", *told, want)
	}
}

// Only an exchange under way takes a host.
func TestBringHostNeedsARunningExchange(t *testing.T) {
	ctx := context.Background()
	s, hs, x, _ := hostEnv(t)
	hs.set("e", "h", "l1")
	if _, err := s.CancelExchange(ctx, "e", x.ID, exchange.ReasonTiming, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BringHost(ctx, "e", x.ID); !errors.Is(err, exchange.ErrInvalidTransition) {
		t.Errorf("cancelled: got %v, want ErrInvalidTransition", err)
	}
}

// The other side's leads are told of a change of a hosting relationship.
func TestHostingChangedNotifiesLeads(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("h", established(1))
	s, _, _ := newService(t, o)
	s.HostingChanged(ctx, "h", "requested")
	got := s.Notifications(ctx, "lead-h")
	if len(got) != 1 || got[0].Kind != exchange.KindHostingRequested || got[0].OrgID != "h" {
		t.Fatalf("notifications %+v", got)
	}
}

// A suggested mentor with a confirmed host is explained with the host's offers apart:
// the host names the need the mentor leaves open, by the host's name.
func TestSuggestionsCountTheHostApart(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("e", emerging())
	o.add("m", established(2)) // offers peer_outreach and fundraising
	host := established(1)
	host.Name, host.Available = "Amigos da Rua", false // not a mentor itself
	host.Offers = []org.Offer{{Topic: org.TopicRegistrationHosting, Level: 3}, {Topic: org.TopicPeerOutreach, Level: 3}}
	o.add("h", host)
	hs := &hosts{}
	hs.set("m", "h", "l1")
	s, err := exchange.NewService(ctx, storetest.NewDB(t), o, exchange.Options{Hosts: hs})
	if err != nil {
		t.Fatal(err)
	}
	in := input()
	in.Needs = append(in.Needs, exchange.Need{Topic: string(org.TopicRegistrationHosting), Priority: 2})
	r, err := s.CreateRequest(ctx, "e", "lead-e", in)
	if err != nil {
		t.Fatal(err)
	}
	rank, err := s.Suggestions(ctx, "e", r.ID, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(rank.Suggestions) != 1 || rank.Suggestions[0].Mentor != "m" {
		t.Fatalf("suggestions %+v, want m only", rank.Suggestions)
	}
	pts := rank.Suggestions[0].Points
	last := pts[len(pts)-1]
	if last.Criterion != matching.CriterionHostOffers || last.Code != matching.CodeHostOffers || last.Params["host"] != "Amigos da Rua" || last.Points <= 0 {
		t.Fatalf("last point %+v, want the host's offers by name", last)
	}
	topics, _ := last.Params["topics"].([]any)
	if len(topics) != 1 || topics[0].(map[string]any)["topic"] != string(org.TopicRegistrationHosting) {
		t.Errorf("host topics %v, want registration_hosting only (the mentor offers peer_outreach)", topics)
	}
	// Ended: the mentor is explained as before.
	hs.set("m", "", "")
	rank, _ = s.Suggestions(ctx, "e", r.ID, 5)
	for _, p := range rank.Suggestions[0].Points {
		if p.Criterion == matching.CriterionHostOffers {
			t.Errorf("host point after the relationship ended: %+v", p)
		}
	}
}
