package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/cascade-platform/cascade/chat"
)

// controlQueue collects work that control events from other instances ask for, on the
// bus's goroutine, which must not block, and hands it to a worker off it, all at once:
// what arrives while the worker works is done together by its next round, and a key
// that comes twice is done once.
type controlQueue[K comparable] struct {
	mu   sync.Mutex
	keys map[K]bool
	kick chan struct{}
}

func newControlQueue[K comparable]() *controlQueue[K] {
	return &controlQueue[K]{keys: map[K]bool{}, kick: make(chan struct{}, 1)}
}

// add queues keys (none: a round of work without any) and wakes the worker.
func (q *controlQueue[K]) add(keys ...K) {
	q.mu.Lock()
	for _, k := range keys {
		q.keys[k] = true
	}
	q.mu.Unlock()
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

// serve subscribes apply to bus and calls work with each round's keys until ctx ends.
// Without a bus (one instance) it returns at once.
func (q *controlQueue[K]) serve(ctx context.Context, bus controlBus, log *slog.Logger, apply func(chat.Control), work func(map[K]bool)) {
	if bus == nil {
		return
	}
	cancel, err := bus.SubscribeControl(apply)
	if err != nil {
		log.Error("control: subscribe", "err", err)
		return
	}
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case <-q.kick:
		}
		q.mu.Lock()
		keys := q.keys
		q.keys = map[K]bool{}
		q.mu.Unlock()
		work(keys)
	}
}
