package main

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
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
