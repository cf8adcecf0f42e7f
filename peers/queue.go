package peers

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
)

// queue collects work that events from other instances ask for, on the
// bus's goroutine, which must not block, and hands it to a worker off it, all at once:
// what arrives while the worker works is done together by its next round, and a key
// that comes twice is done once.
type queue[K comparable] struct {
	mu   sync.Mutex
	keys map[K]bool
	kick chan struct{}
}

func newQueue[K comparable]() *queue[K] {
	return &queue[K]{keys: map[K]bool{}, kick: make(chan struct{}, 1)}
}

// add queues keys (none: a round of work without any) and wakes the worker.
func (q *queue[K]) add(keys ...K) {
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
func (q *queue[K]) serve(ctx context.Context, bus Bus, log *slog.Logger, apply func(Event), work func(map[K]bool)) {
	if bus == nil {
		return
	}
	cancel, err := bus.SubscribeControl(func(data []byte) {
		var e Event
		if err := json.Unmarshal(data, &e); err != nil {
			log.Warn("control: undecodable event", "err", err)
			return
		}
		apply(e)
	})
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
