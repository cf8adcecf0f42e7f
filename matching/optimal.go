package matching

import "container/heap"

// Optimal runs an optimal round: an assignment of maximum total score in
// which each request gets at most one mentor, each mentor at most its
// capacity, and only scored, unbanned pairs are used. Requests stay
// unmatched when that gives a larger total (it maximises weight, not
// cardinality). Locked pairs are placed first and use up their mentor's
// places. The result is exact up to floating-point rounding (1e-9
// relative).
//
// It solves min-cost flow by successive shortest paths (ssp.go) on a
// pruned graph — each request's best edges and each mentor's best edges —
// and then proves the result optimal for the whole graph: the solver's
// node potentials are an optimal LP dual of the pruned problem, and if
// every pruned edge satisfies the dual constraint u_r + v_m ≥ score, no
// pruned edge can improve the total (weak duality). Edges that violate it
// are added and the pruned problem solved again, so pruning never loses
// score; it only saves time on dense rounds.
func Optimal(in *Instance) RoundResult {
	res, _ := optimal(in, defaultPrune)
	return res
}

// optimal solves with the given pruning and also returns how many solves
// the certificate needed (1 when pruning lost nothing at the first try).
func optimal(in *Instance, sizes pruneSizes) (RoundResult, int) {
	left := in.residual()
	keep := prune(in, left, sizes)
	var s *ssp
	solves := 0
	for {
		solves++
		s = newSSP(in, left, keep)
		for r := range in.reqIDs {
			if s.adjStart[r] < s.adjStart[r+1] {
				s.augment(int32(r))
			}
		}
		if s.admitViolations(in, left, keep) == 0 {
			break
		}
	}
	assign := in.lockedAssignment()
	for r, m := range s.asg {
		if m >= 0 {
			assign[r] = m
		}
	}
	return in.finish(ModeOptimal, assign), solves
}

// pruneSizes: a request keeps its request best edges, a mentor its
// mentorFactor × places + mentorExtra best edges.
type pruneSizes struct{ request, mentorFactor, mentorExtra int }

// defaultPrune is generous enough that on the benchmark rounds the
// certificate holds at the first solve (see TestPruningLosesNothing).
var defaultPrune = pruneSizes{request: 12, mentorFactor: 3, mentorExtra: 8}

// prune marks the edges the first solve uses: scored edges to mentors with
// places, among the best of their request or of their mentor (ties at the
// cut are all kept).
func prune(in *Instance, left []int, sizes pruneSizes) []bool {
	keep := make([]bool, len(in.edges))
	byMentor := make([][]int32, len(in.menIDs))
	var h scoreHeap
	for r := range in.reqIDs {
		h.reset(in, sizes.request)
		for e := in.start[r]; e < in.start[r+1]; e++ {
			if ed := &in.edges[e]; ed.scored && left[ed.mentor] > 0 {
				h.offer(e)
				byMentor[ed.mentor] = append(byMentor[ed.mentor], e)
			}
		}
		for e := in.start[r]; e < in.start[r+1]; e++ {
			keep[e] = keep[e] || h.admits(e)
		}
	}
	for m, es := range byMentor {
		h.reset(in, sizes.mentorFactor*left[m]+sizes.mentorExtra)
		for _, e := range es {
			h.offer(e)
		}
		for _, e := range es {
			keep[e] = keep[e] || h.admits(e)
		}
	}
	return keep
}

// scoreHeap keeps the k best scored edges seen, worst on top.
type scoreHeap struct {
	in    *Instance
	k     int
	edges []int32
}

func (h *scoreHeap) reset(in *Instance, k int) { h.in, h.k, h.edges = in, k, h.edges[:0] }

func (h *scoreHeap) Len() int           { return len(h.edges) }
func (h *scoreHeap) Less(i, j int) bool { return h.score(h.edges[i]) < h.score(h.edges[j]) }
func (h *scoreHeap) Swap(i, j int)      { h.edges[i], h.edges[j] = h.edges[j], h.edges[i] }
func (h *scoreHeap) Push(x any)         { h.edges = append(h.edges, x.(int32)) }
func (h *scoreHeap) Pop() any {
	x := h.edges[len(h.edges)-1]
	h.edges = h.edges[:len(h.edges)-1]
	return x
}
func (h *scoreHeap) score(e int32) float64 { return h.in.edges[e].score }

func (h *scoreHeap) offer(e int32) {
	switch {
	case len(h.edges) < h.k:
		heap.Push(h, e)
	case h.k > 0 && h.score(e) > h.score(h.edges[0]):
		h.edges[0] = e
		heap.Fix(h, 0)
	}
}

// admits reports whether edge e (one of those offered, or not) is at least
// as good as the k-th best offered, or fewer than k were offered.
func (h *scoreHeap) admits(e int32) bool {
	ed := &h.in.edges[e]
	if !ed.scored || h.k == 0 {
		return false
	}
	return len(h.edges) < h.k || ed.score >= h.score(h.edges[0])
}
