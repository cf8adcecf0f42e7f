package matching

import (
	"math/rand/v2"
	"testing"
)

// naive is an independent, quadratic model of an instance given by
// preference lists, used to check Stable and CheckStable.
type naive struct {
	in      Input
	rankR   map[Pair]int // request's rank of a mentor
	rankM   map[Pair]int // mentor's rank of a request
	capOf   map[string]int
	banned  map[Pair]bool
	lockedM map[string]string
}

func newNaive(in Input) *naive {
	n := &naive{in: in, rankR: map[Pair]int{}, rankM: map[Pair]int{}, capOf: map[string]int{}, banned: map[Pair]bool{}, lockedM: map[string]string{}}
	for _, r := range in.Requests {
		for k, m := range r.Prefs {
			n.rankR[Pair{r.ID, m}] = k
		}
	}
	for _, m := range in.Mentors {
		n.capOf[m.ID] = m.Capacity
		for k, r := range m.Prefs {
			n.rankM[Pair{r, m.ID}] = k
		}
	}
	for _, p := range in.Banned {
		n.banned[p] = true
	}
	for _, p := range in.Locked {
		n.lockedM[p.Request] = p.Mentor
	}
	return n
}

func (n *naive) acceptable(p Pair) bool {
	_, a := n.rankR[p]
	_, b := n.rankM[p]
	return a && b && !n.banned[p]
}

// blocking counts blocking pairs straight from the definition.
func (n *naive) blocking(assign map[string]string) int {
	count := 0
	for _, r := range n.in.Requests {
		if _, locked := n.lockedM[r.ID]; locked {
			continue
		}
		for _, m := range n.in.Mentors {
			p := Pair{r.ID, m.ID}
			if !n.acceptable(p) || assign[r.ID] == m.ID {
				continue
			}
			cur, has := assign[r.ID]
			if has {
				if k, listed := n.rankR[Pair{r.ID, cur}]; listed && k < n.rankR[p] {
					continue // r prefers its own mentor
				}
			}
			held, wants := 0, false
			for _, r2 := range n.in.Requests {
				if assign[r2.ID] != m.ID || n.lockedM[r2.ID] == m.ID {
					continue
				}
				held++
				if k, listed := n.rankM[Pair{r2.ID, m.ID}]; !listed || n.rankM[p] < k {
					wants = true
				}
			}
			locks := 0
			for _, lm := range n.lockedM {
				if lm == m.ID {
					locks++
				}
			}
			if wants || held < n.capOf[m.ID]-locks {
				count++
			}
		}
	}
	return count
}

// stableMatchings enumerates every valid assignment of acceptable pairs
// (locks fixed) and returns the stable ones.
func (n *naive) stableMatchings() []map[string]string {
	var out []map[string]string
	assign := map[string]string{}
	load := map[string]int{}
	for r, m := range n.lockedM {
		assign[r] = m
		load[m]++
	}
	var walk func(i int)
	walk = func(i int) {
		if i == len(n.in.Requests) {
			if n.blocking(assign) == 0 {
				cp := map[string]string{}
				for k, v := range assign {
					cp[k] = v
				}
				out = append(out, cp)
			}
			return
		}
		r := n.in.Requests[i].ID
		if _, locked := n.lockedM[r]; locked {
			walk(i + 1)
			return
		}
		walk(i + 1)
		for _, m := range n.in.Mentors {
			if n.acceptable(Pair{r, m.ID}) && load[m.ID] < n.capOf[m.ID] {
				assign[r] = m.ID
				load[m.ID]++
				walk(i + 1)
				load[m.ID]--
				delete(assign, r)
			}
		}
	}
	walk(0)
	return out
}

func assignMap(as []Assignment) map[string]string {
	m := map[string]string{}
	for _, a := range as {
		m[a.Request] = a.Mentor
	}
	return m
}

func TestStableIsRequestOptimal(t *testing.T) {
	rng := newRand(7)
	for i := range 2000 {
		in := randomPrefsInput(rng, 1+rng.IntN(5), 1+rng.IntN(3), 2, 1+rng.IntN(3))
		if rng.IntN(3) == 0 {
			in.Banned = append(in.Banned, Pair{in.Requests[0].ID, in.Mentors[0].ID})
		}
		if rng.IntN(4) == 0 && in.Mentors[0].ID != "" {
			in.Locked = append(in.Locked, Pair{in.Requests[len(in.Requests)-1].ID, in.Mentors[len(in.Mentors)-1].ID})
		}
		inst, err := NewInstance(in)
		if err != nil {
			continue // a lock on a banned pair: NewInstance's own tests cover it
		}
		n := newNaive(in)
		got := Stable(inst)
		gotMap := assignMap(got.Assignments)
		if b := n.blocking(gotMap); b != 0 || got.BlockingPairs != 0 {
			t.Fatalf("instance %d %+v: result %v has %d blocking pairs (reported %d)", i, in, gotMap, b, got.BlockingPairs)
		}
		if err := CheckValid(inst, ModeStable, got.Assignments); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		all := n.stableMatchings()
		if len(all) == 0 {
			t.Fatalf("instance %d: enumeration found no stable matching", i)
		}
		for _, other := range all {
			for _, r := range in.Requests {
				if worse(n, r.ID, gotMap[r.ID], other[r.ID]) {
					t.Fatalf("instance %d %+v: request %s gets %q but stable matching %v gives it %q", i, in, r.ID, gotMap[r.ID], other, other[r.ID])
				}
			}
		}
	}
}

// worse reports whether mentor a is worse for request r than mentor b
// ("" = unmatched, the worst).
func worse(n *naive, r, a, b string) bool {
	if b == "" || a == b {
		return false
	}
	if a == "" {
		return true
	}
	return n.rankR[Pair{r, b}] < n.rankR[Pair{r, a}]
}

func TestCheckStableAgreesWithDefinition(t *testing.T) {
	rng := newRand(8)
	for i := range 2000 {
		in := randomPrefsInput(rng, 1+rng.IntN(6), 1+rng.IntN(4), 2, 1+rng.IntN(4))
		inst := mustInstance(t, in)
		as := randomValidAssignment(rng, inst)
		got, err := CheckStable(inst, as)
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		if want := newNaive(in).blocking(assignMap(as)); len(got) != want {
			t.Fatalf("instance %d %+v, assignment %v: %d blocking pairs %v, definition gives %d", i, in, as, len(got), got, want)
		}
	}
}

// randomValidAssignment places requests at random on acceptable mentors
// with room, so most results are unstable.
func randomValidAssignment(rng *rand.Rand, inst *Instance) []Assignment {
	left := inst.residual()
	var as []Assignment
	for r := range inst.reqIDs {
		es := inst.reqEdges(r)
		if len(es) == 0 || rng.IntN(4) == 0 {
			continue
		}
		e := es[rng.IntN(len(es))]
		if e.mutual && left[e.mentor] > 0 {
			left[e.mentor]--
			as = append(as, Assignment{Request: inst.reqIDs[r], Mentor: inst.menIDs[e.mentor]})
		}
	}
	return as
}

func TestStableKnownInstance(t *testing.T) {
	// Textbook HR instance: r1, r2 both want m1 (capacity 1), which
	// prefers r2; r1 falls back to m2. r3 lists only m1 and stays out.
	in := Input{
		Requests: []RequestPrefs{{ID: "r1", Prefs: []string{"m1", "m2"}}, {ID: "r2", Prefs: []string{"m1"}}, {ID: "r3", Prefs: []string{"m1"}}},
		Mentors:  []MentorPrefs{{ID: "m1", Capacity: 1, Prefs: []string{"r2", "r1", "r3"}}, {ID: "m2", Capacity: 2, Prefs: []string{"r1"}}},
	}
	got := Stable(mustInstance(t, in))
	want := []Assignment{{Request: "r1", Mentor: "m2"}, {Request: "r2", Mentor: "m1"}}
	if len(got.Assignments) != len(want) || got.Assignments[0] != want[0] || got.Assignments[1] != want[1] {
		t.Errorf("assignments %v, want %v", got.Assignments, want)
	}
	if wantOut := []Unmatched{{"r3", ReasonMentorsFull}}; !equalUnmatched(got.Unmatched, wantOut) {
		t.Errorf("unmatched %v, want %v", got.Unmatched, wantOut)
	}
}
