package chat

import "time"

// fanPace spaces a room's deliveries to its members at least FanoutEvery apart. The
// first record after a quiet spell goes out at once; records that follow within the
// window wait for its end and go out together, so that a busy room costs each socket
// one write(2) per window instead of one per record. Guarded by room.mu.
type fanPace struct {
	unsent []Message // in the tail, not yet queued to the members
	last   time.Time // when the members were last sent records
	timer  *time.Timer
}

// fanOut adds records (ascending, without gaps) to the tail at once, so that joins and
// resumes see them, and queues them to the members now or at the end of the window.
// Caller holds r.mu.
func (r *room) fanOut(recs []Message) {
	added := r.tail.add(recs)
	if len(added) == 0 {
		return
	}
	p := &r.pace
	p.unsent = append(p.unsent, added...)
	if p.timer != nil {
		return // a send is already scheduled and will take these too
	}
	if wait := time.Until(p.last.Add(r.hub.cfg.FanoutEvery)); wait > 0 {
		p.timer = time.AfterFunc(wait, r.sendPaced)
		return
	}
	r.sendUnsent()
}

func (r *room) sendPaced() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pace.timer = nil
	r.sendUnsent()
}

// sendUnsent queues the unsent records to every member that has not had them; a member
// that joined since they were added got them in its replay. Caller holds r.mu.
func (r *room) sendUnsent() {
	p := &r.pace
	recs := p.unsent
	p.unsent, p.last = nil, time.Now()
	if len(recs) == 0 {
		return
	}
	frames := make([][]byte, len(recs))
	for i, m := range recs {
		frames[i] = wsFrame(frameOf(m))
	}
	last := recs[len(recs)-1].Seq
	for c, m := range r.members {
		i := 0
		for i < len(recs) && recs[i].Seq <= m.sent {
			i++
		}
		if i < len(recs) {
			c.enqueue(frames[i:])
			m.sent = last
		}
	}
}

// stopPace cancels a scheduled send when the room retires: it has no members left.
func (r *room) stopPace() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pace.timer != nil {
		r.pace.timer.Stop()
		r.pace.timer = nil
	}
}
