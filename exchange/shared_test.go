package exchange_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/matching"
	"github.com/cascade-platform/cascade/store/storetest"
)

// told records what a service tells the other instances.
type told struct {
	mu                      sync.Mutex
	requests, rounds, notes []string
}

func (c *told) RequestChanged(_ context.Context, id string) { c.add(&c.requests, id) }
func (c *told) RoundChanged(_ context.Context, id string)   { c.add(&c.rounds, id) }
func (c *told) NotesChanged(_ context.Context, id string)   { c.add(&c.notes, id) }

func (c *told) add(to *[]string, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*to = append(*to, id)
}

func (c *told) has(list *[]string, id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Contains(*list, id)
}

// sharedPair returns two services on one real database, as two instances.
func sharedPair(t *testing.T, o *orgs) (a, b *exchange.Service, toldA *told) {
	t.Helper()
	db := storetest.NewDB(t)
	var svc [2]*exchange.Service
	toldA = &told{}
	for i := range svc {
		s, err := exchange.NewService(context.Background(), db, o, exchange.Options{})
		if err != nil {
			t.Fatal(err)
		}
		svc[i] = s
	}
	svc[0].OnChange(toldA)
	svc[1].OnChange(&told{})
	return svc[0], svc[1], toldA
}

// TestSharedStore: requests and exchanges made on one instance are read through on the
// other by id at once and show in its lists after Refresh; a change on a stale copy keeps
// the other instance's newer work; rounds and notifications follow.
func TestSharedStore(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m", established(2))
	o.add("e", emerging())
	a, b, toldA := sharedPair(t, o)

	r, err := a.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Request(ctx, "e", r.ID); err != nil {
		t.Fatalf("read through a request made on the other instance: %v", err)
	}
	x, err := a.Send(ctx, "e", r.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if !toldA.has(&toldA.requests, r.ID) || !toldA.has(&toldA.notes, "lead-m") {
		t.Errorf("sending told requests %v and notes %v, want %s and lead-m", toldA.requests, toldA.notes, r.ID)
	}
	if len(b.Proposals(ctx, "m")) != 0 {
		t.Fatal("the other instance lists the proposal before Refresh; the test needs it stale")
	}
	if err := b.Refresh(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if ps := b.Proposals(ctx, "m"); len(ps) != 1 || ps[0].ID != x.ID {
		t.Fatalf("after Refresh the mentor's proposals are %+v, want %s", ps, x.ID)
	}

	// Accepted on b; a's copy still says proposed until Refresh.
	if _, err := b.Accept(ctx, "m", x.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Exchange(ctx, "e", x.ID); got.State != exchange.StateProposed {
		t.Fatalf("before Refresh a has %s; the test needs it stale", got.State)
	}
	if err := a.Refresh(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Exchange(ctx, "e", x.ID); got.State != exchange.StateAccepted {
		t.Errorf("after Refresh a has %s, want accepted", got.State)
	}
	if got, _, _ := a.Request(ctx, "e", r.ID); got.State != exchange.StateAccepted {
		t.Errorf("after Refresh a's request is %s, want accepted", got.State)
	}

	// a adds a goal; b, not refreshed, logs a session: the goal must stay.
	if _, err := a.AddGoal(ctx, "e", x.ID, "lead-e", "Plan outreach in two districts"); err != nil {
		t.Fatal(err)
	}
	got, err := b.LogSession(ctx, "m", x.ID, "lead-m", exchange.SessionInput{Date: "2026-03-10", DurationMinutes: 90, Format: "online_mentoring"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Goals) != 1 || len(got.Sessions) != 1 || got.State != exchange.StateActive {
		t.Errorf("a session logged on a stale copy: %d goals, %d sessions, %s; want 1, 1, active", len(got.Goals), len(got.Sessions), got.State)
	}

	// An exchange made on a is found by id on b at once.
	r2, err := a.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	x2, err := a.Send(ctx, "e", r2.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Decline(ctx, "m", x2.ID, exchange.ReasonTiming, ""); err != nil {
		t.Errorf("decline on the other instance at once: %v", err)
	}

	// Notifications: one made on a is marked read on b, which reads it through.
	notes := a.Notifications(ctx, "lead-m")
	if len(notes) == 0 {
		t.Fatal("the mentor lead has no notifications on a")
	}
	if err := b.MarkRead(ctx, "lead-m", notes[0].ID); err != nil {
		t.Errorf("mark read on the other instance: %v", err)
	}
	if err := a.RefreshNotes(ctx, "lead-m"); err != nil {
		t.Fatal(err)
	}
	if n := a.Notifications(ctx, "lead-m"); !n[0].Read || len(n) != len(notes) {
		t.Errorf("after RefreshNotes a has %d notifications, newest read %v; want %d, read", len(n), n[0].Read, len(notes))
	}

	// Rounds: run on a, read through on b; published on a, b refuses to publish it again.
	if _, err := a.CancelRequest(ctx, "e", r2.ID, exchange.ReasonOther, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateRequest(ctx, "e", "lead-e", input()); err != nil {
		t.Fatal(err)
	}
	round, err := a.RunRound(ctx, "", matching.ModeStable, exchange.RoundRules{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.Round(ctx, round.ID); err != nil || got.State != exchange.RoundDraft {
		t.Fatalf("read through a round on the other instance: %+v, %v", got, err)
	}
	if _, _, err := a.PublishRound(ctx, round.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.PublishRound(ctx, round.ID); !errors.Is(err, exchange.ErrInvalidTransition) {
		t.Errorf("publishing on the other instance again: got %v, want ErrInvalidTransition", err)
	}
	if err := b.RefreshRound(ctx, round.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Round(ctx, round.ID); got.State != exchange.RoundPublished {
		t.Errorf("after RefreshRound b has the round %s, want published", got.State)
	}
	if !toldA.has(&toldA.rounds, round.ID) {
		t.Errorf("rounds told %v, want %s", toldA.rounds, round.ID)
	}
}

// TestOneInstanceStaysInMemory: without OnChange a service is the only writer and reads
// only its memory.
func TestOneInstanceStaysInMemory(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("e", emerging())
	db := storetest.NewDB(t)
	a, err := exchange.NewService(ctx, db, o, exchange.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := exchange.NewService(ctx, db, o, exchange.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.CreateRequest(ctx, "e", "lead-e", input())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Request(ctx, "e", r.ID); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("Request on a service without OnChange: got %v, want ErrNotFound from memory", err)
	}
}
