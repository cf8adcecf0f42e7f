package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"time"
)

// ReadMarker says that User has read Room up to Seq.
type ReadMarker struct {
	Room, User string
	Seq        int64
}

// MarkerStore keeps read markers, one per (room, user) under a unique index.
type MarkerStore interface {
	// ReadMarkers returns the room's markers by user.
	ReadMarkers(ctx context.Context, room string) (map[string]int64, error)
	// SaveReadMarkers stores each marker unless the stored one is already as high.
	SaveReadMarkers(ctx context.Context, marks []ReadMarker) error
}

type markerKey struct{ room, user string }

// markerBook coalesces marker writes: a read frame only updates memory; the book writes
// what changed at most every MarkerEvery, when a connection leaves a room, and on Close.
// A reader sending a marker per message thus costs the store one write per few seconds.
type markerBook struct {
	st      MarkerStore
	every   time.Duration
	log     func(err error)
	mu      sync.Mutex
	pending map[markerKey]int64
	wake    chan struct{}
	stop    chan struct{}
	stopped sync.Once
	done    chan struct{}
}

func newMarkerBook(st MarkerStore, every time.Duration, log func(error)) *markerBook {
	return &markerBook{
		st: st, every: every, log: log, pending: make(map[markerKey]int64),
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
}

// set records a marker that moved forward, to be written with the next flush.
func (b *markerBook) set(room, user string, seq int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := markerKey{room, user}
	b.pending[k] = max(b.pending[k], seq)
}

// overlay raises marks, loaded from the store, to the markers not yet written.
func (b *markerBook) overlay(room string, marks map[string]int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, seq := range b.pending {
		if k.room == room && seq > marks[k.user] {
			marks[k.user] = seq
		}
	}
}

// flushSoon asks for a write now (a connection left); requests coalesce.
func (b *markerBook) flushSoon() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// run writes pending markers until close; ctx bounds the writes.
func (b *markerBook) run(ctx context.Context, timeout time.Duration) {
	defer close(b.done)
	tick := time.NewTicker(b.every)
	defer tick.Stop()
	for {
		select {
		case <-b.stop:
			b.flush(ctx, timeout)
			return
		case <-tick.C:
		case <-b.wake:
		}
		b.flush(ctx, timeout)
	}
}

func (b *markerBook) flush(ctx context.Context, timeout time.Duration) {
	b.mu.Lock()
	if len(b.pending) == 0 {
		b.mu.Unlock()
		return
	}
	marks := make([]ReadMarker, 0, len(b.pending))
	for k, seq := range b.pending {
		marks = append(marks, ReadMarker{Room: k.room, User: k.user, Seq: seq})
	}
	b.pending = make(map[markerKey]int64)
	b.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := b.st.SaveReadMarkers(ctx, marks); err != nil {
		b.log(err)
		for _, m := range marks { // keep them for the next flush
			b.set(m.Room, m.User, m.Seq)
		}
	}
}

// close writes what is pending and ends run; the hub may be closed more than once.
func (b *markerBook) close() {
	b.stopped.Do(func() { close(b.stop) })
	<-b.done
}

// markRead moves userID's marker in the room forward, never past the last known seq.
// Caller holds r.mu.
func (r *room) markRead(userID string, seq int64) {
	seq = min(seq, r.tail.last())
	if seq <= r.marks[userID] {
		return
	}
	r.marks[userID] = seq
	if b := r.hub.marks; b != nil {
		b.set(r.id, userID, seq)
	}
}

// unread returns userID's marker and how many messages by others after it are in the
// tail; more is true when the marker is older than the tail, so the count is a floor.
// Caller holds r.mu.
func (r *room) unread(userID string) (marker int64, n int, more bool) {
	marker = r.marks[userID]
	r.tail.expire(r.hub.cutoff(r.id))
	recs, ok := r.tail.after(marker)
	if !ok {
		recs, more = r.tail.recs, true
	}
	for _, m := range recs {
		if m.Kind == KindMessage && !m.Deleted && m.Author != userID && m.Seq > marker {
			n++
		}
	}
	return marker, n, more
}

// loadMarkers reads the room's markers, raised to those not yet written.
func (r *room) loadMarkers(ctx context.Context) (map[string]int64, error) {
	b := r.hub.marks
	if b == nil {
		return make(map[string]int64), nil
	}
	marks, err := b.st.ReadMarkers(ctx, r.id)
	if err != nil {
		return nil, err
	}
	if marks == nil {
		marks = make(map[string]int64)
	}
	b.overlay(r.id, marks)
	return marks, nil
}

// read records that userID has read the room up to seq.
func (r *room) read(userID string, seq int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.markRead(userID, seq)
}

// closeMarkers writes the pending markers and stops the book.
func (h *Hub) closeMarkers() {
	if h.marks != nil {
		h.marks.close()
	}
}

var readFramePrefix = []byte(`{"type":"read",`)

// observe keeps the room's markers current with those moved on other instances, which
// publish a read frame for each (this instance's own are already applied). Caller
// holds r.mu.
func (r *room) observe(frame []byte) {
	if !bytes.HasPrefix(frame, readFramePrefix) {
		return
	}
	var f ServerFrame
	if json.Unmarshal(frame, &f) != nil || f.User == "" {
		return
	}
	r.marks[f.User] = max(r.marks[f.User], min(f.Seq, r.tail.last()))
}
