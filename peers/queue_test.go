package peers

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"testing"
)

// handBus hands what the test publishes straight to the one subscriber.
type handBus struct {
	mu        sync.Mutex
	apply     func([]byte)
	cancelled bool
}

func (b *handBus) PublishControl(_ context.Context, event []byte) error {
	b.mu.Lock()
	apply := b.apply
	b.mu.Unlock()
	apply(event)
	return nil
}

func (b *handBus) SubscribeControl(apply func([]byte)) (func(), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.apply = apply
	return func() { b.mu.Lock(); b.cancelled = true; b.mu.Unlock() }, nil
}

func (b *handBus) subscribed() (yes, cancelled bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.apply != nil, b.cancelled
}

// Keys queued before the worker runs are done in one round, each once; an event the bus
// cannot decode is dropped; the subscription ends with ctx.
func TestQueue(t *testing.T) {
	bus := &handBus{}
	q := newQueue[string]()
	q.add("a")
	q.add("a", "b")
	q.add()
	var applied []Event
	rounds := make(chan []string, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.serve(ctx, bus, discard(), func(e Event) { applied = append(applied, e) }, func(keys map[string]bool) {
			rounds <- slices.Sorted(maps.Keys(keys))
		})
	}()
	if got := <-rounds; !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("first round: got %q, want [a b]", got)
	}
	eventually(t, "the subscription", func() bool { yes, _ := bus.subscribed(); return yes })

	_ = bus.PublishControl(ctx, []byte(`not json`))
	_ = publish(ctx, bus, Event{Kind: KindRoomChanged, Room: "r1"})
	if want := []Event{{Kind: KindRoomChanged, Room: "r1"}}; !slices.Equal(applied, want) {
		t.Errorf("applied %+v, want %+v", applied, want)
	}

	q.add()
	if got := <-rounds; len(got) != 0 {
		t.Errorf("a round without keys: got %q", got)
	}
	cancel()
	<-done
	if _, cancelled := bus.subscribed(); !cancelled {
		t.Error("the subscription outlived serve")
	}
}

// The events' JSON is what instances of the release before read and write: an instance
// of each may share the bus during an upgrade.
func TestEventWire(t *testing.T) {
	tests := []struct {
		e    Event
		want string
	}{
		{Event{Kind: KindSessionEnded, User: "u1", Session: "s1"}, `{"kind":"session_ended","user":"u1","session":"s1"}`},
		{Event{Kind: KindRolesChanged}, `{"kind":"roles_changed","user":""}`},
		{Event{Kind: KindRoomRemoved, User: "u1", Room: "r1"}, `{"kind":"room_removed","user":"u1","room":"r1"}`},
		{Event{Kind: KindOrgChanged, Org: "o1"}, `{"kind":"org_changed","user":"","org":"o1"}`},
		{Event{Kind: KindExchangeChanged, Request: "q1"}, `{"kind":"exchange_changed","user":"","request":"q1"}`},
		{Event{Kind: KindRoundChanged, Round: "m1"}, `{"kind":"round_changed","user":"","round":"m1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.e.Kind, func(t *testing.T) {
			got, err := json.Marshal(tt.e)
			if err != nil || string(got) != tt.want {
				t.Errorf("got %s (%v), want %s", got, err, tt.want)
			}
		})
	}
}
