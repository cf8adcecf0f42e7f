package exchange_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/exchange"
)

// TestRepairClaims: the claims a crash leaves behind are deleted at start, and those a
// running exchange or an open request lacks are inserted again, so places follow the
// exchanges: a mentor whose only place a stale claim took can accept again, and a mentor
// whose running exchange lost its claim cannot take a second one.
func TestRepairClaims(t *testing.T) {
	ctx := context.Background()
	o := &orgs{}
	o.add("m1", established(1)) // runs x1; its claim is lost
	o.add("m2", established(1)) // its place is taken by stale claims
	for _, e := range []string{"e1", "e2", "e3"} {
		o.add(e, emerging())
	}
	s, clk, st := newService(t, o)
	propose := func(orgID, mentor string) exchange.Exchange {
		t.Helper()
		r, err := s.CreateRequest(ctx, orgID, "lead-"+orgID, input())
		if err != nil {
			t.Fatal(err)
		}
		x, err := s.Send(ctx, orgID, r.ID, mentor)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	x1 := propose("e1", "m1")
	waiting := propose("e3", "m1") // sent while m1 had a free place
	if _, err := s.Accept(ctx, "m1", x1.ID); err != nil {
		t.Fatal(err)
	}
	x2 := propose("e2", "m2")
	if _, err := s.Accept(ctx, "m2", x2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelExchange(ctx, "e2", x2.ID, exchange.ReasonTiming, ""); err != nil {
		t.Fatal(err)
	}
	old := clk.Now()
	// What a crash leaves: m2's place claimed for the cancelled x2 and for an exchange
	// never stored; e3's open-request slot for a request never stored; x1's claim lost.
	for _, c := range []exchange.Claim{
		{Kind: exchange.ClaimCapacity, Owner: "m2", Slot: 0, Holder: x2.ID, At: old},
		{Kind: exchange.ClaimCapacity, Owner: "m2", Slot: 1, Holder: "never-stored", At: old},
		{Kind: exchange.ClaimOpenRequest, Owner: "e3", Slot: 3, Holder: "never-stored", At: old},
	} {
		if err := st.Claim(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Release(ctx, exchange.ClaimCapacity, x1.ID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Minute)
	// A claim a minute old may be another instance's change in progress: it stays.
	young := exchange.Claim{Kind: exchange.ClaimOpenRequest, Owner: "e3", Slot: 4, Holder: "in-progress", At: clk.Now()}
	if err := st.Claim(ctx, young); err != nil {
		t.Fatal(err)
	}

	restarted, err := exchange.NewService(ctx, st, o, exchange.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := restarted.RepairClaims(ctx)
	if err != nil || rep != (exchange.ClaimRepair{Deleted: 3, Restored: 1}) {
		t.Fatalf("repair: got %+v, %v; want 3 deleted, 1 restored", rep, err)
	}
	holders := func(kind exchange.ClaimKind) []string {
		t.Helper()
		cs, err := st.Claims(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Owner+"/"+c.Holder)
		}
		slices.Sort(out)
		return out
	}
	if got, want := holders(exchange.ClaimCapacity), []string{"m1/" + x1.ID}; !slices.Equal(got, want) {
		t.Errorf("capacity claims %v, want %v", got, want)
	}
	want := []string{"e3/in-progress", "e3/" + waiting.RequestID}
	slices.Sort(want)
	if got := holders(exchange.ClaimOpenRequest); !slices.Equal(got, want) {
		t.Errorf("open-request claims %v, want %v", got, want)
	}
	if rep, err := restarted.RepairClaims(ctx); err != nil || rep != (exchange.ClaimRepair{}) {
		t.Errorf("second repair: got %+v, %v; want nothing to do", rep, err)
	}

	s = restarted
	if _, err := s.Accept(ctx, "m2", propose("e2", "m2").ID); err != nil {
		t.Errorf("m2 accepts after the repair: %v", err)
	}
	if _, err := s.Accept(ctx, "m1", waiting.ID); !errors.Is(err, exchange.ErrNoCapacity) {
		t.Errorf("m1, full with x1, accepts another: got %v, want ErrNoCapacity", err)
	}
}
