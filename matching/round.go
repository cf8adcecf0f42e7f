package matching

// Mode names how a round was solved; it decides which pairs are acceptable.
type Mode string

const (
	// ModeStable: mutually acceptable pairs (preference lists), solved by
	// Stable.
	ModeStable Mode = "stable"
	// ModeOptimal: scored pairs, solved by Optimal.
	ModeOptimal Mode = "optimal"
	// ModeFCFS and ModeGreedy: scored pairs, solved by the baselines FCFS
	// and Greedy.
	ModeFCFS   Mode = "fcfs"
	ModeGreedy Mode = "greedy"
)

// Assignment is one request placed with one mentor.
type Assignment struct {
	Request string
	Mentor  string
	Score   float64 // the pair's score, 0 when it has none
	Locked  bool    // forced by an admin lock
}

// Unmatched is a request a round left without a mentor, and why.
type Unmatched struct {
	Request string
	Reason  Reason
}

// RoundResult is the outcome of a round.
type RoundResult struct {
	Mode Mode
	// Assignments, sorted by request id.
	Assignments []Assignment
	// Unmatched requests, sorted by request id.
	Unmatched []Unmatched
	// TotalScore is the sum of the assignments' scores in request id order.
	TotalScore float64
	// BlockingPairs counts pairs that would both rather be together than
	// with what the round gave them (see CheckStable): 0 in stable mode,
	// often more in the others — the price of stability made visible.
	BlockingPairs int
}

// acceptable reports whether e may be assigned in mode.
func (m Mode) acceptable(e *edge) bool {
	if m == ModeStable {
		return e.mutual
	}
	return e.scored
}

// lockedAssignment starts a solver's assignment (mentor index per request,
// -1 unmatched) with the locked pairs.
func (in *Instance) lockedAssignment() []int32 {
	return append([]int32(nil), in.lockedTo...)
}

// edgeOf returns r's edge to m, or nil.
func (in *Instance) edgeOf(r int, m int32) *edge {
	es := in.reqEdges(r)
	for i := range es {
		if es[i].mentor == m {
			return &es[i]
		}
	}
	return nil
}

// finish turns a solver's assignment into a RoundResult.
func (in *Instance) finish(mode Mode, assign []int32) RoundResult {
	res := RoundResult{Mode: mode, Assignments: []Assignment{}, Unmatched: []Unmatched{}}
	left := in.residual()
	for r, m := range assign {
		if m >= 0 && in.lockedTo[r] < 0 {
			left[m]--
		}
	}
	for r, m := range assign {
		if m < 0 {
			res.Unmatched = append(res.Unmatched, Unmatched{Request: in.reqIDs[r], Reason: in.unmatchedReason(mode, r, left)})
			continue
		}
		a := Assignment{Request: in.reqIDs[r], Mentor: in.menIDs[m], Locked: in.lockedTo[r] == m}
		if e := in.edgeOf(r, m); e != nil && e.scored {
			a.Score = e.score
		}
		res.TotalScore += a.Score
		res.Assignments = append(res.Assignments, a)
	}
	res.BlockingPairs = in.blocking(assign, nil)
	return res
}

// unmatchedReason explains why r is unmatched, given each mentor's places
// left after the round.
func (in *Instance) unmatchedReason(mode Mode, r int, left []int) Reason {
	reason := ReasonNoAcceptableMentor
	for _, e := range in.reqEdges(r) {
		if !mode.acceptable(&e) {
			continue
		}
		if left[e.mentor] > 0 && mode != ModeStable {
			return ReasonNoGain
		}
		reason = ReasonMentorsFull
	}
	return reason
}
