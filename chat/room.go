package chat

import (
	"context"
	"math"
	"sync"
)

// room is one active room of this process: its tail, its members on this process, and
// its writer (writer.go). It exists while connections have it joined or writes are
// pending; its goroutine removes it from the hub when both are gone.
type room struct {
	id    string
	hub   *Hub
	ready chan struct{} // closed once the tail is loaded (or failed to)
	err   error         // load failure; read only after ready
	refs  int           // joined connections; guarded by hub.mu

	mu      sync.Mutex
	tail    tail
	members map[*conn]*member
	users   map[string]int   // connections per user, for presence
	pres    presenceState    // other instances' users and what the members were told (presence.go)
	marks   map[string]int64 // read markers by user (markers.go)
	unsub   func()
	gap     gap     // seqs not yet delivered in order (gap.go)
	pace    fanPace // records waiting for the room's next send (fanout.go)

	w writeQueue
}

// member is one connection's subscription: sent is the highest seq already queued to it,
// so that a record replayed from the database is not delivered again live; slot is its
// group in the paced sweep (fanout.go).
type member struct {
	sent int64
	slot int
}

func newRoom(h *Hub, id string) *room {
	return &room{
		id: id, hub: h, ready: make(chan struct{}),
		members: make(map[*conn]*member), users: make(map[string]int), pres: newPresenceState(),
		w: writeQueue{wake: make(chan struct{}, 1)},
	}
}

// load reads the newest records into the tail and subscribes to the broker.
func (r *room) load() error {
	ctx, cancel := context.WithTimeout(r.hub.ctx, r.hub.cfg.StoreTimeout)
	defer cancel()
	// Unfiltered: expired records still tell the room's highest seq, which the next
	// record follows; the tail drops them before anything reads it.
	recs, err := r.hub.rawStore().Before(ctx, r.id, math.MaxInt64, r.hub.cfg.TailSize)
	if err != nil {
		return err
	}
	marks, err := r.loadMarkers(ctx)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.marks = marks
	r.tail = newTail(recs, r.hub.cfg.TailSize)
	r.w.next = r.tail.last() + 1
	r.gap.seen = r.tail.last()
	r.mu.Unlock()
	r.unsub = r.hub.broker.Subscribe(r.id, r.deliver)
	r.startPresence()
	return nil
}

// deliver takes an event from the broker: records go into the tail and to every member
// that has not had them; ephemeral frames go to every member; presence sets update the
// union the members are shown. It never blocks: a member whose queue is full is closed
// as a slow consumer.
func (r *room) deliver(ev Event) {
	if ev.Missed {
		r.resyncNow()
		r.mu.Lock()
		r.queryPresence() // sets may have been lost too
		r.mu.Unlock()
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case ev.Presence != nil:
		r.hearPresence(ev.Presence)
	case ev.Frame != nil:
		r.observe(ev.Frame)
		frame := wsText(ev.Frame)
		for c := range r.members {
			c.enqueue(frame)
		}
	default:
		r.fanOut(r.order(ev.Records, ev.Holes))
	}
}

// join subscribes c. With lastSeq it first replays every record after it, from the tail
// or else the store, or tells the client to reload when the gap is too large.
func (r *room) join(ctx context.Context, c *conn, lastSeq *int64) error {
	if lastSeq == nil {
		r.mu.Lock()
		r.admit(c, r.tail.last(), nil, false)
		r.mu.Unlock()
		return nil
	}
	from := *lastSeq
	r.mu.Lock()
	r.tail.expire(r.hub.cutoff(r.id))
	recs, ok := r.tail.after(from)
	if ok {
		r.admit(c, from, recs, false)
		r.mu.Unlock()
		return nil
	}
	r.mu.Unlock()

	// Too far back for the tail: read the gap without holding the room.
	limit := r.hub.cfg.MaxReplay
	db, err := r.hub.cfg.Store.Range(ctx, r.id, from, limit+1)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(db) > limit {
		r.admit(c, r.tail.last(), nil, true)
	} else {
		upTo := from
		if len(db) > 0 {
			upTo = db[len(db)-1].Seq
		}
		// Records stored after the read are in the tail, unless it has moved on past them.
		r.tail.expire(r.hub.cutoff(r.id))
		if more, ok := r.tail.after(upTo); ok {
			r.admit(c, from, append(db, more...), false)
		} else {
			r.admit(c, r.tail.last(), nil, true)
		}
	}
	return nil
}

// admit adds c as a member and queues joined plus the replay ahead of anything live.
// Caller holds r.mu.
func (r *room) admit(c *conn, from int64, recs []Message, reload bool) {
	sent := max(from, r.tail.last())
	frames := make([][]byte, 0, len(recs)+1)
	frames = append(frames, nil)
	for _, m := range recs {
		frames = append(frames, wsFrame(frameOf(m)))
		sent = max(sent, m.Seq)
	}
	marker, unread, atLeast := r.unread(c.user.ID)
	frames[0] = wsFrame(ServerFrame{
		Type: "joined", Room: r.id, Replayed: ptr(len(recs)), Reload: reload, LastSeq: ptr(sent), Present: r.present(c.user.ID),
		ReadSeq: ptr(marker), Unread: ptr(unread), AtLeast: atLeast,
	})
	m := &member{sent: sent}
	r.members[c] = m
	r.pace.add(c, m)
	c.enqueue(frames...)
	if r.users[c.user.ID]++; r.users[c.user.ID] == 1 {
		r.localPresence()
	}
}

// leave unsubscribes c.
func (r *room) leave(ctx context.Context, c *conn) {
	r.mu.Lock()
	m, ok := r.members[c]
	delete(r.members, c)
	if ok {
		r.pace.remove(c, m)
		if r.users[c.user.ID]--; r.users[c.user.ID] == 0 {
			delete(r.users, c.user.ID)
			r.localPresence()
		}
	}
	r.mu.Unlock()
	if ok && r.hub.marks != nil {
		r.hub.marks.flushSoon()
	}
}

// publishFrame sends an ephemeral frame to the room on every instance. Losing one is
// harmless, so a broker failure is only logged.
func (r *room) publishFrame(ctx context.Context, f ServerFrame) {
	if err := r.hub.broker.Publish(ctx, Event{Room: r.id, Frame: encode(f)}); err != nil {
		r.hub.log.Warn("chat: publish ephemeral", "room", r.id, "type", f.Type, "err", err)
	}
}

// run loads the room, then commits batches until the room is idle and unjoined.
func (r *room) run() {
	defer r.hub.wg.Done()
	if err := r.load(); err != nil {
		r.err = err
		r.hub.forget(r)
		close(r.ready)
		return
	}
	close(r.ready)
	for {
		if batch := r.w.take(); len(batch) > 0 {
			r.commit(batch)
			continue
		}
		if r.fillDue() {
			r.fill()
			continue
		}
		if r.retire() {
			return
		}
		<-r.w.wake
	}
}

// retire removes the room from the hub if nobody has it joined and no write is queued.
// Writes are only queued by members, so once it is unjoined none can arrive.
func (r *room) retire() bool {
	h := r.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.refs > 0 || r.w.pending() > 0 {
		return false
	}
	delete(h.rooms, r.id)
	r.unsub()
	r.stopFill()
	r.stopPace()
	r.stopPresence()
	return true
}
