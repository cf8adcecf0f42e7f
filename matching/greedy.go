package matching

import (
	"cmp"
	"slices"
)

// FCFS is the baseline of request-by-request platforms: requests, in id
// order (ids are expected to sort by arrival), each take their
// highest-scored allowed mentor that still has a place (ties by smaller
// mentor id). Locks and bans are honoured as in Optimal. Comparing its
// total with Optimal's shows what a round gains.
func FCFS(in *Instance) RoundResult {
	assign := in.lockedAssignment()
	left := in.residual()
	for r := range in.reqIDs {
		if assign[r] >= 0 {
			continue
		}
		var best *edge
		for i, e := range in.reqEdges(r) {
			if e.scored && left[e.mentor] > 0 && (best == nil || e.score > best.score ||
				e.score == best.score && e.mentor < best.mentor) {
				best = &in.reqEdges(r)[i]
			}
		}
		if best != nil {
			assign[r] = best.mentor
			left[best.mentor]--
		}
	}
	return in.finish(ModeFCFS, assign)
}

// Greedy is the global greedy baseline: it takes allowed pairs from the
// highest score down (ties by request, then mentor id) while both sides
// are free. It is at least half the optimum, often close to it.
func Greedy(in *Instance) RoundResult {
	type cand struct {
		r, m  int32
		score float64
	}
	var cands []cand
	for r := range in.reqIDs {
		if in.lockedTo[r] >= 0 {
			continue
		}
		for _, e := range in.reqEdges(r) {
			if e.scored {
				cands = append(cands, cand{int32(r), e.mentor, e.score})
			}
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.r, b.r); c != 0 {
			return c
		}
		return cmp.Compare(a.m, b.m)
	})
	assign := in.lockedAssignment()
	left := in.residual()
	for _, c := range cands {
		if assign[c.r] < 0 && left[c.m] > 0 {
			assign[c.r] = c.m
			left[c.m]--
		}
	}
	return in.finish(ModeGreedy, assign)
}
