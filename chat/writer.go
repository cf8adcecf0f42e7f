package chat

import (
	"context"
	"errors"
	"sync"
)

// request is one record waiting for the room's writer. done is called exactly once, from
// the writer goroutine, with the stored record (the original one for a duplicate
// client_id) or an error; it must not block.
type request struct {
	msg Message
	// checkDup asks for an early idempotency check of an edit or delete, whose
	// validation would otherwise refuse a retry of a change already applied.
	checkDup bool
	done     func(Message, error)
}

// writeQueue is what arrived while the last batch was being written. next is the seq
// the room's next record takes, 0 when it must be re-read from the store; only the
// writer goroutine touches it after load.
type writeQueue struct {
	mu   sync.Mutex
	reqs []request
	wake chan struct{}
	next int64
}

// maxQueue bounds one room's pending writes; beyond it senders get ErrBusy.
const maxQueue = 10000

// maxAttempts bounds seq-conflict retries of one batch; each retry re-reads MaxSeq, so
// only a storm of other instances writing the same room could exhaust it.
const maxAttempts = 8

var errSeqConflict = errors.New("chat: seq conflict persisted")

func (q *writeQueue) push(req request) error {
	q.mu.Lock()
	if len(q.reqs) >= maxQueue {
		q.mu.Unlock()
		return ErrBusy
	}
	q.reqs = append(q.reqs, req)
	q.mu.Unlock()
	q.poke()
	return nil
}

func (q *writeQueue) poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *writeQueue) take() []request {
	q.mu.Lock()
	defer q.mu.Unlock()
	reqs := q.reqs
	q.reqs = nil
	return reqs
}

func (q *writeQueue) pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.reqs)
}

// commit stores one batch with a single unordered InsertMany, shared with the batches of
// other rooms committing at the same time (groupinsert.go). A resend is answered before
// any seq is taken (answerKnown). A record the (room, author, client_id) index still
// refuses was stored where answerKnown cannot see (before the tail, or on another
// instance not yet heard from): it is answered with the original, and its seq stays a
// hole. One refused by (room, seq) lost its seq to another instance: the room's highest
// seq is re-read and the record retried with a new one. Stored records are published in
// seq order, then acknowledged.
func (r *room) commit(batch []request) {
	ctx, cancel := context.WithTimeout(r.hub.ctx, r.hub.cfg.StoreTimeout)
	defer cancel()
	st := r.hub.cfg.Store
	pending := r.applyChanges(ctx, r.answerKnown(batch))
	for attempt := 0; len(pending) > 0; attempt++ {
		if attempt == maxAttempts {
			fail(pending, errSeqConflict)
			return
		}
		if r.w.next == 0 {
			maxSeq, err := st.MaxSeq(ctx, r.id)
			if err != nil {
				fail(pending, err)
				return
			}
			r.w.next = maxSeq + 1
		}
		msgs := make([]Message, len(pending))
		for i, q := range pending {
			msgs[i] = q.msg
			msgs[i].Seq = r.w.next
			r.w.next++
		}
		dups, err := r.hub.writes.insert(ctx, msgs)
		if err != nil {
			// Some may be stored: re-read the seq; a retry with the same client_id is acked.
			r.w.next = 0
			fail(pending, err)
			return
		}
		refused := make(map[int]bool, len(dups))
		for _, i := range dups {
			refused[i] = true
		}
		var stored []Message
		var acks []request
		var retry []request
		var holes []int64
		for i, q := range pending {
			if !refused[i] {
				stored, acks = append(stored, msgs[i]), append(acks, q)
				continue
			}
			orig, err := st.ByClientID(ctx, r.id, q.msg.Author, q.msg.ClientID)
			switch {
			case err == nil:
				holes = append(holes, msgs[i].Seq) // its seq stays empty
				q.done(orig, nil)
			case errors.Is(err, ErrNotFound):
				retry = append(retry, q)
			default:
				q.done(Message{}, err)
			}
		}
		if len(stored) > 0 || len(holes) > 0 {
			if err := r.hub.broker.Publish(ctx, Event{Room: r.id, Records: stored, Holes: holes}); err != nil {
				r.hub.log.Warn("chat: publish", "room", r.id, "records", len(stored), "err", err)
			}
			for i, q := range acks {
				q.done(stored[i], nil)
			}
		}
		if len(retry) > 0 {
			r.w.next = 0
		}
		pending = retry
	}
}

func fail(reqs []request, err error) {
	for _, q := range reqs {
		q.done(Message{}, err)
	}
}

// answerKnown answers the resends of a batch without giving them a seq, so that they
// leave no hole: a (author, client_id) the room's tail holds is answered with that record,
// and a repeat within the batch with the outcome of its first occurrence. It returns the
// requests left, each key once.
func (r *room) answerKnown(batch []request) []request {
	type answer struct {
		q request
		m Message
	}
	var known []answer
	first := make(map[clientKey]int, len(batch)) // key → index in out
	repeats := make(map[int][]func(Message, error))
	out := batch[:0]
	r.mu.Lock()
	for _, q := range batch {
		key := keyOf(q.msg)
		if i, ok := first[key]; ok {
			repeats[i] = append(repeats[i], q.done)
			continue
		}
		if m, ok := r.tail.byClient(key.author, key.clientID); ok {
			known = append(known, answer{q, m})
			continue
		}
		first[key] = len(out)
		out = append(out, q)
	}
	r.mu.Unlock()
	for _, a := range known {
		a.q.done(a.m, nil)
	}
	for i, dones := range repeats {
		done := out[i].done
		out[i].done = func(m Message, err error) {
			done(m, err)
			for _, d := range dones {
				d(m, err)
			}
		}
	}
	return out
}

// applyChanges validates and applies the edits and deletes of a batch, in order, before
// their tombstones are inserted: a crash in between leaves the body wiped rather than a
// tombstone pointing at a body still stored. It returns the requests left to insert.
func (r *room) applyChanges(ctx context.Context, batch []request) []request {
	st := r.hub.cfg.Store
	changed := make(map[int64]Message) // targets changed earlier in this batch
	out := batch[:0]
	for _, q := range batch {
		m := q.msg
		if m.Kind == KindMessage {
			out = append(out, q)
			continue
		}
		if q.checkDup {
			if orig, err := st.ByClientID(ctx, r.id, m.Author, m.ClientID); err == nil {
				q.done(orig, nil)
				continue
			}
		}
		target, err := r.target(ctx, changed, m.Target)
		if err == nil {
			err = r.checkChange(target, m)
		}
		if err == nil && m.Kind == KindEdit {
			err = st.MarkEdited(ctx, r.id, m.Target, m.Body, m.Edited)
			target.Body, target.Edited = m.Body, m.Edited
		} else if err == nil {
			err = st.MarkDeleted(ctx, r.id, m.Target)
			target.Body, target.Deleted = "", true
		}
		if err != nil {
			q.done(Message{}, err)
			continue
		}
		changed[m.Target] = target
		out = append(out, q)
	}
	return out
}

// target finds the message a change refers to: this batch, the tail, then the store.
func (r *room) target(ctx context.Context, changed map[int64]Message, seq int64) (Message, error) {
	if m, ok := changed[seq]; ok {
		return m, nil
	}
	r.mu.Lock()
	r.tail.expire(r.hub.cutoff(r.id)) // an expired message cannot be changed
	m, ok := r.tail.get(seq)
	r.mu.Unlock()
	if ok {
		return m, nil
	}
	recs, err := r.hub.cfg.Store.Range(ctx, r.id, seq-1, 1)
	if err != nil {
		return Message{}, err
	}
	if len(recs) == 0 || recs[0].Seq != seq {
		return Message{}, ErrNotFound
	}
	return recs[0], nil
}

// checkChange allows authors to delete their messages, and to edit them within the edit
// window unless deleted.
func (r *room) checkChange(target, change Message) error {
	switch {
	case target.Kind != KindMessage:
		return ErrNotFound
	case target.Author != change.Author || target.Deleted:
		return ErrNotEditable
	case change.Kind == KindEdit && change.Edited.Sub(target.Sent) > r.hub.cfg.EditWindow:
		return ErrNotEditable
	}
	return nil
}
