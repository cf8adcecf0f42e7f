package chat

import (
	"context"
	"slices"
	"sync"
)

// insertGroup merges the batches of many rooms' writers into one InsertBatch. Each room
// commits what arrived while its last batch was written; across rooms, the batches that
// arrive while one insert is running go out together in the next. The embedded store has
// one writer, so 100 rooms' small inserts would otherwise queue behind each other one
// round-trip at a time.
//
// There is no goroutine of its own: the first caller leads one insert for everything
// queued, then hands the lead to the oldest caller still waiting, so no writer is kept
// from its own room for longer than one insert.
type insertGroup struct {
	st Store

	mu    sync.Mutex
	queue []*insertCall
	busy  bool // a leader is inserting
}

type insertCall struct {
	msgs []Message
	dups []int
	err  error
	// wake gets true when this call is to lead, false once it is answered; it receives
	// at most one value before the call returns.
	wake chan bool
}

// maxGroupInsert bounds one insert, so that a backlog is written in steps that each
// answer their writers: up to this many records, and always at least one call.
const maxGroupInsert = 1000

// insert stores msgs as part of the next group insert and returns the indexes of those
// refused by a unique index, as Store.InsertBatch does. ctx bounds the insert this call
// leads; a waiting call is bounded by its leader's.
func (g *insertGroup) insert(ctx context.Context, msgs []Message) ([]int, error) {
	c := &insertCall{msgs: msgs, wake: make(chan bool, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, c)
	if g.busy {
		g.mu.Unlock()
		if lead := <-c.wake; !lead {
			return c.dups, c.err
		}
	} else {
		g.busy = true
		g.mu.Unlock()
	}
	g.lead(ctx)
	return c.dups, c.err
}

// lead writes one group, which holds the leader's own call (the oldest queued), answers
// its calls and passes the lead on.
func (g *insertGroup) lead(ctx context.Context) {
	g.mu.Lock()
	n, size := 0, 0
	for n < len(g.queue) && (n == 0 || size+len(g.queue[n].msgs) <= maxGroupInsert) {
		size += len(g.queue[n].msgs)
		n++
	}
	calls := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()

	all := make([]Message, 0, size)
	for _, c := range calls {
		all = append(all, c.msgs...)
	}
	dups, err := g.st.InsertBatch(ctx, all)
	slices.Sort(dups)
	start, d := 0, 0
	for _, c := range calls {
		end := start + len(c.msgs)
		c.err = err
		for ; d < len(dups) && dups[d] < end; d++ {
			c.dups = append(c.dups, dups[d]-start)
		}
		start = end
		c.wake <- false
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.busy = false
		return
	}
	g.queue[0].wake <- true
}
