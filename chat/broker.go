package chat

import (
	"context"
	"sync"
)

// Event is what a Broker carries for one room: stored records (ascending seq), one
// ephemeral frame (typing, read marker) delivered as is, or one instance's presence.
type Event struct {
	Room    string
	Records []Message
	// Holes are seqs among the records' that the publisher knows stay empty (taken by a
	// send refused as a duplicate), so receivers do not wait for them.
	Holes []int64
	Frame []byte
	// Presence is who is in the room on the publishing instance (presence.go); rooms
	// turn the sets into presence frames, clients never see it as is.
	Presence *Presence
	// Missed tells the room the broker may have lost its events (a reconnect): it reads
	// what it missed from the store.
	Missed bool
}

// Broker fans events out to every subscriber of a room, in this process or (NATS) on
// other instances. Delivery is at most once and records may arrive out of order; a room
// that sees a seq gap fills it from the store, which is the truth.
type Broker interface {
	Publish(ctx context.Context, ev Event) error
	// Subscribe calls deliver for each event of room until cancel is called. deliver must
	// not block.
	Subscribe(room string, deliver func(Event)) (cancel func())
}

// LocalBroker is the in-process Broker: Publish delivers synchronously, so events of one
// publisher reach subscribers in publication order.
type LocalBroker struct {
	mu   sync.RWMutex
	subs map[string]map[*func(Event)]struct{}
}

// NewLocalBroker returns an empty in-process broker.
func NewLocalBroker() *LocalBroker {
	return &LocalBroker{subs: make(map[string]map[*func(Event)]struct{})}
}

// Publish delivers ev to the room's subscribers; it never fails.
func (b *LocalBroker) Publish(_ context.Context, ev Event) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for fn := range b.subs[ev.Room] {
		(*fn)(ev)
	}
	return nil
}

// Subscribe registers deliver for room.
func (b *LocalBroker) Subscribe(room string, deliver func(Event)) func() {
	key := &deliver
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[room] == nil {
		b.subs[room] = make(map[*func(Event)]struct{})
	}
	b.subs[room][key] = struct{}{}
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[room], key)
		if len(b.subs[room]) == 0 {
			delete(b.subs, room)
		}
	}
}
