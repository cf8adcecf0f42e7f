package matching

// Stable runs a stable round: the requests propose (Gale–Shapley for
// Hospitals/Residents with capacities), which yields the request-optimal
// stable matching — every request gets the best mentor it can have in any
// stable matching, and no request and mentor that list each other would
// both rather be together. Locked pairs are placed first and use up their
// mentor's places; banned pairs are never acceptable. Only mutually
// acceptable pairs are assigned. It takes time linear in the total length
// of the preference lists.
func Stable(in *Instance) RoundResult {
	assign := in.lockedAssignment()
	left := in.residual()

	// Each mentor holds its requests in a slot array indexed by its rank of
	// them, with a pointer to the worst held rank. Once a mentor is full the
	// pointer only moves up its list, so all pointer moves together cost at
	// most the total list length (Roth–Peranson's trick, with no heap).
	offset := make([]int, len(in.menIDs)+1)
	for _, e := range in.edges {
		if e.mutual {
			offset[e.mentor+1] = max(offset[e.mentor+1], int(e.mRank)+1)
		}
	}
	for m := range in.menIDs {
		offset[m+1] += offset[m]
	}
	holder := make([]int32, offset[len(in.menIDs)])
	for i := range holder {
		holder[i] = -1
	}
	held := make([]int, len(in.menIDs))
	worst := make([]int32, len(in.menIDs))

	next := make([]int32, len(in.reqIDs)) // the next edge each request proposes along
	free := make([]int32, 0, len(in.reqIDs))
	for r := len(in.reqIDs) - 1; r >= 0; r-- {
		next[r] = in.start[r]
		if in.lockedTo[r] < 0 {
			free = append(free, int32(r))
		}
	}
	for len(free) > 0 {
		r := free[len(free)-1]
		free = free[:len(free)-1]
		for ; next[r] < in.start[r+1] && in.edges[next[r]].mutual; next[r]++ {
			e := in.edges[next[r]]
			m, k := e.mentor, e.mRank
			slots := holder[offset[m]:offset[m+1]]
			if held[m] < left[m] {
				slots[k], assign[r] = r, m
				held[m]++
				worst[m] = max(worst[m], k)
				next[r]++
				break
			}
			if left[m] == 0 || k > worst[m] {
				continue // rejected
			}
			loser := slots[worst[m]]
			slots[worst[m]], slots[k], assign[r], assign[loser] = -1, r, m, -1
			for slots[worst[m]] < 0 {
				worst[m]--
			}
			free = append(free, loser)
			next[r]++
			break
		}
	}
	return in.finish(ModeStable, assign)
}
