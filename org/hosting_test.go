package org_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/org"
)

// hostingEnv is a service with a hosted group and a possible host, both approved, and
// what the service tells about hosting and standing.
type hostingEnv struct {
	*env
	hosted, host, other org.Organisation
	hostLead            string
	events              []string // "<org>:<event>"
	told                *standings
}

func newHostingEnv(t *testing.T) *hostingEnv {
	t.Helper()
	ctx := context.Background()
	h := &hostingEnv{env: newEnv(t), told: &standings{}}
	h.hosted, _ = h.apply(t, "Hosted Group") // orgtest.Profile is hosted, by "Friendly NGO"
	h.host, h.hostLead = h.apply(t, "Host NGO")
	h.other, _ = h.apply(t, "Other NGO")
	for _, o := range []org.Organisation{h.hosted, h.host, h.other} {
		if _, err := h.svc.Approve(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	h.svc.OnStanding(h.told)
	h.svc.OnHosting(func(_ context.Context, orgID string, ev org.HostingEvent) {
		h.events = append(h.events, orgID+":"+string(ev))
	})
	return h
}

func (h *hostingEnv) confirmedHost(t *testing.T) string {
	t.Helper()
	id, link, ok := h.svc.ConfirmedHost(context.Background(), h.hosted.ID)
	if ok != (id != "") || ok != (link != "") {
		t.Fatalf("ConfirmedHost = %q, %q, %v: ids and ok disagree", id, link, ok)
	}
	return id
}

// The application's host name is an outside host, which is not a host on Cascade.
func TestApplicationHostNameIsAnOutsideHost(t *testing.T) {
	h := newHostingEnv(t)
	got, err := h.svc.Get(context.Background(), h.hosted.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Host == nil || got.Host.Kind != org.HostOutside || got.Host.Name != "Friendly NGO" || got.Profile.HostName != "" {
		t.Fatalf("got host %+v, profile host_name %q", got.Host, got.Profile.HostName)
	}
	if id := h.confirmedHost(t); id != "" {
		t.Errorf("an outside host counts as host %q on Cascade", id)
	}
	for _, e := range h.svc.Directory(context.Background()) {
		if strings.Contains(e.Name+e.About, "Friendly") {
			t.Errorf("directory shows the host: %+v", e)
		}
	}
}

// A host on Cascade counts once it confirms; its leads are asked and the hosted group is
// told; ending it tells the hosted group and announces the host's people's standing.
func TestHostingLifecycle(t *testing.T) {
	h := newHostingEnv(t)
	ctx := context.Background()
	o, err := h.svc.SetHost(ctx, h.hosted.ID, org.HostInput{Kind: org.HostCascade, Org: h.host.ID})
	if err != nil {
		t.Fatal(err)
	}
	if o.Host.State != org.HostRequested || o.Host.Org != h.host.ID {
		t.Fatalf("after SetHost: %+v", o.Host)
	}
	if id := h.confirmedHost(t); id != "" {
		t.Fatalf("a requested host counts: %q", id)
	}
	list := h.svc.Hosting(ctx, h.host.ID)
	if len(list) != 1 || list[0].Org != h.hosted.ID || list[0].Name != "Hosted Group" || list[0].State != org.HostRequested || list[0].Counts {
		t.Fatalf("Hosting(host) = %+v", list)
	}
	if list := h.svc.Hosting(ctx, h.other.ID); len(list) != 0 {
		t.Errorf("another organisation sees the request: %+v", list)
	}
	if _, err := h.svc.ConfirmHosting(ctx, h.other.ID, h.hosted.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("another organisation confirms: got %v, want ErrNotFound", err)
	}
	if _, err := h.svc.ConfirmHosting(ctx, h.host.ID, h.hosted.ID); err != nil {
		t.Fatal(err)
	}
	if id := h.confirmedHost(t); id != h.host.ID {
		t.Fatalf("confirmed host = %q, want %q", id, h.host.ID)
	}
	// Naming the same host again changes nothing: it stays confirmed.
	if o, err := h.svc.SetHost(ctx, h.hosted.ID, org.HostInput{Kind: org.HostCascade, Org: h.host.ID}); err != nil || o.Host.State != org.HostConfirmed {
		t.Fatalf("naming the host again: %+v, %v", o.Host, err)
	}
	if _, err := h.svc.EndHosting(ctx, h.host.ID, h.hosted.ID, ""); !errors.Is(err, org.ErrInvalid) {
		t.Errorf("ending without a reason: got %v, want ErrInvalid", err)
	}
	h.told.told = nil
	o, err = h.svc.EndHosting(ctx, h.host.ID, h.hosted.ID, "our funding ended")
	if err != nil {
		t.Fatal(err)
	}
	if o.Host.State != org.HostEnded || o.Host.Reason != "our funding ended" {
		t.Errorf("after EndHosting: %+v", o.Host)
	}
	if id := h.confirmedHost(t); id != "" {
		t.Errorf("an ended relationship counts: %q", id)
	}
	if len(h.told.told) != 1 || !strings.HasPrefix(h.told.told[0], h.host.ID+":"+h.hostLead) {
		t.Errorf("standing told %v, want the host's people", h.told.told)
	}
	want := []string{h.host.ID + ":requested", h.hosted.ID + ":confirmed", h.hosted.ID + ":ended"}
	if !reflect.DeepEqual(h.events, want) {
		t.Errorf("events %v, want %v", h.events, want)
	}
}

// Decline, withdraw, remove and replace.
func TestHostingAnswers(t *testing.T) {
	h := newHostingEnv(t)
	ctx := context.Background()
	cascade := org.HostInput{Kind: org.HostCascade, Org: h.host.ID}
	if _, err := h.svc.SetHost(ctx, h.hosted.ID, cascade); err != nil {
		t.Fatal(err)
	}
	o, err := h.svc.DeclineHosting(ctx, h.host.ID, h.hosted.ID, "no capacity")
	if err != nil || o.Host.State != org.HostDeclined || o.Host.Reason != "no capacity" {
		t.Fatalf("decline: %+v, %v", o.Host, err)
	}
	if _, err := h.svc.ConfirmHosting(ctx, h.host.ID, h.hosted.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("confirming a declined request: got %v, want ErrNotFound", err)
	}
	if list := h.svc.Hosting(ctx, h.host.ID); len(list) != 0 {
		t.Errorf("the host still lists a declined request: %+v", list)
	}
	// Asking again makes a new request; withdrawing it tells the host.
	first := o.Host.Link
	if o, err = h.svc.SetHost(ctx, h.hosted.ID, cascade); err != nil || o.Host.State != org.HostRequested || o.Host.Link == first {
		t.Fatalf("asking again: %+v, %v", o.Host, err)
	}
	if _, err := h.svc.RemoveHost(ctx, h.hosted.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.RemoveHost(ctx, h.hosted.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("removing no host: got %v, want ErrNotFound", err)
	}
	// A confirmed host replaced by an outside one is told it ended.
	if _, err := h.svc.SetHost(ctx, h.hosted.ID, cascade); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.ConfirmHosting(ctx, h.host.ID, h.hosted.ID); err != nil {
		t.Fatal(err)
	}
	if o, err = h.svc.SetHost(ctx, h.hosted.ID, org.HostInput{Kind: org.HostOutside, Name: "  Amigos  "}); err != nil || o.Host.Name != "Amigos" || o.Host.Kind != org.HostOutside {
		t.Fatalf("outside host: %+v, %v", o.Host, err)
	}
	if id := h.confirmedHost(t); id != "" {
		t.Errorf("replaced host still counts: %q", id)
	}
	want := []string{h.host.ID + ":requested", h.hosted.ID + ":declined", h.host.ID + ":requested", h.host.ID + ":withdrawn",
		h.host.ID + ":requested", h.hosted.ID + ":confirmed", h.host.ID + ":ended"}
	if !reflect.DeepEqual(h.events, want) {
		t.Errorf("events %v\nwant   %v", h.events, want)
	}
}

// What SetHost refuses.
func TestSetHostRefuses(t *testing.T) {
	h := newHostingEnv(t)
	ctx := context.Background()
	pending, _ := h.apply(t, "Pending NGO")
	registered, _ := h.apply(t, "Registered Group")
	p := registered.Profile
	p.Legal, p.HostName = org.LegalRegistered, ""
	if _, err := h.svc.UpdateProfile(ctx, registered.ID, p); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Approve(ctx, registered.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		org   string
		in    org.HostInput
		field string
		want  error
	}{
		{"itself", h.hosted.ID, org.HostInput{Kind: org.HostCascade, Org: h.hosted.ID}, "org", org.ErrInvalid},
		{"pending host", h.hosted.ID, org.HostInput{Kind: org.HostCascade, Org: pending.ID}, "org", org.ErrInvalid},
		{"unknown host", h.hosted.ID, org.HostInput{Kind: org.HostCascade, Org: "nope"}, "org", org.ErrInvalid},
		{"no kind", h.hosted.ID, org.HostInput{Name: "x"}, "kind", org.ErrInvalid},
		{"empty name", h.hosted.ID, org.HostInput{Kind: org.HostOutside, Name: " "}, "name", org.ErrInvalid},
		{"long name", h.hosted.ID, org.HostInput{Kind: org.HostOutside, Name: strings.Repeat("n", 81)}, "name", org.ErrInvalid},
		{"not hosted", registered.ID, org.HostInput{Kind: org.HostOutside, Name: "Amigos"}, "legal", org.ErrInvalid},
		{"pending hosted group", pending.ID, org.HostInput{Kind: org.HostCascade, Org: h.host.ID}, "", org.ErrConflict},
		{"unknown group", "nope", org.HostInput{Kind: org.HostOutside, Name: "Amigos"}, "", org.ErrNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := h.svc.SetHost(ctx, c.org, c.in)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			var ve *org.ValidationError
			if c.field != "" && (!errors.As(err, &ve) || ve.Field != c.field) {
				t.Errorf("got %v, want field %q", err, c.field)
			}
		})
	}
}

// The relationship counts only while both organisations are approved: a suspension of
// either stops it (and announces the host's people), a re-approval brings it back, an
// offboarded host ends it; a profile that is no longer hosted drops the host.
func TestHostingFollowsStatus(t *testing.T) {
	h := newHostingEnv(t)
	ctx := context.Background()
	if _, err := h.svc.SetHost(ctx, h.hosted.ID, org.HostInput{Kind: org.HostCascade, Org: h.host.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.ConfirmHosting(ctx, h.host.ID, h.hosted.ID); err != nil {
		t.Fatal(err)
	}
	for _, who := range []org.Organisation{h.hosted, h.host} {
		h.told.told = nil
		if _, err := h.svc.Suspend(ctx, who.ID, "review"); err != nil {
			t.Fatal(err)
		}
		if id := h.confirmedHost(t); id != "" {
			t.Errorf("%s suspended: host still counts", who.Profile.Name)
		}
		if !slices.ContainsFunc(h.told.told, func(s string) bool { return strings.HasPrefix(s, h.host.ID+":") }) {
			t.Errorf("%s suspended: standing told %v, want the host's people", who.Profile.Name, h.told.told)
		}
		if _, err := h.svc.Approve(ctx, who.ID); err != nil {
			t.Fatal(err)
		}
		if id := h.confirmedHost(t); id != h.host.ID {
			t.Errorf("%s approved again: host = %q", who.Profile.Name, id)
		}
	}
	// A restart reads it back.
	h.restart(t)
	if id := h.confirmedHost(t); id != h.host.ID {
		t.Fatalf("after restart: host = %q", id)
	}
	h.svc.OnStanding(h.told)
	h.told.told = nil
	p := h.hosted.Profile
	p.Legal, p.HostName = org.LegalInformal, ""
	o, err := h.svc.UpdateProfile(ctx, h.hosted.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	if o.Host != nil || h.confirmedHost(t) != "" {
		t.Errorf("no longer hosted: host %+v", o.Host)
	}
	if len(h.told.told) != 1 || !strings.HasPrefix(h.told.told[0], h.host.ID+":") {
		t.Errorf("standing told %v, want the host's people", h.told.told)
	}
}

// An offboarded host counts for nobody.
func TestOffboardedHostEnds(t *testing.T) {
	h := newHostingEnv(t)
	ctx := context.Background()
	if _, err := h.svc.SetHost(ctx, h.hosted.ID, org.HostInput{Kind: org.HostCascade, Org: h.host.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.ConfirmHosting(ctx, h.host.ID, h.hosted.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Offboard(ctx, h.host.ID); err != nil {
		t.Fatal(err)
	}
	if id := h.confirmedHost(t); id != "" {
		t.Errorf("offboarded host counts: %q", id)
	}
}
