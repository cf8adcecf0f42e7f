package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/rooms"
)

// sweepInterval keeps expired messages on disk at most about this long: the issue
// allows two minutes, and chat hides them from every read meanwhile.
const sweepInterval = 45 * time.Second

// retentions lists the rooms that keep messages for a limited time.
type retentions interface {
	Retentions() map[string]time.Duration
}

// expiredDeleter deletes a room's messages sent before a time, and scrubs the store's
// files of what it deleted (store.DB.Scrub).
type expiredDeleter interface {
	DeleteBefore(ctx context.Context, room string, before time.Time) (int64, error)
	Scrub(ctx context.Context) error
}

// messageSweeper physically deletes messages past their room's retention. The
// embedded store has no TTL indexes, and a TTL index could not follow per-room
// retention anyway (see store.DB.DeleteBefore).
type messageSweeper struct {
	rooms retentions
	store expiredDeleter
	now   func() time.Time
	log   *slog.Logger
}

// run sweeps on every tick until ctx ends.
func (s messageSweeper) run(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			s.sweep(ctx)
		}
	}
}

// sweep deletes every room's expired messages once, then scrubs the store's files of
// them (also of a room's last message, which DeleteBefore wipes without counting it);
// a failing room is retried next time.
func (s messageSweeper) sweep(ctx context.Context) {
	now := s.now()
	kept := s.rooms.Retentions()
	for room, keep := range kept {
		n, err := s.store.DeleteBefore(ctx, room, now.Add(-keep))
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("sweeping expired messages", "room", room, "err", err)
		case n > 0:
			s.log.Debug("swept expired messages", "room", room, "count", n)
		}
	}
	if len(kept) > 0 {
		if err := s.store.Scrub(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("scrubbing swept messages", "err", err)
		}
	}
}

// roomRetention tells chat how long a room keeps messages; it reads the rooms
// service's memory (the store only for a room this instance has not seen yet), so a
// retention change applies to the next read.
func roomRetention(list *rooms.Service) func(room string) time.Duration {
	return func(room string) time.Duration {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		r, err := list.Get(ctx, room)
		if err != nil {
			return 0
		}
		return r.Retention()
	}
}
