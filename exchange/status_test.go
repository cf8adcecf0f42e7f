package exchange_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/matching"
	"github.com/cascade-platform/cascade/org"
)

// told reports whether the user was told of kind about exchange id, for reason why.
func toldOf(s *exchange.Service, user, id string, kind exchange.Kind, why exchange.Reason) bool {
	for _, n := range s.Notifications(context.Background(), user) {
		if n.ExchangeID == id && n.Kind == kind && n.Reason == why {
			return true
		}
	}
	return false
}

// TestFollowStatus: suspending a mentor organisation cancels the proposals sent to it
// (the requesting leads told why) and pauses its running exchange; re-approving resumes
// it; suspending the requesting organisation withdraws its open requests with their
// proposals (the mentors' leads told why) and frees its open-request places. Following a
// status again changes nothing.
func TestFollowStatus(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(3))
	o.add("m2", established(1))
	o.add("e", emerging())
	o.add("e2", emerging())
	s, _, _ := newService(t, o)
	must := func(x exchange.Exchange, err error) exchange.Exchange {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	request := func(orgID string) exchange.Request {
		t.Helper()
		r, err := s.CreateRequest(ctx, orgID, "lead-"+orgID, input())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	rOpen, rRun, rOther := request("e"), request("e"), request("e2")
	toM := must(s.Send(ctx, "e", rOpen.ID, "m"))
	toM2 := must(s.Send(ctx, "e", rOpen.ID, "m2"))
	run := must(s.Send(ctx, "e", rRun.ID, "m"))
	must(s.Accept(ctx, "m", run.ID))
	otherToM := must(s.Send(ctx, "e2", rOther.ID, "m"))
	if x := must(s.Exchange(ctx, "e", run.ID)); !x.Running() {
		t.Fatalf("accepted exchange %+v is not running", x)
	}

	o.setStatus("m", org.StatusSuspended)
	if err := s.FollowStatus(ctx, "m"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ org, id, lead string }{{"e", toM.ID, "lead-e"}, {"e2", otherToM.ID, "lead-e2"}} {
		x := must(s.Exchange(ctx, c.org, c.id))
		if x.State != exchange.StateCancelled || x.Reason != exchange.ReasonSuspended {
			t.Errorf("proposal to the suspended mentor: %s %s, want cancelled organisation_suspended", x.State, x.Reason)
		}
		if !toldOf(s, c.lead, c.id, exchange.KindExchangeCancelled, exchange.ReasonSuspended) {
			t.Errorf("%s not told exchange_cancelled (organisation_suspended): %+v", c.lead, s.Notifications(ctx, c.lead))
		}
	}
	if x := must(s.Exchange(ctx, "e", toM2.ID)); x.State != exchange.StateProposed {
		t.Errorf("proposal to another mentor is %s, want still proposed", x.State)
	}
	x := must(s.Exchange(ctx, "e", run.ID))
	if !x.Paused || x.Running() || x.State != exchange.StateAccepted {
		t.Errorf("running exchange after the mentor's suspension: %+v, want accepted and paused", x)
	}
	for name, work := range map[string]func() (exchange.Exchange, error){
		"goal": func() (exchange.Exchange, error) { return s.AddGoal(ctx, "e", run.ID, "lead-e", "Plan") },
		"session": func() (exchange.Exchange, error) {
			return s.LogSession(ctx, "e", run.ID, "lead-e", exchange.SessionInput{Date: "2026-05-04", DurationMinutes: 60, Format: "online_mentoring"})
		},
		"complete": func() (exchange.Exchange, error) {
			return s.Complete(ctx, "e", run.ID, "lead-e", exchange.FeedbackInput{Usefulness: 4, Respect: 5})
		},
	} {
		if _, err := work(); !errors.Is(err, exchange.ErrPaused) {
			t.Errorf("%s on a paused exchange: got %v, want ErrPaused", name, err)
		}
	}
	if n := len(s.Notifications(ctx, "lead-m")); n != 3 {
		t.Errorf("the suspended mentor's lead has %d notifications, want the 3 proposals received only", n)
	}
	before := len(s.Notifications(ctx, "lead-e"))
	if err := s.FollowStatus(ctx, "m"); err != nil {
		t.Fatal(err)
	}
	if after := len(s.Notifications(ctx, "lead-e")); after != before {
		t.Errorf("following the same status again told lead-e %d more times", after-before)
	}
	round, err := s.RunRound(ctx, "", matching.ModeOptimal, exchange.RoundRules{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range round.Proposals {
		if p.Mentor == "m" {
			t.Errorf("a round proposes the suspended mentor: %+v", p)
		}
	}

	o.setStatus("m", org.StatusApproved)
	if err := s.FollowStatus(ctx, "m"); err != nil {
		t.Fatal(err)
	}
	if x := must(s.AddGoal(ctx, "e", run.ID, "lead-e", "Plan outreach")); x.Paused || !x.Running() || x.State != exchange.StateActive {
		t.Errorf("after re-approval: %+v, want running and active", x)
	}

	o.setStatus("e", org.StatusSuspended)
	if err := s.FollowStatus(ctx, "e"); err != nil {
		t.Fatal(err)
	}
	r, _, err := s.Request(ctx, "e", rOpen.ID)
	if err != nil || r.State != exchange.StateCancelled || r.Reason != exchange.ReasonSuspended {
		t.Errorf("open request of the suspended organisation: %+v %v, want cancelled organisation_suspended", r, err)
	}
	if x := must(s.Exchange(ctx, "e", toM2.ID)); x.State != exchange.StateCancelled || x.Reason != exchange.ReasonSuspended {
		t.Errorf("its pending proposal: %s %s, want cancelled organisation_suspended", x.State, x.Reason)
	}
	if !toldOf(s, "lead-m2", toM2.ID, exchange.KindProposalWithdrawn, exchange.ReasonSuspended) {
		t.Errorf("mentor lead not told proposal_withdrawn (organisation_suspended): %+v", s.Notifications(ctx, "lead-m2"))
	}
	if x := must(s.Exchange(ctx, "m", run.ID)); !x.Paused {
		t.Errorf("exchange after the requester's suspension: %+v, want paused", x)
	}
	if _, err := s.TickGoal(ctx, "m", run.ID, must(s.Exchange(ctx, "m", run.ID)).Goals[0].ID, "lead-m", true); !errors.Is(err, exchange.ErrPaused) {
		t.Errorf("mentor ticks a goal of the paused exchange: got %v, want ErrPaused", err)
	}
	// A request of an organisation that is not approved is never matched or accepted, even
	// one that nothing withdrew (stored before the rule).
	left := request("e2")
	stale := must(s.Send(ctx, "e2", left.ID, "m2"))
	o.setStatus("e2", org.StatusSuspended)
	if _, err := s.Accept(ctx, "m2", stale.ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("accepting a proposal of a suspended organisation: got %v, want ErrNotFound", err)
	}
	if _, err := s.Suggestions(ctx, "e2", left.ID, 10); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("suggestions for a suspended organisation: got %v, want ErrNotFound", err)
	}
	if round, err = s.RunRound(ctx, "", matching.ModeStable, exchange.RoundRules{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range round.Proposals {
		if p.RequestOrg == "e" || p.RequestOrg == "e2" {
			t.Errorf("a round proposes a request of a suspended organisation: %+v", p)
		}
	}

	o.setStatus("e", org.StatusApproved)
	if err := s.FollowStatus(ctx, "e"); err != nil {
		t.Fatal(err)
	}
	if x := must(s.Exchange(ctx, "m", run.ID)); x.Paused {
		t.Errorf("exchange after the requester's re-approval: %+v, want resumed", x)
	}
	// Its withdrawn request gave its place back: 5 open requests fit again.
	for range exchange.MaxOpenRequests {
		request("e")
	}
}

// TestFollowStatusShared: a pause made on one instance is told to the others and read by
// them: the other instance refuses work on the paused exchange.
func TestFollowStatusShared(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(1))
	o.add("e", emerging())
	a, b, toldA := sharedPair(t, o)
	r, err := a.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	x, err := a.Send(ctx, "e", r.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Accept(ctx, "m", x.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.Refresh(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	toldA.mu.Lock()
	toldA.requests = nil
	toldA.mu.Unlock()
	o.setStatus("m", org.StatusSuspended)
	if err := a.FollowStatus(ctx, "m"); err != nil {
		t.Fatal(err)
	}
	if !toldA.has(&toldA.requests, r.ID) {
		t.Fatal("the pause was not told to the other instances")
	}
	if err := b.Refresh(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Exchange(ctx, "e", x.ID); err != nil || !got.Paused {
		t.Fatalf("the other instance reads %+v %v, want paused", got, err)
	}
	if _, err := b.AddGoal(ctx, "e", x.ID, "lead-e", "Plan"); !errors.Is(err, exchange.ErrPaused) {
		t.Errorf("work through the other instance: got %v, want ErrPaused", err)
	}
}

// TestRepair: statuses that changed without FollowStatus (a crash in between) are followed
// by Repair at the next start, and Repair with nothing out of line changes nothing.
func TestRepair(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(2))
	o.add("e", emerging())
	s, _, st := newService(t, o)
	run, err := s.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.Send(ctx, "e", run.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Accept(ctx, "m", x.ID); err != nil {
		t.Fatal(err)
	}
	open, err := s.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	pending, err := s.Send(ctx, "e", open.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Repair(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Exchange(ctx, "e", pending.ID); got.State != exchange.StateProposed {
		t.Fatalf("repair with everything in line changed a proposal to %s", got.State)
	}

	o.setStatus("m", org.StatusSuspended) // and the process ends before it follows
	restarted, err := exchange.NewService(ctx, st, o, exchange.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := restarted.Repair(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := restarted.Exchange(ctx, "e", x.ID); !got.Paused {
		t.Errorf("after repair the exchange with a suspended mentor is %+v, want paused", got)
	}
	if got, _ := restarted.Exchange(ctx, "e", pending.ID); got.State != exchange.StateCancelled || got.Reason != exchange.ReasonSuspended {
		t.Errorf("after repair the proposal to a suspended mentor is %s (%s), want cancelled (organisation_suspended)", got.State, got.Reason)
	}
	o.setStatus("m", org.StatusApproved)
	if err := restarted.Repair(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := restarted.Exchange(ctx, "e", x.ID); got.Paused {
		t.Errorf("after repair the exchange with a re-approved mentor is %+v, want resumed", got)
	}
}
