package exchange_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
)

// ForgetPerson takes a person out of every request and exchange they wrote into, in
// memory and in the store (a restart reads no trace of them), and leaves the other
// person's contributions and the text itself in place; their notifications go.
func TestForgetPerson(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(2))
	o.add("e", emerging())
	s, _, db := newService(t, o)
	r, _ := s.CreateRequest(ctx, "e", "lead-e", input())
	x, err := s.Send(ctx, "e", r.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Accept(ctx, "m", x.ID); err != nil {
		t.Fatal(err)
	}
	if x, err = s.AddGoal(ctx, "e", x.ID, "lead-e", "Plan outreach"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TickGoal(ctx, "m", x.ID, x.Goals[0].ID, "lead-m", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LogSession(ctx, "e", x.ID, "lead-e", exchange.SessionInput{Date: "2026-03-10", DurationMinutes: 90, Format: "online_mentoring"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Complete(ctx, "e", x.ID, "lead-e", exchange.FeedbackInput{Usefulness: 4, Respect: 5, Learned: "Mapping."}); err != nil {
		t.Fatal(err)
	}
	if len(s.Notifications(ctx, "lead-e")) == 0 {
		t.Fatal("the lead should have notifications to forget")
	}

	if err := s.ForgetPerson(ctx, "lead-e"); err != nil {
		t.Fatal(err)
	}
	reloaded, err := exchange.NewService(ctx, db, o, exchange.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, svc := range map[string]*exchange.Service{"in memory": s, "after a restart": reloaded} {
		req, xs, err := svc.Request(ctx, "e", r.ID)
		if err != nil || len(xs) != 1 {
			t.Fatalf("%s: request %v, %d exchanges", name, err, len(xs))
		}
		data, _ := json.Marshal(struct {
			R exchange.Request
			X exchange.Exchange
		}{req, xs[0]})
		if strings.Contains(string(data), "lead-e") {
			t.Errorf("%s: the forgotten person is still named: %s", name, data)
		}
		if got := xs[0]; got.Goals[0].DoneBy != "lead-m" || got.Goals[0].Text != "Plan outreach" || got.RequesterFeedback == nil || got.RequesterFeedback.Learned != "Mapping." {
			t.Errorf("%s: the exchange lost what stays: %+v", name, got)
		}
	}
	if n := s.Notifications(ctx, "lead-e"); len(n) != 0 {
		t.Errorf("notifications in memory: %d, want none", len(n))
	}
}
