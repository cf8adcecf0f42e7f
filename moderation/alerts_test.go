package moderation_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store/storetest"
)

// fakeAlerts records the alerts a service sends, as "filed r…" and "waiting r…".
type fakeAlerts struct {
	mu  sync.Mutex
	got []string
}

func (f *fakeAlerts) ReportFiled(_ context.Context, id string)   { f.add("filed " + id) }
func (f *fakeAlerts) ReportWaiting(_ context.Context, id string) { f.add("waiting " + id) }

func (f *fakeAlerts) add(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, s)
}

// take returns the alerts recorded since the last call.
func (f *fakeAlerts) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.got
	f.got = nil
	return out
}

// TestReportAlerts: filing a report alerts once; a report still open after 24 h alerts once
// more, from whichever of two instances sweeping at once takes the claim, and never again —
// not on later sweeps, not from an instance started afterwards; a report resolved in time
// and one younger than 24 h do not.
func TestReportAlerts(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	clock := fakeclock.New()
	alertsA, alertsB := &fakeAlerts{}, &fakeAlerts{}
	a := newAlertingInstance(t, db, clock.Now, alertsA)
	b := newAlertingInstance(t, db, clock.Now, alertsB)
	if _, err := db.InsertBatch(ctx, []chat.Message{{ID: "m1", Room: "s1", Seq: 1, Author: "u2", ClientID: "c", Body: "hi", Sent: clock.Now()}}); err != nil {
		t.Fatal(err)
	}
	file := func() string {
		t.Helper()
		r, err := a.svc.Report(ctx, "u1", "s1", moderation.ReportInput{Seq: 1, Reason: moderation.ReasonSpam})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	// sweep runs both instances' sweeps at once and returns every alert they sent.
	sweep := func(ins ...*instance) []string {
		t.Helper()
		var wg sync.WaitGroup
		errs := make([]error, len(ins))
		for i, in := range ins {
			wg.Go(func() { errs[i] = in.svc.AlertWaiting(ctx) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got := append(alertsA.take(), alertsB.take()...)
		slices.Sort(got)
		return got
	}

	open, resolved := file(), file()
	if got, want := alertsA.take(), []string{"filed " + open, "filed " + resolved}; !slices.Equal(got, want) {
		t.Fatalf("filing two reports: got %v, want %v", got, want)
	}
	if _, err := b.svc.Resolve(ctx, "mod", "", resolved, moderation.StatusDismissed, ""); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	younger := file()
	alertsA.take()

	clock.Advance(23 * time.Hour) // the first two are exactly 24 h old: not more
	if got := sweep(a, b); len(got) != 0 {
		t.Fatalf("at 24 h: got %v, want no alert", got)
	}
	clock.Advance(time.Minute)
	if got, want := sweep(a, b), []string{"waiting " + open}; !slices.Equal(got, want) {
		t.Fatalf("after 24 h, two instances sweeping: got %v, want %v", got, want)
	}
	if got := sweep(a, b); len(got) != 0 {
		t.Fatalf("sweeping again: got %v, want no alert", got)
	}
	restarted := newAlertingInstance(t, db, clock.Now, alertsB)
	if got := sweep(restarted); len(got) != 0 {
		t.Fatalf("an instance started afterwards: got %v, want no alert", got)
	}
	clock.Advance(time.Hour)
	if got, want := sweep(a, b, restarted), []string{"waiting " + younger}; !slices.Equal(got, want) {
		t.Fatalf("the younger report after 24 h: got %v, want %v", got, want)
	}
}
