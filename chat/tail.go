package chat

import (
	"cmp"
	"slices"
	"time"
)

// tail is the recent history of an active room, kept in memory so that joins and resumes
// need no database read in the steady state. It holds every stored record with
// seq > base, ascending; holes in the seq are simply absent.
type tail struct {
	base int64
	top  int64 // highest seq held before expiry emptied recs
	recs []Message
	max  int
	// seqOf finds a record by its idempotency key, for resends (writer.go): a scan of the
	// records would read through all of them for every new send.
	seqOf map[clientKey]int64
}

// clientKey is a record's idempotency key within its room.
type clientKey struct{ author, clientID string }

func keyOf(m Message) clientKey { return clientKey{m.Author, m.ClientID} }

// newTail builds a tail from the newest records of a room (ascending). If fewer than max
// came back they are the whole history, so the tail covers everything from seq 0.
func newTail(recs []Message, max int) tail {
	t := tail{recs: recs, max: max, seqOf: make(map[clientKey]int64, len(recs))}
	for _, m := range recs {
		t.seqOf[keyOf(m)] = m.Seq
	}
	if len(recs) >= max && len(recs) > 0 {
		t.base = recs[0].Seq - 1
	}
	return t
}

// last returns the highest seq the tail knows, or base when it is empty.
func (t *tail) last() int64 {
	if len(t.recs) == 0 {
		return max(t.base, t.top)
	}
	return t.recs[len(t.recs)-1].Seq
}

// add appends records newer than the tail's last (older ones are duplicates), applies
// edit and delete tombstones to the messages they target, and trims to about max. It
// returns the records it added.
func (t *tail) add(recs []Message) []Message {
	var added []Message
	for _, m := range recs {
		if m.Seq <= t.last() {
			continue
		}
		t.recs = append(t.recs, m)
		t.seqOf[keyOf(m)] = m.Seq
		added = append(added, m)
		switch m.Kind {
		case KindEdit:
			if i := t.index(m.Target); i >= 0 {
				t.recs[i].Body, t.recs[i].Edited = m.Body, m.Edited
			}
		case KindDelete:
			for i := range t.recs {
				r := &t.recs[i]
				if r.Seq == m.Target || (r.Kind == KindEdit && r.Target == m.Target) {
					r.Body, r.Deleted, r.Resource = "", true, ""
				}
			}
		}
	}
	// Trim in steps of max/2 so that a full tail does not copy itself on every record.
	if len(t.recs) > t.max+t.max/2 {
		n := len(t.recs) - t.max
		for _, m := range t.recs[:n] {
			delete(t.seqOf, keyOf(m))
		}
		t.base = t.recs[n-1].Seq
		t.recs = append([]Message(nil), t.recs[n:]...)
	}
	return added
}

// after returns the records with seq > seq, or ok=false when the tail does not reach
// back that far.
func (t *tail) after(seq int64) (recs []Message, ok bool) {
	if seq < t.base {
		return nil, false
	}
	i := len(t.recs)
	for i > 0 && t.recs[i-1].Seq > seq {
		i--
	}
	return append([]Message(nil), t.recs[i:]...), true
}

// expire drops the records sent before cut (zero: none). Like seq holes, they are then
// simply absent; the tail still covers every seq after base.
func (t *tail) expire(cut time.Time) {
	if cut.IsZero() || len(t.recs) == 0 || !expired(t.recs[0], cut) {
		return
	}
	t.top = t.last()
	t.recs = slices.DeleteFunc(t.recs, func(m Message) bool {
		if expired(m, cut) {
			delete(t.seqOf, keyOf(m))
			return true
		}
		return false
	})
}

// byClient returns the record that author stored under clientID, if the tail holds it.
func (t *tail) byClient(author, clientID string) (Message, bool) {
	seq, ok := t.seqOf[clientKey{author, clientID}]
	if !ok {
		return Message{}, false
	}
	i, ok := slices.BinarySearchFunc(t.recs, seq, func(m Message, seq int64) int { return cmp.Compare(m.Seq, seq) })
	if !ok {
		return Message{}, false
	}
	return t.recs[i], true
}

// get returns the record with this seq if the tail holds it.
func (t *tail) get(seq int64) (Message, bool) {
	if i := t.index(seq); i >= 0 {
		return t.recs[i], true
	}
	return Message{}, false
}

func (t *tail) index(seq int64) int {
	for i := len(t.recs) - 1; i >= 0 && t.recs[i].Seq >= seq; i-- {
		if t.recs[i].Seq == seq {
			return i
		}
	}
	return -1
}
