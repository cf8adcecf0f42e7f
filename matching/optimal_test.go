package matching

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// bruteForce is the best total of in by enumerating every assignment; it
// works from the Input, not from the Instance, so it shares no code with
// the solver.
func bruteForce(in Input) float64 {
	banned := map[Pair]bool{}
	for _, p := range in.Banned {
		banned[p] = true
	}
	score := map[Pair]float64{}
	for _, s := range in.Scores {
		if p := (Pair{s.Request, s.Mentor}); !banned[p] {
			score[p] = s.Score
		}
	}
	lockedTo := map[string]string{}
	for _, p := range in.Locked {
		lockedTo[p.Request] = p.Mentor
	}
	left := map[string]int{}
	for _, m := range in.Mentors {
		left[m.ID] = m.Capacity
	}
	for _, m := range lockedTo {
		left[m]--
	}
	var best float64
	var walk func(i int, total float64)
	walk = func(i int, total float64) {
		if i == len(in.Requests) {
			best = max(best, total)
			return
		}
		r := in.Requests[i].ID
		if m, ok := lockedTo[r]; ok {
			walk(i+1, total+score[Pair{r, m}])
			return
		}
		walk(i+1, total)
		for _, m := range in.Mentors {
			if s, ok := score[Pair{r, m.ID}]; ok && left[m.ID] > 0 {
				left[m.ID]--
				walk(i+1, total+s)
				left[m.ID]++
			}
		}
	}
	walk(0, 0)
	return best
}

// withRules adds a few random bans and locks; locks that cannot hold are
// dropped by the caller's retry.
func withRules(rng *rand.Rand, in Input) Input {
	for range rng.IntN(3) {
		in.Banned = append(in.Banned, Pair{in.Requests[rng.IntN(len(in.Requests))].ID, in.Mentors[rng.IntN(len(in.Mentors))].ID})
	}
	for range rng.IntN(2) {
		in.Locked = append(in.Locked, Pair{in.Requests[rng.IntN(len(in.Requests))].ID, in.Mentors[rng.IntN(len(in.Mentors))].ID})
	}
	return in
}

func TestOptimalMatchesBruteForce(t *testing.T) {
	rng := newRand(1)
	checked := 0
	for checked < 3000 {
		in := withRules(rng, randomInput(rng, 1+rng.IntN(5), 1+rng.IntN(3), 2, 0.7))
		inst, err := NewInstance(in)
		if errors.Is(err, ErrLockConflict) {
			continue
		}
		if err != nil {
			t.Fatalf("NewInstance: %v", err)
		}
		checked++
		got := Optimal(inst)
		want := bruteForce(in)
		if math.Abs(got.TotalScore-want) > 1e-9 {
			t.Fatalf("instance %d %+v: optimal total %v, brute force %v", checked, in, got.TotalScore, want)
		}
		if harsh, _ := optimal(inst, pruneSizes{request: 1, mentorExtra: 1}); math.Abs(harsh.TotalScore-want) > 1e-9 {
			t.Fatalf("instance %d %+v: harshly pruned total %v, brute force %v", checked, in, harsh.TotalScore, want)
		}
		if err := CheckValid(inst, ModeOptimal, got.Assignments); err != nil {
			t.Fatalf("instance %d: optimal result invalid: %v", checked, err)
		}
		for _, base := range []RoundResult{FCFS(inst), Greedy(inst)} {
			if err := CheckValid(inst, base.Mode, base.Assignments); err != nil {
				t.Fatalf("instance %d: %s result invalid: %v", checked, base.Mode, err)
			}
			if base.TotalScore > got.TotalScore+1e-9 {
				t.Fatalf("instance %d: %s total %v above optimal %v", checked, base.Mode, base.TotalScore, got.TotalScore)
			}
		}
	}
}

// lpOptimum solves the LP relaxation of the round with gonum's simplex:
// maximise Σ w·x subject to Σ_m x ≤ 1 per request and Σ_r x ≤ capacity
// per mentor, x ≥ 0. The constraint matrix is totally unimodular
// (bipartite incidence), so the LP optimum is the integer optimum. The LP
// is written in standard form directly, with one slack per row: going
// through lp.Convert would split every variable into x⁺ − x⁻ (its general
// form has free variables) and double the work.
func lpOptimum(t *testing.T, in Input) float64 {
	t.Helper()
	row := map[string]int{}
	for i, r := range in.Requests {
		row["r:"+r.ID] = i
	}
	for j, m := range in.Mentors {
		row["m:"+m.ID] = len(in.Requests) + j
	}
	rows, n := len(in.Requests)+len(in.Mentors), len(in.Scores)
	a := mat.NewDense(rows, n+rows, nil)
	c := make([]float64, n+rows)
	for k, s := range in.Scores {
		c[k] = -s.Score
		a.Set(row["r:"+s.Request], k, 1)
		a.Set(row["m:"+s.Mentor], k, 1)
	}
	b := make([]float64, rows)
	basic := make([]int, rows) // the slacks: x = 0 is feasible
	for i := range rows {
		a.Set(i, n+i, 1)
		basic[i] = n + i
		b[i] = 1
	}
	for j, m := range in.Mentors {
		b[len(in.Requests)+j] = float64(m.Capacity)
	}
	opt, _, err := lp.Simplex(c, a, b, 1e-10, basic)
	if err != nil {
		t.Fatalf("simplex: %v", err)
	}
	return -opt
}

func TestOptimalMatchesLP(t *testing.T) {
	for seed := range uint64(40) {
		rng := newRand(100 + seed)
		in := randomInput(rng, 20+rng.IntN(30), 4+rng.IntN(8), 4, 0.5)
		for k := range in.Scores {
			in.Scores[k].Score = 100 * rng.Float64() // continuous, so no ties hide errors
		}
		got := Optimal(mustInstance(t, in)).TotalScore
		if want := lpOptimum(t, in); math.Abs(got-want) > 1e-6*max(1, want) {
			t.Errorf("seed %d: optimal total %v, LP %v", seed, got, want)
		}
	}
}

func TestOptimalAtLeastGreedy(t *testing.T) {
	for seed := range uint64(50) {
		rng := newRand(200 + seed)
		inst := mustInstance(t, randomInput(rng, 30+rng.IntN(60), 3+rng.IntN(10), 3, 0.3+0.6*rng.Float64()))
		opt := Optimal(inst)
		for _, base := range []RoundResult{FCFS(inst), Greedy(inst)} {
			if base.TotalScore > opt.TotalScore+1e-9 {
				t.Errorf("seed %d: %s total %v above optimal %v", seed, base.Mode, base.TotalScore, opt.TotalScore)
			}
		}
	}
}

func TestOptimalLeavesRequestOutWhenBetter(t *testing.T) {
	// r1 can go only to m1; r2 prefers m1 but m2 is nearly as good. One
	// place each: the optimum gives m1 to r1 and m2 to r2 (total 18), not
	// r2 to m1 (10) — and with m2 gone, r2 stays out rather than take m1.
	tests := []struct {
		name      string
		mentors   []MentorPrefs
		scores    []PairScore
		wantTotal float64
		wantOut   []Unmatched
	}{
		{
			name:      "reroute",
			mentors:   []MentorPrefs{{ID: "m1", Capacity: 1}, {ID: "m2", Capacity: 1}},
			scores:    []PairScore{{"r1", "m1", 9}, {"r2", "m1", 10}, {"r2", "m2", 9}},
			wantTotal: 18,
			wantOut:   []Unmatched{},
		},
		{
			name:      "leave out",
			mentors:   []MentorPrefs{{ID: "m1", Capacity: 1}},
			scores:    []PairScore{{"r1", "m1", 9}, {"r2", "m1", 10}},
			wantTotal: 10,
			wantOut:   []Unmatched{{"r1", ReasonMentorsFull}},
		},
		{
			name:      "zero score adds nothing",
			mentors:   []MentorPrefs{{ID: "m1", Capacity: 2}},
			scores:    []PairScore{{"r1", "m1", 0}, {"r2", "m1", 3}},
			wantTotal: 3,
			wantOut:   []Unmatched{{"r1", ReasonNoGain}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst := mustInstance(t, Input{Requests: []RequestPrefs{{ID: "r1"}, {ID: "r2"}}, Mentors: tt.mentors, Scores: tt.scores})
			got := Optimal(inst)
			if got.TotalScore != tt.wantTotal {
				t.Errorf("total %v, want %v", got.TotalScore, tt.wantTotal)
			}
			if !equalUnmatched(got.Unmatched, tt.wantOut) {
				t.Errorf("unmatched %v, want %v", got.Unmatched, tt.wantOut)
			}
		})
	}
}

func equalUnmatched(a, b []Unmatched) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// noPrune keeps every edge: the plain exact solver.
var noPrune = pruneSizes{request: math.MaxInt32}

func TestPruningLosesNothing(t *testing.T) {
	tests := []struct {
		name string
		in   Input
	}{
		{"dense 500x100", denseInput(1, 500, 100, 4)},
		{"dense 2000x400", denseInput(1, 2000, 400, 4)},
		{"correlated 200x50", correlatedInput(1, 200, 50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && len(tt.in.Scores) > 100000 {
				t.Skip("large instance")
			}
			inst := mustInstance(t, tt.in)
			pruned, solves := optimal(inst, defaultPrune)
			full, _ := optimal(inst, noPrune)
			if math.Abs(pruned.TotalScore-full.TotalScore) > 1e-9*full.TotalScore {
				t.Errorf("pruned total %v, unpruned %v", pruned.TotalScore, full.TotalScore)
			}
			if solves != 1 {
				t.Errorf("certificate needed %d solves, want 1 on the benchmark instances", solves)
			}
		})
	}
}

// TestCertificateRepairsHarshPruning prunes to almost nothing, so the
// certificate must find the missing edges; the result must still be exact.
func TestCertificateRepairsHarshPruning(t *testing.T) {
	harsh := pruneSizes{request: 1, mentorFactor: 0, mentorExtra: 1}
	resolved := 0
	for seed := range uint64(30) {
		rng := newRand(300 + seed)
		in := randomInput(rng, 20+rng.IntN(30), 4+rng.IntN(8), 3, 0.6)
		for k := range in.Scores {
			in.Scores[k].Score = 100 * rng.Float64()
		}
		got, solves := optimal(mustInstance(t, in), harsh)
		if solves > 1 {
			resolved++
		}
		if want := lpOptimum(t, in); math.Abs(got.TotalScore-want) > 1e-6*max(1, want) {
			t.Errorf("seed %d: harshly pruned total %v, LP %v", seed, got.TotalScore, want)
		}
	}
	if resolved == 0 {
		t.Error("no instance needed a second solve: the test does not exercise the certificate")
	}
}
