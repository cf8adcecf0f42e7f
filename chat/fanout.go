package chat

import (
	"bytes"
	"slices"
	"time"
)

// paceSlots is how many groups a room's members are dealt into for the paced sweep.
const paceSlots = 8

// fanPace paces a busy room's deliveries. Its members are dealt into paceSlots slots;
// while records keep coming, a sweep visits one slot every FanoutEvery/paceSlots and
// writes each of its members every record it has not had, with one write(2). A socket
// thus gets at most one write per window and waits at most one window for a record,
// and the window's writes are spread evenly over it: sent together at its end, 1,000
// writes take ~10 ms on two cores, which the last sockets would wait on top of the
// window. The first record after a quiet spell goes to everyone at once. Guarded by
// room.mu.
type fanPace struct {
	slots [paceSlots]map[*conn]*member
	dealt int // members dealt so far, for the next one's slot

	// Records in the tail that some slot has not had, ascending, and their frames.
	seqs   []int64
	frames [][]byte
	upTo   [paceSlots]int64 // the last seq each slot was brought up to

	next  int         // the slot the sweep visits next
	burst bool        // the next step sends to every slot: the room was quiet
	quiet int         // sweep steps since the last record arrived
	timer *time.Timer // the sweep's next step; nil when the room is quiet
	due   time.Time   // when the next step is due
}

// add deals a new member into a slot.
func (p *fanPace) add(c *conn, m *member) {
	m.slot = p.dealt % paceSlots
	p.dealt++
	if p.slots[m.slot] == nil {
		p.slots[m.slot] = make(map[*conn]*member)
	}
	p.slots[m.slot][c] = m
}

func (p *fanPace) remove(c *conn, m *member) { delete(p.slots[m.slot], c) }

// fanOut adds records (ascending, without gaps) to the tail at once, so that joins and
// resumes see them, and sends them to the members: now in a quiet room, else as the
// sweep reaches each slot. Caller holds r.mu.
func (r *room) fanOut(recs []Message) {
	added := r.tail.add(recs)
	if len(added) == 0 {
		return
	}
	p := &r.pace
	for _, m := range added {
		p.seqs = append(p.seqs, m.Seq)
		p.frames = append(p.frames, wsFrame(frameOf(m)))
	}
	p.quiet = 0
	if p.timer != nil {
		return // the sweep takes them to each slot in turn
	}
	if r.hub.cfg.FanoutEvery/paceSlots <= 0 {
		r.sendAll()
		return
	}
	// A quiet room: everyone at once, but from the sweep's goroutine, not the caller's
	// (the room's writer, or the broker's): 1,000 writes take ~10 ms, which the batch's
	// acks and the next batch would wait for.
	p.burst = true
	p.timer = time.AfterFunc(0, r.sweep)
}

// sweep takes one step: everyone after a quiet spell, else the next slot. It stops
// once a whole window has passed with no new record: every slot has had everything,
// and the next record goes out at once.
func (r *room) sweep() {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := &r.pace
	if p.timer == nil {
		return // stopped: the room retired
	}
	step := r.hub.cfg.FanoutEvery / paceSlots
	if p.burst {
		p.burst = false
		r.sendAll()
		p.due = time.Now()
	} else {
		r.sendSlot(p.next, map[int][]byte{})
		p.next = (p.next + 1) % paceSlots
	}
	if p.quiet++; p.quiet > paceSlots {
		p.timer = nil
		return
	}
	// Steps are due on a fixed schedule: a timer fires up to a millisecond late (the
	// poller sleeps in whole milliseconds), and re-arming from now would add that to
	// every step, stretching the window by half at a 10 ms window.
	p.due = p.due.Add(step)
	p.timer.Reset(time.Until(p.due))
}

// sendAll sends every slot what it has not had. Caller holds r.mu.
func (r *room) sendAll() {
	joined := map[int][]byte{}
	for s := range paceSlots {
		r.sendSlot(s, joined)
	}
}

// sendSlot writes to each member of slot s the records it has not had, all in one
// buffer: joined caches, by index of the first record, the frames joined from it on,
// shared by every member that needs them. A member that joined since the records were
// added got them in its replay. Caller holds r.mu.
func (r *room) sendSlot(s int, joined map[int][]byte) {
	p := &r.pace
	if len(p.seqs) == 0 {
		return
	}
	last := p.seqs[len(p.seqs)-1]
	for c, m := range p.slots[s] {
		i := 0
		for i < len(p.seqs) && p.seqs[i] <= m.sent {
			i++
		}
		if i == len(p.seqs) {
			continue
		}
		b, ok := joined[i]
		if !ok {
			b = bytes.Join(p.frames[i:], nil)
			joined[i] = b
		}
		c.enqueue(b)
		m.sent = last
	}
	p.upTo[s] = last
	// Records every slot has had are dropped.
	done := 0
	for done < len(p.seqs) && p.seqs[done] <= slices.Min(p.upTo[:]) {
		done++
	}
	p.seqs, p.frames = p.seqs[done:], p.frames[done:]
	if len(p.seqs) == 0 {
		p.seqs, p.frames = nil, nil // a quiet room keeps no frames alive
	}
}

// stopPace ends the sweep when the room retires: it has no members left.
func (r *room) stopPace() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pace.timer != nil {
		r.pace.timer.Stop()
		r.pace.timer = nil
	}
}
