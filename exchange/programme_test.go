package exchange_test

import (
	"context"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
)

// TestProgrammeSharesNoChangingSlice: Programme's copies share their slices with the
// service, so those must never change in place: reading every goal and session while the
// exchange's goals are ticked and sessions logged races with nothing (run with -race),
// and a copy taken before a change keeps what it saw.
func TestProgrammeSharesNoChangingSlice(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("mentor", established(1))
	o.add("e", emerging())
	s, _, _ := newService(t, o)
	r, err := s.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.Send(ctx, "e", r.ID, "mentor")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Accept(ctx, "mentor", x.ID); err != nil {
		t.Fatal(err)
	}
	x, err = s.AddGoal(ctx, "e", x.ID, "lead-e", "Map the districts")
	if err != nil {
		t.Fatal(err)
	}
	goal := x.Goals[0].ID
	_, before := s.Programme(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 30 {
			if _, err := s.TickGoal(ctx, "e", x.ID, goal, "lead-e", i%2 == 0); err != nil {
				t.Error(err)
			}
			if _, err := s.LogSession(ctx, "mentor", x.ID, "lead-mentor", exchange.SessionInput{Date: "2026-05-04", DurationMinutes: 30, Format: "online_mentoring"}); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Go(func() {
		for range 200 {
			_, xs := s.Programme(ctx)
			for _, x := range xs {
				for _, g := range x.Goals {
					_ = g.DoneAt
				}
				for _, ses := range x.Sessions {
					_ = ses.DurationMinutes
				}
			}
		}
	})
	wg.Wait()
	for _, x := range before {
		if len(x.Sessions) != 0 || len(x.Goals) != 1 || x.Goals[0].DoneAt != nil {
			t.Errorf("a copy taken before changed: %+v", x)
		}
	}
	_, after := s.Programme(ctx)
	if len(after) != 1 || len(after[0].Sessions) != 30 {
		t.Errorf("got %+v, want the exchange with 30 sessions", after)
	}
}
