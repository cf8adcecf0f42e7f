package matching

import "math"

// ssp is the state of the successive-shortest-path solver. Costs are
// negated scores; reduced cost of u→v is cost + pot(u) − pot(v); the
// sink's potential stays 0 because potentials are shifted by −d(sink)
// after each search (a uniform shift leaves reduced costs unchanged).
type ssp struct {
	adjStart []int32 // request r's allowed mentors are adjM/adjW[adjStart[r]:adjStart[r+1]]
	adjM     []int32
	adjW     []float64

	pr, pm  []float64 // potentials of requests and mentors
	asg     []int32   // mentor of each request, -1
	asgW    []float64 // score of that pair
	members [][]int32 // requests held by each mentor
	slot    []int32   // index of each request in its mentor's members
	left    []int     // places each mentor has for the solver

	// search scratch, reset after each search
	dm      []float64 // tentative distance of each mentor
	predM   []int32   // request that reached each mentor
	predW   []float64 // score of that edge
	doneM   []bool
	touched []int32 // mentors with a finite dm
	queue   mentorQueue
	done    []int32 // settled mentors, in order
	dr      []float64
	rows    []int32 // requests scanned
}

// newSSP prepares the solver on the kept, scored edges of unlocked
// requests to mentors with places left.
func newSSP(in *Instance, left []int, keep []bool) *ssp {
	R, M := len(in.reqIDs), len(in.menIDs)
	s := &ssp{
		adjStart: make([]int32, R+1),
		pr:       make([]float64, R), pm: make([]float64, M),
		asg: make([]int32, R), asgW: make([]float64, R),
		members: make([][]int32, M), slot: make([]int32, R),
		left: left,
		dm:   make([]float64, M), predM: make([]int32, M), predW: make([]float64, M),
		doneM: make([]bool, M), dr: make([]float64, R),
	}
	for r := range R {
		s.asg[r] = -1
		if in.lockedTo[r] < 0 {
			for e := in.start[r]; e < in.start[r+1]; e++ {
				if ed := in.edges[e]; keep[e] && ed.scored && left[ed.mentor] > 0 {
					s.adjM = append(s.adjM, ed.mentor)
					s.adjW = append(s.adjW, ed.score)
				}
			}
		}
		s.adjStart[r+1] = int32(len(s.adjM))
	}
	for m := range M {
		s.dm[m] = math.Inf(1)
	}
	return s
}

// augment adds request src to the flow along a shortest path.
func (s *ssp) augment(src int32) {
	// A new request has no incoming residual edge, so its potential may be
	// raised until every edge out of it has a non-negative reduced cost.
	p := 0.0
	for i := s.adjStart[src]; i < s.adjStart[src+1]; i++ {
		p = max(p, s.adjW[i]+s.pm[s.adjM[i]])
	}
	s.pr[src] = p

	dSink, sinkFromMentor, sinkFrom := s.scan(src, 0, math.Inf(1), false, -1)
	for {
		j := s.queue.popMin(s.dm, s.doneM)
		if j < 0 || s.dm[j] >= dSink {
			break
		}
		s.doneM[j] = true
		s.done = append(s.done, j)
		if len(s.members[j]) < s.left[j] {
			if d := s.dm[j] + s.pm[j]; d < dSink {
				dSink, sinkFromMentor, sinkFrom = d, true, j
			}
		}
		for _, r := range s.members[j] {
			d := s.dm[j] + s.asgW[r] + s.pm[j] - s.pr[r]
			if d < dSink { // a request at or beyond the sink cannot shorten anything
				dSink, sinkFromMentor, sinkFrom = s.scan(r, d, dSink, sinkFromMentor, sinkFrom)
			}
		}
	}
	s.apply(src, sinkFromMentor, sinkFrom)
	s.updatePotentials(dSink)
}

// scan settles request r at distance d and relaxes its edges: to every
// allowed mentor but its own, and to the sink (r left unmatched).
func (s *ssp) scan(r int32, d, dSink float64, fromMentor bool, from int32) (float64, bool, int32) {
	s.dr[r] = d
	s.rows = append(s.rows, r)
	base := d + s.pr[r]
	for i := s.adjStart[r]; i < s.adjStart[r+1]; i++ {
		m := s.adjM[i]
		if m == s.asg[r] || s.doneM[m] {
			continue
		}
		if nd := base - s.adjW[i] - s.pm[m]; nd < s.dm[m] {
			if math.IsInf(s.dm[m], 1) {
				s.touched = append(s.touched, m)
			}
			s.dm[m], s.predM[m], s.predW[m] = nd, r, s.adjW[i]
			s.queue.push(nd, m)
		}
	}
	if base < dSink {
		return base, false, r
	}
	return dSink, fromMentor, from
}

// apply flips the path found by the search: walking back from the sink,
// each request moves to the mentor it reached, freeing its old place for
// the request before it, until src is placed.
func (s *ssp) apply(src int32, fromMentor bool, from int32) {
	cur := from // a mentor with a place to fill
	if !fromMentor {
		if from == src {
			return // src stays unmatched
		}
		cur = s.asg[from]
		s.remove(from)
	}
	for {
		r := s.predM[cur]
		prev := s.asg[r]
		if prev >= 0 {
			s.remove(r)
		}
		s.slot[r] = int32(len(s.members[cur]))
		s.members[cur] = append(s.members[cur], r)
		s.asg[r], s.asgW[r] = cur, s.predW[cur]
		if r == src {
			return
		}
		cur = prev
	}
}

// remove takes request r out of its mentor's members.
func (s *ssp) remove(r int32) {
	m := s.asg[r]
	ms := s.members[m]
	last := ms[len(ms)-1]
	ms[s.slot[r]], s.slot[last] = last, s.slot[r]
	s.members[m] = ms[:len(ms)-1]
	s.asg[r] = -1
}

// updatePotentials adds min(d, dSink) − dSink to every node's potential,
// which keeps all reduced costs non-negative, and resets the scratch.
// Nodes at or beyond the sink get 0, so only scanned ones are touched.
func (s *ssp) updatePotentials(dSink float64) {
	for _, m := range s.done {
		s.pm[m] += min(s.dm[m], dSink) - dSink
	}
	for _, r := range s.rows {
		if s.dr[r] < dSink {
			s.pr[r] += s.dr[r] - dSink
		}
	}
	for _, m := range s.touched {
		s.dm[m], s.doneM[m] = math.Inf(1), false
	}
	s.touched, s.done, s.rows = s.touched[:0], s.done[:0], s.rows[:0]
	s.queue = s.queue[:0]
}

// admitViolations checks the optimality certificate against the edges the
// solve left out. With pT = 0, u_r = pr[r] and v_m = −pm[m] form an
// optimal dual of the pruned problem (pr ≥ 0, pm ≤ 0; unmatched requests
// and mentors with free places have zero potential; assigned pairs are
// tight), so the solution is optimal for the whole graph iff
// pr[r] − pm[m] ≥ score for every left-out edge. It marks the violating
// edges as kept and returns how many there were.
func (s *ssp) admitViolations(in *Instance, left []int, keep []bool) int {
	n := 0
	for r := range in.reqIDs {
		if in.lockedTo[r] >= 0 {
			continue
		}
		for e := in.start[r]; e < in.start[r+1]; e++ {
			ed := &in.edges[e]
			if keep[e] || !ed.scored || left[ed.mentor] <= 0 {
				continue
			}
			if slack := s.pr[r] - s.pm[ed.mentor] - ed.score; slack < -1e-9*max(1, ed.score) {
				keep[e] = true
				n++
			}
		}
	}
	return n
}

// mentorQueue is a binary min-heap of (distance, mentor) entries with lazy
// deletion: an improved mentor is pushed again and stale entries are
// skipped when popped.
type mentorQueue []queued

type queued struct {
	d float64
	m int32
}

func (q *mentorQueue) push(d float64, m int32) {
	*q = append(*q, queued{d, m})
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].less(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

// popMin returns the unsettled mentor with the smallest distance, or -1.
func (q *mentorQueue) popMin(dm []float64, done []bool) int32 {
	for len(*q) > 0 {
		h := *q
		top := h[0]
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
		for i := 0; ; {
			c := 2*i + 1
			if c >= len(h) {
				break
			}
			if c+1 < len(h) && h[c+1].less(h[c]) {
				c++
			}
			if !h[c].less(h[i]) {
				break
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
		*q = h
		if !done[top.m] && top.d == dm[top.m] {
			return top.m
		}
	}
	return -1
}

// less orders by distance, then mentor index, so ties are deterministic.
func (a queued) less(b queued) bool {
	if a.d != b.d {
		return a.d < b.d
	}
	return a.m < b.m
}
