package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/store/storetest"
)

type fixedRetentions map[string]time.Duration

func (f fixedRetentions) Retentions() map[string]time.Duration { return f }

// deletions records what the sweeper asked to delete.
type deletions struct {
	mu     sync.Mutex
	before map[string]time.Time
	done   chan struct{}
}

func (d *deletions) DeleteBefore(_ context.Context, room string, before time.Time) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.before[room] = before
	if len(d.before) == 2 {
		close(d.done)
	}
	return 1, nil
}

func (d *deletions) Scrub(context.Context) error { return nil }

func TestMessageSweeper(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	del := &deletions{before: map[string]time.Time{}, done: make(chan struct{})}
	s := messageSweeper{
		rooms: fixedRetentions{"day": 24 * time.Hour, "month": 30 * 24 * time.Hour},
		store: del,
		now:   func() time.Time { return now },
		log:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	ctx, cancel := context.WithCancel(t.Context())
	tick := make(chan time.Time)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s.run(ctx, tick)
	}()
	tick <- now
	<-del.done
	cancel()
	<-stopped
	want := map[string]time.Time{"day": now.Add(-24 * time.Hour), "month": now.Add(-30 * 24 * time.Hour)}
	for room, at := range want {
		if got := del.before[room]; !got.Equal(at) {
			t.Errorf("room %s: deleted before %v, want %v", room, got, at)
		}
	}
}

// The invite sweeper deletes, on each tick, the invites expired by the clock's time, used
// or not, with their claims; a valid invite and its claim stay.
func TestInviteSweeper(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := t.Context()
	clk := fakeclock.New()
	week := 7 * 24 * time.Hour
	invites := []struct {
		id      string
		expires time.Time
		used    bool
	}{
		{"expired-used", clk.Now().Add(time.Hour), true},
		{"expired", clk.Now().Add(time.Hour), false},
		{"valid-used", clk.Now().Add(week), true},
		{"valid", clk.Now().Add(week), false},
	}
	for i, inv := range invites {
		err := db.InsertInvite(ctx, org.Invite{ID: inv.id, OrgID: "o", Created: clk.Now(), Expires: inv.expires}, []byte{byte(i)})
		if err != nil {
			t.Fatal(err)
		}
		if inv.used {
			if err := db.ClaimInvite(ctx, inv.id, clk.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.Advance(2 * time.Hour)
	tick := make(chan time.Time)
	done := make(chan struct{})
	sweepCtx, cancel := context.WithCancel(ctx)
	go func() {
		defer close(done)
		sweepInvites(sweepCtx, db, clk.Now, tick, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	tick <- clk.Now()
	tick <- clk.Now() // taken only once the first sweep is over
	cancel()
	<-done

	left, err := db.InvitesOf(ctx, "o")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, inv := range left {
		got = append(got, fmt.Sprintf("%s used=%v", inv.ID, inv.Used))
	}
	slices.Sort(got)
	if want := []string{"valid used=false", "valid-used used=true"}; !slices.Equal(got, want) {
		t.Errorf("invites left %v, want %v", got, want)
	}
	// The expired invite's claim went with it; the valid one's stayed.
	if err := db.ClaimInvite(ctx, "expired-used", clk.Now()); err != nil {
		t.Errorf("claim of the swept used invite: got %v, want it gone", err)
	}
	if err := db.ClaimInvite(ctx, "valid-used", clk.Now()); !errors.Is(err, org.ErrConflict) {
		t.Errorf("claim of the valid used invite: got %v, want ErrConflict (still claimed)", err)
	}
}
