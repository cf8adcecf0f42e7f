package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestExchangeRoundTrip(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	done := now.Add(time.Hour)
	x := exchange.Exchange{
		ID: "x1", RequestID: "r1", RequestOrg: "e", MentorOrg: "m", State: exchange.StateActive, Source: exchange.SourceLead,
		Score: 42.5, Points: []exchange.Point{{Criterion: "topics", Points: 42.5, Code: "topics_offered", Params: map[string]any{
			"offered": 1, "needed": 2, "topics": []any{map[string]any{"topic": "peer_outreach", "priority": 3, "level": 2}},
		}}},
		Goals:             []exchange.Goal{{ID: "g", Text: "t", AddedBy: "u", DoneBy: "u", DoneAt: &done}},
		Sessions:          []exchange.Session{{ID: "s", Date: "2026-03-02", DurationMinutes: 60, Format: "online_mentoring", LoggedBy: "u", Logged: now}},
		RequesterFeedback: &exchange.Feedback{By: "u", Usefulness: 4, Respect: 5, Learned: "l", Given: now},
		HostOrg:           "h", HostFor: "e", HostLink: "l1",
		Proposed: now, Updated: now,
	}
	for range 2 { // a second save replaces the first
		if err := db.SaveExchange(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	// Params come back as JSON-equal values (a list as bson.A, numbers as int32).
	got, err := db.Exchanges(ctx)
	if err != nil || len(got) != 1 || !sameJSON(t, got[0], x) || got[0].HostLink != x.HostLink {
		t.Errorf("got %+v, %v\nwant %+v", got, err, x)
	}
	r := exchange.Request{ID: "r1", OrgID: "e", State: exchange.StateOpen, Created: now, Updated: now,
		RequestInput: exchange.RequestInput{Needs: []exchange.Need{{Topic: "fundraising", Priority: 2}}, Goals: "g", Formats: []string{"study_visit"}, Languages: []string{"pt"}}}
	if err := db.SaveRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if reqs, err := db.Requests(ctx); err != nil || len(reqs) != 1 || !reflect.DeepEqual(reqs[0], r) {
		t.Errorf("requests: got %+v, %v, want %+v", reqs, err, r)
	}
	n := exchange.Notification{ID: "n1", UserID: "u", Kind: exchange.KindProposalReceived, OrgID: "m", ExchangeID: "x1", Created: now}
	if err := db.SaveNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	if ns, err := db.Notifications(ctx); err != nil || len(ns) != 1 || ns[0] != n {
		t.Errorf("notifications: got %+v, %v, want %+v", ns, err, n)
	}
}

// TestClaimIsAtomic: 50 concurrent claims of one slot give one winner; a release frees it.
func TestClaimIsAtomic(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for i := range errs {
		wg.Go(func() {
			errs[i] = db.Claim(ctx, exchange.Claim{Kind: exchange.ClaimCapacity, Owner: "m", Slot: 0, Holder: string(rune('A' + i))})
		})
	}
	wg.Wait()
	won, winner := 0, ""
	for i, err := range errs {
		switch {
		case err == nil:
			won++
			winner = string(rune('A' + i))
		case !errors.Is(err, exchange.ErrSlotTaken):
			t.Errorf("claim: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d winners, want 1", won)
	}
	if err := db.Release(ctx, exchange.ClaimCapacity, winner); err != nil {
		t.Fatal(err)
	}
	if err := db.Claim(ctx, exchange.Claim{Kind: exchange.ClaimCapacity, Owner: "m", Slot: 0, Holder: "Z"}); err != nil {
		t.Errorf("claim after release: %v", err)
	}
	if err := db.Claim(ctx, exchange.Claim{Kind: exchange.ClaimOpenRequest, Owner: "m", Slot: 0, Holder: "Y"}); err != nil {
		t.Errorf("same owner and slot of another kind: %v", err)
	}
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}
