package matching

import "math"

// Optimal runs an optimal round: an assignment of maximum total score in
// which each request gets at most one mentor, each mentor at most its
// capacity, and only scored, unbanned pairs are used. Requests stay
// unmatched when that gives a larger total (it maximises weight, not
// cardinality). Locked pairs are placed first and use up their mentor's
// places. The result is exact up to floating-point rounding.
//
// It is min-cost flow by successive shortest paths, adding one request at
// a time (Dijkstra with node potentials, so reduced costs stay
// non-negative). Each request may also go to a private "unmatched" sink
// at cost 0, which is what lets the optimum leave requests out. Two facts
// about the graph keep each search cheap: a request already placed can be
// reached only from its own mentor, so only mentors need a priority
// queue; and the search stops as soon as the sink is settled.
func Optimal(in *Instance) RoundResult {
	s := newSSP(in)
	for r := range in.reqIDs {
		if s.adjStart[r] < s.adjStart[r+1] {
			s.augment(int32(r))
		}
	}
	assign := in.lockedAssignment()
	for r, m := range s.asg {
		if m >= 0 {
			assign[r] = m
		}
	}
	return in.finish(ModeOptimal, assign)
}

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
	done    []int32 // settled mentors, in order
	dr      []float64
	rows    []int32 // requests scanned
}

func newSSP(in *Instance) *ssp {
	R, M := len(in.reqIDs), len(in.menIDs)
	s := &ssp{
		adjStart: make([]int32, R+1),
		pr:       make([]float64, R), pm: make([]float64, M),
		asg: make([]int32, R), asgW: make([]float64, R),
		members: make([][]int32, M), slot: make([]int32, R),
		left: in.residual(),
		dm:   make([]float64, M), predM: make([]int32, M), predW: make([]float64, M),
		doneM: make([]bool, M), dr: make([]float64, R),
	}
	for r := range R {
		s.asg[r] = -1
		if in.lockedTo[r] < 0 {
			for _, e := range in.reqEdges(r) {
				if e.scored && s.left[e.mentor] > 0 {
					s.adjM = append(s.adjM, e.mentor)
					s.adjW = append(s.adjW, e.score)
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
		j := int32(-1)
		for _, m := range s.touched {
			if !s.doneM[m] && (j < 0 || s.dm[m] < s.dm[j]) {
				j = m
			}
		}
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
}
