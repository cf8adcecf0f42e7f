package chat

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// kindHole marks a seq a publisher knows stays empty; it only lives in room.early.
const kindHole = "\x00hole"

// gapPage bounds one store read while filling a gap.
const gapPage = 1000

// gap is what a room knows about seqs it has not delivered in order. Core NATS is at
// most once and instances publish independently, so records can arrive late, out of
// order or never; the store is the truth. Guarded by room.mu.
type gap struct {
	seen   int64     // every seq ≤ seen is delivered or known to be empty
	known  int64     // every seq ≤ known that exists has been read from the store into early
	early  []Message // records (and holes) beyond a gap, ascending, waiting for it
	due    time.Time // when to fill from the store; zero when nothing waits
	timer  *time.Timer
	resync bool // the broker may have lost events: read the store even without a gap
}

// inOrder reports whether recs and holes (both ascending) follow seen with no gap, and
// returns the new seen. It is the whole cost of gap detection on the usual path.
func inOrder(seen int64, recs []Message, holes []int64) (int64, bool) {
	h := 0
	for _, m := range recs {
		for ; h < len(holes) && holes[h] < m.Seq; h++ {
			if holes[h] > seen+1 {
				return seen, false
			}
			seen = max(seen, holes[h])
		}
		if m.Seq > seen+1 {
			return seen, false
		}
		seen = max(seen, m.Seq)
	}
	for ; h < len(holes); h++ {
		if holes[h] > seen+1 {
			return seen, false
		}
		seen = max(seen, holes[h])
	}
	return seen, true
}

// order takes records and holes from the broker and returns the records that can now be
// delivered in seq order. What lies beyond a gap waits in early, and a fill from the
// store is scheduled for the room's goroutine after GapWait. Caller holds r.mu.
func (r *room) order(recs []Message, holes []int64) []Message {
	g := &r.gap
	if len(g.early) == 0 {
		if seen, ok := inOrder(g.seen, recs, holes); ok {
			g.seen = seen
			return recs
		}
	}
	out := r.merge(recs, holes)
	if len(g.early) > 0 {
		r.scheduleFill(r.hub.cfg.GapWait)
	}
	return out
}

// merge adds records and holes to early and drains it. Caller holds r.mu.
func (r *room) merge(recs []Message, holes []int64) []Message {
	g := &r.gap
	for _, m := range recs {
		if m.Seq > g.seen {
			g.early = append(g.early, m)
		}
	}
	for _, s := range holes {
		if s > g.seen {
			g.early = append(g.early, Message{Seq: s, Kind: kindHole})
		}
	}
	slices.SortStableFunc(g.early, func(a, b Message) int { return cmp.Compare(a.Seq, b.Seq) })
	g.early = slices.CompactFunc(g.early, func(a, b Message) bool { return a.Seq == b.Seq })
	return r.drain()
}

// drain moves out of early what follows seen without an unexplained gap. Caller holds r.mu.
func (r *room) drain() []Message {
	g := &r.gap
	var out []Message
	i := 0
	for ; i < len(g.early); i++ {
		m := g.early[i]
		if m.Seq > g.seen+1 && m.Seq > g.known {
			break
		}
		if m.Seq > g.seen {
			g.seen = m.Seq
			if m.Kind != kindHole {
				out = append(out, m)
			}
		}
	}
	g.early = slices.Delete(g.early, 0, i)
	// Everything up to known that exists was in early and has been taken out above.
	g.seen = max(g.seen, g.known)
	if len(g.early) == 0 && !g.resync {
		g.due = time.Time{}
	}
	return out
}

// scheduleFill makes the room's goroutine read the store after wait. Caller holds r.mu.
func (r *room) scheduleFill(wait time.Duration) {
	g := &r.gap
	due := r.hub.cfg.Now().Add(wait)
	if !g.due.IsZero() && !g.due.After(due) {
		return
	}
	g.due = due
	if g.timer != nil {
		g.timer.Stop()
	}
	g.timer = time.AfterFunc(wait, r.w.poke)
}

// resync asks for a store read at once: the broker reports it may have lost events.
func (r *room) resyncNow() {
	r.mu.Lock()
	r.gap.resync = true
	r.scheduleFill(0)
	r.mu.Unlock()
	r.w.poke()
}

// fillDue reports whether a gap fill should run now.
func (r *room) fillDue() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.gap.due.IsZero() && !r.hub.cfg.Now().Before(r.gap.due)
}

// fill reads from the store what follows seen, in pages, and delivers it in order. A seq
// up to the highest one that was waiting and not in the store is a hole (a crash, or a
// write that failed) and is skipped, never waited for again.
func (r *room) fill() {
	r.mu.Lock()
	g := &r.gap
	from := g.seen
	target := from
	if n := len(g.early); n > 0 {
		target = g.early[n-1].Seq
	}
	g.due, g.resync = time.Time{}, false
	r.mu.Unlock()

	var got []Message
	for {
		ctx, cancel := context.WithTimeout(r.hub.ctx, r.hub.cfg.StoreTimeout)
		page, err := r.hub.cfg.Store.Range(ctx, r.id, from, gapPage)
		cancel()
		if err != nil {
			r.hub.log.Warn("chat: gap fill", "room", r.id, "err", err)
			r.mu.Lock()
			r.scheduleFill(time.Second)
			r.mu.Unlock()
			return
		}
		got = append(got, page...)
		if len(page) < gapPage {
			break
		}
		from = page[len(page)-1].Seq
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	g.known = max(g.known, target)
	r.fanOut(r.merge(got, nil))
	if len(g.early) > 0 {
		// Still waiting beyond what the store had: maybe a write in flight elsewhere.
		r.scheduleFill(r.hub.cfg.GapWait)
	}
}

// stopFill cancels a scheduled fill when the room retires.
func (r *room) stopFill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gap.timer != nil {
		r.gap.timer.Stop()
	}
}
