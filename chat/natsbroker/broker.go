// Package natsbroker carries chat events between Cascade instances over core NATS: one
// subject per room for stored records and ephemeral frames, one for control events,
// which it carries without reading them (package peers writes and reads those).
// Core NATS delivers at most once, so rooms fill seq gaps from the store (chat/gap.go)
// and re-read it after a reconnect; this broker only tells them when that happened.
package natsbroker

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/cascade-platform/cascade/chat"
)

// ControlSubject carries control events to every instance.
const ControlSubject = "cascade.control"

// Options tune a Broker; zero values take the defaults.
type Options struct {
	Log           *slog.Logger  // default: discard
	ReconnectWait time.Duration // between reconnect attempts (500 ms)
}

// Broker is a chat.Broker over NATS. Events published here reach this process's
// subscribers at once, without a round trip, and still when NATS is down; other
// instances get them through NATS.
type Broker struct {
	nc    *nats.Conn
	local *chat.LocalBroker
	log   *slog.Logger

	mu    sync.Mutex
	rooms map[string]*roomSub
}

// roomSub is the one NATS subscription of a room with local subscribers.
type roomSub struct {
	sub *nats.Subscription
	n   int
}

// wire is what travels on a subject.
type wire struct {
	Event   *chat.Event     `json:"e,omitempty"`
	Control json.RawMessage `json:"c,omitempty"` // a JSON value, opaque here
}

var _ chat.Broker = (*Broker)(nil)

// Connect returns a Broker on the NATS server at url. It keeps trying to (re)connect for
// ever, so an instance can start while NATS is away; it returns an error only for a URL
// that cannot work.
func Connect(url string, opt Options) (*Broker, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.ReconnectWait <= 0 {
		opt.ReconnectWait = 500 * time.Millisecond
	}
	b := &Broker{local: chat.NewLocalBroker(), log: opt.Log, rooms: make(map[string]*roomSub)}
	nc, err := nats.Connect(url,
		nats.Name("cascade"),
		// This process delivers its own events locally; the server need not echo them.
		nats.NoEcho(),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(opt.ReconnectWait),
		nats.RetryOnFailedConnect(true),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			b.log.Warn("nats: disconnected", "err", err)
		}),
		// Anything published while this connection was away is lost to it: rooms re-read
		// the store. A first connection after a failed start is the same case.
		nats.ReconnectHandler(func(*nats.Conn) {
			b.log.Info("nats: reconnected")
			b.resync()
		}),
		nats.ConnectHandler(func(*nats.Conn) { b.resync() }),
	)
	if err != nil {
		return nil, fmt.Errorf("natsbroker: connect: %w", err)
	}
	b.nc = nc
	return b, nil
}

// Close ends the connection; subscribers get nothing more from other instances.
func (b *Broker) Close() { b.nc.Close() }

// Publish delivers ev to this process's subscribers, then sends it to the others. A
// failure to send is returned, but local delivery has happened and the record is stored:
// other instances catch up through gap fill.
func (b *Broker) Publish(ctx context.Context, ev chat.Event) error {
	_ = b.local.Publish(ctx, ev)
	data, err := json.Marshal(wire{Event: &ev})
	if err != nil {
		return fmt.Errorf("natsbroker: encode: %w", err)
	}
	if err := b.nc.Publish(roomSubject(ev.Room), data); err != nil {
		return fmt.Errorf("natsbroker: publish: %w", err)
	}
	return nil
}

// Subscribe registers deliver for room; the first subscriber of a room subscribes to its
// subject and waits (up to a second) until the server has it. deliver is first called
// with a Missed event, then on NATS's goroutine for the room; it must not block.
func (b *Broker) Subscribe(room string, deliver func(chat.Event)) func() {
	cancel := b.local.Subscribe(room, deliver)
	b.mu.Lock()
	rs := b.rooms[room]
	if rs == nil {
		rs = &roomSub{}
		sub, err := b.nc.Subscribe(roomSubject(room), b.receive)
		if err != nil {
			// Only a closed connection refuses: local delivery still works.
			b.log.Warn("nats: subscribe", "room", room, "err", err)
		}
		rs.sub = sub
		b.rooms[room] = rs
	}
	rs.n++
	first := rs.n == 1
	b.mu.Unlock()
	if first && b.nc.IsConnected() {
		// The server has the subscription once a round trip has passed.
		_ = b.nc.FlushTimeout(time.Second)
	}
	// Whatever was published before the subscription took effect is lost to it, and
	// nothing later may reveal the gap: the room reads the store once.
	deliver(chat.Event{Room: room, Missed: true})
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			b.mu.Lock()
			defer b.mu.Unlock()
			if rs.n--; rs.n == 0 {
				if rs.sub != nil {
					_ = rs.sub.Unsubscribe()
				}
				delete(b.rooms, room)
			}
		})
	}
}

func (b *Broker) receive(m *nats.Msg) {
	var w wire
	if err := json.Unmarshal(m.Data, &w); err != nil || w.Event == nil {
		b.log.Warn("nats: undecodable event", "subject", m.Subject)
		return
	}
	_ = b.local.Publish(context.Background(), *w.Event)
}

// resync tells every subscribed room that it may have missed events.
func (b *Broker) resync() {
	b.mu.Lock()
	rooms := make([]string, 0, len(b.rooms))
	for id := range b.rooms {
		rooms = append(rooms, id)
	}
	b.mu.Unlock()
	for _, id := range rooms {
		_ = b.local.Publish(context.Background(), chat.Event{Room: id, Missed: true})
	}
}

// PublishControl sends a control event, a JSON value, to the other instances; the caller
// applies it here itself.
func (b *Broker) PublishControl(_ context.Context, event []byte) error {
	data, err := json.Marshal(wire{Control: event})
	if err != nil {
		return fmt.Errorf("natsbroker: encode: %w", err)
	}
	if err := b.nc.Publish(ControlSubject, data); err != nil {
		return fmt.Errorf("natsbroker: publish control: %w", err)
	}
	return nil
}

// SubscribeControl calls apply, one at a time, for each control event (a JSON value)
// another instance publishes, until cancel is called.
func (b *Broker) SubscribeControl(apply func(event []byte)) (cancel func(), err error) {
	sub, err := b.nc.Subscribe(ControlSubject, func(m *nats.Msg) {
		var w wire
		if err := json.Unmarshal(m.Data, &w); err != nil || len(w.Control) == 0 {
			b.log.Warn("nats: undecodable control event")
			return
		}
		apply(w.Control)
	})
	if err != nil {
		return nil, fmt.Errorf("natsbroker: subscribe control: %w", err)
	}
	return func() { _ = sub.Unsubscribe() }, nil
}

// roomSubject is the room's subject. Room ids are tokens already; anything else is
// hex-encoded so that a dot or wildcard cannot reach other subjects.
func roomSubject(room string) string {
	for _, r := range room {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "cascade.room.x" + hex.EncodeToString([]byte(room))
		}
	}
	return "cascade.room." + room
}
