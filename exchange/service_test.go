package exchange_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/exchange"
)

// TestConcurrentAcceptsKeepCapacity: 100 proposals to a mentor with 2 places, accepted at
// once, on the real store: exactly 2 win and 98 get ErrNoCapacity.
func TestConcurrentAcceptsKeepCapacity(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("mentor", established(2))
	for i := range 20 {
		o.add(fmt.Sprintf("e%02d", i), emerging())
	}
	s, _, _ := newService(t, o)
	var proposals []string
	for i := range 100 {
		orgID := fmt.Sprintf("e%02d", i/5)
		r, err := s.CreateRequest(ctx, orgID, "lead-"+orgID, input())
		if err != nil {
			t.Fatal(err)
		}
		x, err := s.Send(ctx, orgID, r.ID, "mentor")
		if err != nil {
			t.Fatal(err)
		}
		proposals = append(proposals, x.ID)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(proposals))
	for i, id := range proposals {
		wg.Go(func() { _, errs[i] = s.Accept(ctx, "mentor", id) })
	}
	wg.Wait()
	won, full := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, exchange.ErrNoCapacity):
			full++
		default:
			t.Errorf("accept: %v", err)
		}
	}
	if won != 2 || full != 98 {
		t.Errorf("got %d accepted and %d refused for no capacity, want 2 and 98", won, full)
	}
	held := 0
	for _, x := range s.Exchanges(ctx, "mentor") {
		if x.State == exchange.StateAccepted {
			held++
		}
	}
	if held != 2 {
		t.Errorf("mentor holds %d accepted exchanges, want 2", held)
	}
}

// TestOpenRequestLimitUnderConcurrency: 20 concurrent creations give exactly 5 open requests;
// cancelling one frees a place.
func TestOpenRequestLimitUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("e", emerging())
	s, _, _ := newService(t, o)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() { _, errs[i] = s.CreateRequest(ctx, "e", "lead-e", input()) })
	}
	wg.Wait()
	made, refused := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			made++
		case errors.Is(err, exchange.ErrOpenRequestLimit):
			refused++
		default:
			t.Errorf("create: %v", err)
		}
	}
	if made != exchange.MaxOpenRequests || refused != 20-exchange.MaxOpenRequests {
		t.Fatalf("got %d made and %d refused, want %d and %d", made, refused, exchange.MaxOpenRequests, 20-exchange.MaxOpenRequests)
	}
	first := s.Requests(ctx, "e")[0]
	if _, err := s.CancelRequest(ctx, "e", first.ID, exchange.ReasonNoLongerNeeded, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRequest(ctx, "e", "lead-e", input()); err != nil {
		t.Errorf("create after a cancel: %v", err)
	}
}

// TestProposalExpires: a proposal unanswered for 14 days expires on the next sweep, not
// before, and the requesting lead is told.
func TestProposalExpires(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(1))
	o.add("e", emerging())
	s, clk, _ := newService(t, o)
	r, err := s.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.Send(ctx, "e", r.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(14*24*time.Hour - time.Minute)
	if n := s.Sweep(ctx); n != 0 {
		t.Fatalf("sweep before 14 days expired %d, want 0", n)
	}
	clk.Advance(time.Minute)
	if n := s.Sweep(ctx); n != 1 {
		t.Fatalf("sweep at 14 days expired %d, want 1", n)
	}
	got, _ := s.Exchange(ctx, "e", x.ID)
	if got.State != exchange.StateExpired {
		t.Errorf("state %s, want expired", got.State)
	}
	notes := s.Notifications(ctx, "lead-e")
	if len(notes) != 1 || notes[0].Kind != exchange.KindProposalExpired || s.Unread(ctx, "lead-e") != 1 {
		t.Fatalf("requesting lead's notifications: %+v, want one unread proposal_expired", notes)
	}
	if _, err := s.Accept(ctx, "m", x.ID); !errors.Is(err, exchange.ErrInvalidTransition) {
		t.Errorf("accept after expiry: got %v, want ErrInvalidTransition", err)
	}
	if err := s.MarkRead(ctx, "lead-e", notes[0].ID); err != nil || s.Unread(ctx, "lead-e") != 0 {
		t.Errorf("mark read: %v, unread %d", err, s.Unread(ctx, "lead-e"))
	}
	if err := s.MarkRead(ctx, "lead-m", notes[0].ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("another user marks it read: got %v, want ErrNotFound", err)
	}
}

// TestFlowFeedsTrackRecord runs one exchange to completion and checks that the mentor's
// track record changes its score for the next request, also after a restart.
func TestFlowFeedsTrackRecord(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(2))
	o.add("m2", established(2))
	o.add("e", emerging())
	o.add("f", emerging())
	s, _, db := newService(t, o)
	r, _ := s.CreateRequest(ctx, "e", "lead-e", input())
	x1, err := s.Send(ctx, "e", r.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	x2, err := s.Send(ctx, "e", r.ID, "m2")
	if err != nil {
		t.Fatal(err)
	}
	before := scoreOf(t, s, "f", "m")
	if _, err := s.Accept(ctx, "m", x1.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Exchange(ctx, "e", x2.ID); got.State != exchange.StateCancelled || got.Reason != exchange.ReasonWithdrawn {
		t.Errorf("other proposal: %s/%s, want cancelled/withdrawn", got.State, got.Reason)
	}
	if _, err := s.Accept(ctx, "m2", x2.ID); !errors.Is(err, exchange.ErrInvalidTransition) {
		t.Errorf("accept a withdrawn proposal: got %v", err)
	}
	x, err := s.AddGoal(ctx, "e", x1.ID, "lead-e", "Plan outreach in two districts")
	if err != nil || x.State != exchange.StateActive {
		t.Fatalf("add goal: %v, state %s", err, x.State)
	}
	if _, err := s.TickGoal(ctx, "m", x1.ID, x.Goals[0].ID, "lead-m", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LogSession(ctx, "m", x1.ID, "lead-m", exchange.SessionInput{Date: "2026-03-10", DurationMinutes: 90, Format: "online_mentoring"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddGoal(ctx, "f", x1.ID, "lead-f", "not a party"); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("goal by a non-party: got %v, want ErrNotFound", err)
	}
	fb := exchange.FeedbackInput{Usefulness: 5, Respect: 5, Learned: "How to map hotspots."}
	if x, err = s.Complete(ctx, "e", x1.ID, "lead-e", fb); err != nil || x.State != exchange.StateActive {
		t.Fatalf("first completion: %v, state %s", err, x.State)
	}
	if _, err := s.Complete(ctx, "e", x1.ID, "lead-e", fb); !errors.Is(err, exchange.ErrDuplicate) {
		t.Errorf("second feedback from one side: got %v, want ErrDuplicate", err)
	}
	if x, err = s.Complete(ctx, "m", x1.ID, "lead-m", fb); err != nil || x.State != exchange.StateCompleted {
		t.Fatalf("second completion: %v, state %s", err, x.State)
	}
	after := scoreOf(t, s, "f", "m")
	if after <= before {
		t.Errorf("mentor's score for a new request: %v after a 5/5 exchange, was %v; want higher", after, before)
	}
	reloaded, err := exchange.NewService(ctx, db, o, exchange.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := scoreOf(t, reloaded, "f", "m"); got != after {
		t.Errorf("after a restart the score is %v, want %v", got, after)
	}
}

// scoreOf creates a request for orgID and returns mentor's suggested score for it.
func scoreOf(t *testing.T, s *exchange.Service, orgID, mentor string) float64 {
	t.Helper()
	ctx := context.Background()
	r, err := s.CreateRequest(ctx, orgID, "lead-"+orgID, input())
	if err != nil {
		t.Fatal(err)
	}
	defer s.CancelRequest(ctx, orgID, r.ID, exchange.ReasonOther, "")
	sg, err := s.Suggestions(ctx, orgID, r.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range sg.Suggestions {
		if x.Mentor == mentor {
			sum := 0.0
			for _, p := range x.Points {
				sum += p.Points
			}
			if sum != x.Score {
				t.Errorf("points add up to %v, score %v", sum, x.Score)
			}
			return x.Score
		}
	}
	t.Fatalf("mentor %s not suggested: %+v", mentor, sg)
	return 0
}

// TestNotificationsPruned: a notification is kept 90 days, then pruned from memory and
// from the store, while a younger one stays.
func TestNotificationsPruned(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(1))
	o.add("e", emerging())
	s, clk, st := newService(t, o)
	send := func() {
		t.Helper()
		r, err := s.CreateRequest(ctx, "e", "lead-e", input())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Send(ctx, "e", r.ID, "m"); err != nil {
			t.Fatal(err)
		}
	}
	send() // the mentor's lead is told
	clk.Advance(30 * 24 * time.Hour)
	send()
	stored := func() int {
		t.Helper()
		ns, err := st.NotificationsOf(ctx, "lead-m")
		if err != nil {
			t.Fatal(err)
		}
		return len(ns)
	}
	clk.Advance(60*24*time.Hour - time.Millisecond) // the first is 90 days old less 1 ms
	if n, err := s.PruneNotifications(ctx); err != nil || n != 0 || len(s.Notifications(ctx, "lead-m")) != 2 || stored() != 2 {
		t.Fatalf("before 90 days: pruned %d (%v), %d in memory, %d stored; want 0, 2, 2", n, err, len(s.Notifications(ctx, "lead-m")), stored())
	}
	clk.Advance(2 * time.Millisecond)
	if n, err := s.PruneNotifications(ctx); err != nil || n != 1 {
		t.Fatalf("after 90 days: pruned %d (%v), want 1", n, err)
	}
	if got := s.Notifications(ctx, "lead-m"); len(got) != 1 || stored() != 1 || s.Unread(ctx, "lead-m") != 1 {
		t.Errorf("after pruning: %d in memory, %d stored, %d unread; want 1 each", len(got), stored(), s.Unread(ctx, "lead-m"))
	}
	restarted, err := exchange.NewService(ctx, st, o, exchange.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if got := restarted.Notifications(ctx, "lead-m"); len(got) != 1 {
		t.Errorf("after a restart: %d notifications, want 1", len(got))
	}
}
