package chat

import (
	"context"
	"slices"
	"time"
)

// retained is the hub's view of its Store when rooms may set a retention: records sent
// before their room's cutoff are left out of every read, so that they vanish at once
// from join replay, history, gap fill and edit targets, whether or not the sweeper has
// deleted them yet. A retention change takes effect on the next read.
type retained struct {
	Store
	cutoff func(room string) time.Time
}

// Range returns up to limit unexpired records with seq > afterSeq. Expired records are
// the oldest of a room, so one more read past them is usually all it takes to fill the
// page; the loop ends because each read moves afterSeq forward.
func (s retained) Range(ctx context.Context, room string, afterSeq int64, limit int) ([]Message, error) {
	cut := s.cutoff(room)
	var out []Message
	for len(out) < limit {
		want := limit - len(out)
		recs, err := s.Store.Range(ctx, room, afterSeq, want)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			break
		}
		n := len(recs)
		afterSeq = recs[n-1].Seq // before unexpired, which filters in place
		out = append(out, unexpired(recs, cut)...)
		if n < want {
			break
		}
	}
	return out, nil
}

// Before returns the newest unexpired records with seq < seq, at most limit. Expired
// records are older than every unexpired one, so none is missing from a shorter page.
func (s retained) Before(ctx context.Context, room string, seq int64, limit int) ([]Message, error) {
	recs, err := s.Store.Before(ctx, room, seq, limit)
	if err != nil {
		return nil, err
	}
	return unexpired(recs, s.cutoff(room)), nil
}

// cutoff returns the time before which room's records have expired, zero if it keeps them.
func (h *Hub) cutoff(room string) time.Time {
	if h.cfg.Retention == nil {
		return time.Time{}
	}
	keep := h.cfg.Retention(room)
	if keep <= 0 {
		return time.Time{}
	}
	return h.cfg.Now().Add(-keep)
}

func expired(m Message, cut time.Time) bool { return m.Sent.Before(cut) }

// unexpired drops the records sent before cut, in place.
func unexpired(recs []Message, cut time.Time) []Message {
	if cut.IsZero() {
		return recs
	}
	return slices.DeleteFunc(recs, func(m Message) bool { return expired(m, cut) })
}

// rawStore is the Store without the retention filter.
func (h *Hub) rawStore() Store {
	if s, ok := h.cfg.Store.(retained); ok {
		return s.Store
	}
	return h.cfg.Store
}
