package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/store/storetest"
)

// Messages past their room's retention are gone from the store's raw files at the first
// sweep after they expire, and the sweeps come every sweepInterval (under the two minutes
// promised): with a fake clock, a message sent a day ago in a one-day room leaves no byte
// of its text in the data folder after one sweep, and another room's stays.
func TestExpiredMessagesLeaveNoTrace(t *testing.T) {
	if sweepInterval > 2*time.Minute {
		t.Fatalf("sweepInterval %v: expired messages could stay on disk longer than 2 minutes", sweepInterval)
	}
	dir := storetest.Folder(t)
	db := storetest.NewDB(t)
	clock := fakeclock.New()
	old, older := canary("expired-"), canary("expired-last-")
	ctx := t.Context()
	put := func(seq int64, body string) {
		t.Helper()
		m := chat.Message{ID: canary("m"), Room: "r1", Seq: seq, Author: "u1", ClientID: canary("c"), Body: body, Sent: clock.Now()}
		if bad, err := db.InsertBatch(ctx, []chat.Message{m}); err != nil || len(bad) > 0 {
			t.Fatalf("insert: %v %v", bad, err)
		}
	}
	put(1, old)
	put(2, older)
	other := canary("other-room-")
	m := chat.Message{ID: canary("m"), Room: "r2", Seq: 1, Author: "u1", ClientID: "c", Body: other, Sent: clock.Now()}
	if _, err := db.InsertBatch(ctx, []chat.Message{m}); err != nil {
		t.Fatal(err)
	}
	if len(traces(t, dir, old, older)) != 2 {
		t.Fatalf("the data folder should hold the messages before they expire")
	}
	clock.Advance(24*time.Hour + sweepInterval)
	s := messageSweeper{rooms: fixedRetentions{"r1": 24 * time.Hour}, store: db, now: clock.Now, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s.sweep(ctx)
	if left := traces(t, dir, old, older); len(left) > 0 {
		t.Errorf("after a sweep the data folder still holds %v", left)
	}
	if len(traces(t, dir, other)) != 1 {
		t.Errorf("a room without retention lost its message")
	}
	if recs, err := db.Range(context.Background(), "r1", 0, 10); err != nil || len(recs) != 1 || recs[0].Body != "" || !recs[0].Deleted {
		t.Errorf("room r1 holds %+v (%v), want only its last seq, wiped", recs, err)
	}
}
