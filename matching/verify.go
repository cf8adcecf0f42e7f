package matching

import "fmt"

// CheckValid reports the first rule the assignments break for the instance
// in mode, or nil: ErrUnknownID (an id not in the instance),
// ErrDuplicateAssignment (a request twice), ErrBanned (a banned pair),
// ErrNotAcceptable (a pair not acceptable in mode and not locked),
// ErrOverCapacity (a mentor above its capacity), ErrLockMissing (a locked
// pair absent). It is independent of every solver.
func CheckValid(in *Instance, mode Mode, as []Assignment) error {
	assign, err := in.indexAssignments(as)
	if err != nil {
		return err
	}
	load := make([]int, len(in.menIDs))
	for _, a := range as {
		r, m := in.reqIdx[a.Request], in.menIdx[a.Mentor]
		if in.isBanned(r, m) {
			return fmt.Errorf("(%q, %q): %w", a.Request, a.Mentor, ErrBanned)
		}
		if e := in.edgeOf(int(r), m); in.lockedTo[r] != m && (e == nil || !mode.acceptable(e)) {
			return fmt.Errorf("(%q, %q): %w in %s mode", a.Request, a.Mentor, ErrNotAcceptable, mode)
		}
		load[m]++
		if load[m] > in.capacity[m] {
			return fmt.Errorf("mentor %q: %w %d", a.Mentor, ErrOverCapacity, in.capacity[m])
		}
	}
	for r, m := range in.lockedTo {
		if m >= 0 && assign[r] != m {
			return fmt.Errorf("(%q, %q): %w", in.reqIDs[r], in.menIDs[m], ErrLockMissing)
		}
	}
	return nil
}

// CheckStable returns the blocking pairs of the assignments, in request id
// order: a request r and a mentor m that list each other, where r is not
// locked, r is unmatched or prefers m to its mentor, and m has a place not
// taken by a lock that is free, or holds an unlocked request it ranks
// below r. Locked pairs stay where they are, as in the solvers; a mentor
// prefers any request it lists to one it does not. It takes time linear
// in the total length of the preference lists. Errors: ErrUnknownID,
// ErrDuplicateAssignment.
func CheckStable(in *Instance, as []Assignment) ([]Pair, error) {
	assign, err := in.indexAssignments(as)
	if err != nil {
		return nil, err
	}
	blocking := []Pair{}
	in.blocking(assign, func(r int, m int32) {
		blocking = append(blocking, Pair{Request: in.reqIDs[r], Mentor: in.menIDs[m]})
	})
	return blocking, nil
}

// indexAssignments maps assignments to a mentor index per request.
func (in *Instance) indexAssignments(as []Assignment) ([]int32, error) {
	assign := make([]int32, len(in.reqIDs))
	for i := range assign {
		assign[i] = -1
	}
	for _, a := range as {
		r, m, err := in.pair("assignment", Pair{Request: a.Request, Mentor: a.Mentor})
		if err != nil {
			return nil, err
		}
		if assign[r] >= 0 {
			return nil, fmt.Errorf("request %q: %w", a.Request, ErrDuplicateAssignment)
		}
		assign[r] = m
	}
	return assign, nil
}

// blocking counts the blocking pairs of assign (see CheckStable), calling
// visit for each when visit is not nil. One pass over the mentors' holdings
// gives each mentor's worst held rank; one pass over each request's list up
// to its own mentor finds the pairs.
func (in *Instance) blocking(assign []int32, visit func(r int, m int32)) int {
	free := in.residual()
	worst := make([]int32, len(in.menIDs))
	for r, m := range assign {
		if m < 0 || in.lockedTo[r] == m {
			continue
		}
		free[m]--
		rank := int32(notRanked)
		if e := in.edgeOf(r, m); e != nil && e.mutual {
			rank = e.mRank
		}
		worst[m] = max(worst[m], rank)
	}
	n := 0
	for r := range in.reqIDs {
		if in.lockedTo[r] >= 0 {
			continue
		}
		for _, e := range in.reqEdges(r) {
			if !e.mutual || e.mentor == assign[r] {
				break // mutual edges come first, in r's order of preference
			}
			if free[e.mentor] > 0 || e.mRank < worst[e.mentor] {
				n++
				if visit != nil {
					visit(r, e.mentor)
				}
			}
		}
	}
	return n
}
