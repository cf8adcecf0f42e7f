package chat_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// instanceBroker is one instance's door to a broker shared by several hubs. cut makes it
// lose everything the instance publishes from then on, as when the instance dies (or is
// cut off) without a goodbye; deaf, everything published to it, as while its NATS
// connection is down. sets counts the presence sets it has delivered, last is the last,
// lastAt when it went (Unix nanoseconds).
type instanceBroker struct {
	chat.Broker
	cut    atomic.Bool
	deaf   atomic.Bool
	sets   atomic.Int64
	last   atomic.Pointer[chat.Presence]
	lastAt atomic.Int64

	mu   sync.Mutex
	subs map[*func(chat.Event)]string // this instance's subscribers, with their rooms
}

func (b *instanceBroker) Subscribe(room string, deliver func(chat.Event)) func() {
	key := &deliver
	b.mu.Lock()
	b.subs[key] = room
	b.mu.Unlock()
	cancel := b.Broker.Subscribe(room, func(ev chat.Event) {
		if !b.deaf.Load() {
			deliver(ev)
		}
	})
	return func() {
		b.mu.Lock()
		delete(b.subs, key)
		b.mu.Unlock()
		cancel()
	}
}

// reconnect tells this instance's rooms, and only them, that they may have missed
// events, as the NATS broker does after a reconnect.
func (b *instanceBroker) reconnect() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for deliver, room := range b.subs {
		(*deliver)(chat.Event{Room: room, Missed: true})
	}
}

func (b *instanceBroker) Publish(ctx context.Context, ev chat.Event) error {
	if b.cut.Load() {
		return nil
	}
	err := b.Broker.Publish(ctx, ev)
	if ev.Presence != nil {
		b.last.Store(ev.Presence)
		b.lastAt.Store(time.Now().UnixNano())
		b.sets.Add(1)
	}
	return err
}

// instances starts n hubs on one store and one in-process broker, as n instances
// sharing a database and NATS.
func instances(t *testing.T, n int, configure func(*chat.Config)) ([]*harness, []*instanceBroker) {
	t.Helper()
	st, bus := newMemStore(), chat.NewLocalBroker()
	hs, bs := make([]*harness, n), make([]*instanceBroker, n)
	for i := range n {
		bs[i] = &instanceBroker{Broker: bus, subs: make(map[*func(chat.Event)]string)}
		hs[i] = newHarness(t, st, func(c *chat.Config) {
			c.Broker = bs[i]
			if configure != nil {
				configure(c)
			}
		})
	}
	return hs, bs
}

// presenceView is what one client has been told about who is in a room: its joined
// snapshot with the presence frames since applied.
type presenceView struct {
	c      *client
	room   string
	online map[string]bool
}

// watch joins room and starts the client's view from the snapshot.
func watch(c *client, room string) (*presenceView, chat.ServerFrame) {
	c.t.Helper()
	j, _ := c.join(room, nil)
	v := &presenceView{c: c, room: room, online: map[string]bool{}}
	for _, u := range j.Present {
		v.online[u] = true
	}
	return v, j
}

// until applies presence frames until cond holds and returns them.
func (v *presenceView) until(what string, cond func(online map[string]bool) bool) []chat.ServerFrame {
	v.c.t.Helper()
	var frames []chat.ServerFrame
	for !cond(v.online) {
		f, err := v.c.read()
		if err != nil {
			v.c.t.Fatalf("%s: waiting until %s (view %v, frames %+v): %v", v.c.user, what, v.online, frames, err)
		}
		if f.Type != "presence" || f.Room != v.room {
			continue
		}
		frames = append(frames, f)
		for _, u := range f.Online {
			v.online[u] = true
		}
		for _, u := range f.Offline {
			delete(v.online, u)
		}
	}
	return frames
}

func has(users ...string) func(map[string]bool) bool {
	return func(online map[string]bool) bool {
		for _, u := range users {
			if !online[u] {
				return false
			}
		}
		return true
	}
}

func lacks(user string) func(map[string]bool) bool {
	return func(online map[string]bool) bool { return !online[user] }
}

// mentions reports whether any frame lists user as online (list "online") or offline.
func mentions(frames []chat.ServerFrame, list, user string) bool {
	return slices.ContainsFunc(frames, func(f chat.ServerFrame) bool {
		if list == "online" {
			return slices.Contains(f.Online, user)
		}
		return slices.Contains(f.Offline, user)
	})
}

// Every client sees the union over instances: a user is online while they have a socket
// in the room on any instance, and only net changes of the union are shown.
func TestPresenceAcrossInstances(t *testing.T) {
	hs, bs := instances(t, 2, func(c *chat.Config) { c.PresenceEvery = 20 * time.Millisecond })
	a, b := hs[0], hs[1]
	onA, _ := watch(a.dial("w"), "r")
	xa := a.dial("x")
	xa.join("r", nil)
	onA.until("x online on A", has("x"))
	waitFor(t, "A's set with w and x", func() bool {
		p := bs[0].last.Load()
		return p != nil && slices.Equal(p.Users, []string{"w", "x"})
	})

	// B loads the room now: A's set, published already, reaches it only if B asks.
	xb := b.dial("x")
	xb.join("r", nil) // before y: every set of B's that lists y lists x
	onB, _ := watch(b.dial("y"), "r")
	onB.until("B learns who is on A (w)", has("w", "x", "y"))
	if frames := onA.until("y (on B) online on A", has("y")); mentions(frames, "online", "x") {
		t.Errorf("A repeated x online when x joined on B too: %+v", frames)
	}

	if _, j := watch(a.dial("z"), "r"); !slices.Equal(j.Present, []string{"w", "x", "y", "z"}) {
		t.Errorf("joined on A: got present %v, want [w x y z] (y is on B only)", j.Present)
	}

	// x leaves A but stays on B; m joins A after, so A's next sets come after x's leave.
	xa.send(map[string]any{"type": "leave", "room": "r"})
	xa.next("left")
	a.dial("m").join("r", nil)
	for _, v := range []*presenceView{onA, onB} {
		if frames := v.until("m online", has("m")); mentions(frames, "offline", "x") {
			t.Errorf("%s: x shown offline while still on B: %+v", v.c.user, frames)
		}
	}

	// x's last socket anywhere closes.
	_ = xb.ws.Close()
	onA.until("x offline on A", lacks("x"))
	onB.until("x offline on B", lacks("x"))
}

// An instance that dies without a goodbye stops announcing; its users go offline
// elsewhere after a few missed announcements, and not before.
func TestPresenceDeadInstanceExpires(t *testing.T) {
	// Long enough that a loaded machine's scheduling stalls do not look like missed announcements.
	const every = 200 * time.Millisecond
	hs, bs := instances(t, 2, func(c *chat.Config) {
		c.PresenceEvery = 10 * time.Millisecond
		c.PresenceAnnounce = every
	})
	hs[0].dial("x").join("r", nil)
	onB, _ := watch(hs[1].dial("y"), "r")
	onB.until("x (on A) online on B", has("x", "y"))
	// Enough announcements that a set dropped after a fixed age would have gone.
	seen := bs[0].sets.Load()
	waitFor(t, "A's announcements", func() bool { return bs[0].sets.Load() >= seen+2*3+2 })
	bs[0].cut.Store(true)
	onB.until("x offline on B", lacks("x"))
	// x may go only after three missed announcements: measured from A's last one, not
	// from the cut, since a loaded machine may stall A's timer before the cut too.
	if d := time.Since(time.Unix(0, bs[0].lastAt.Load())); d < 2*every {
		t.Errorf("x went offline %v after A's last announcement, want ≥ %v: dropped while A still announced", d, 2*every)
	}
	if !onB.online["y"] {
		t.Errorf("y, on B, went offline with A's users: view %v", onB.online)
	}
}

// After its broker reconnects (Missed), an instance asks again: it learns the users who
// came while it heard nothing, with no announcement due for a long time.
func TestPresenceQueriedAfterReconnect(t *testing.T) {
	hs, bs := instances(t, 2, func(c *chat.Config) {
		c.PresenceEvery = 10 * time.Millisecond
		c.PresenceAnnounce = time.Hour
	})
	onB, _ := watch(hs[1].dial("y"), "r")
	bs[1].deaf.Store(true)
	hs[0].dial("x").join("r", nil)
	waitFor(t, "A's set with x, unheard by B", func() bool {
		p := bs[0].last.Load()
		return p != nil && slices.Contains(p.Users, "x")
	})
	bs[1].deaf.Store(false)
	bs[1].reconnect()
	onB.until("x (on A) online on B after the reconnect", has("x", "y"))
}
