package matching

import (
	"reflect"
	"runtime"
	"slices"
	"testing"
)

func TestRandomStableRoundsAreStableAndValid(t *testing.T) {
	for seed := range uint64(60) {
		rng := newRand(400 + seed)
		in := randomPrefsInput(rng, 20+rng.IntN(200), 2+rng.IntN(20), 5, 1+rng.IntN(8))
		inst := mustInstance(t, in)
		res := Stable(inst)
		if err := CheckValid(inst, ModeStable, res.Assignments); err != nil {
			t.Errorf("seed %d: invalid: %v", seed, err)
		}
		if b, err := CheckStable(inst, res.Assignments); err != nil || len(b) != 0 {
			t.Errorf("seed %d: blocking pairs %v, err %v", seed, b, err)
		}
	}
}

// TestDeterminism runs every solver at GOMAXPROCS 1 and 4 and on a
// shuffled copy of the input: the results must be identical.
func TestDeterminism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	solvers := map[string]func(*Instance) RoundResult{"stable": Stable, "optimal": Optimal, "fcfs": FCFS, "greedy": Greedy}
	for seed := range uint64(10) {
		rng := newRand(500 + seed)
		in := randomInput(rng, 100, 15, 4, 0.5)
		shuffled := in
		shuffled.Requests = slices.Clone(in.Requests)
		shuffled.Scores = slices.Clone(in.Scores)
		rng.Shuffle(len(shuffled.Requests), func(a, b int) {
			shuffled.Requests[a], shuffled.Requests[b] = shuffled.Requests[b], shuffled.Requests[a]
		})
		rng.Shuffle(len(shuffled.Scores), func(a, b int) { shuffled.Scores[a], shuffled.Scores[b] = shuffled.Scores[b], shuffled.Scores[a] })
		for name, solve := range solvers {
			runtime.GOMAXPROCS(1)
			want := solve(mustInstance(t, in))
			runtime.GOMAXPROCS(4)
			if got := solve(mustInstance(t, in)); !reflect.DeepEqual(got, want) {
				t.Errorf("seed %d %s: differs across GOMAXPROCS", seed, name)
			}
			if got := solve(mustInstance(t, shuffled)); !reflect.DeepEqual(got, want) {
				t.Errorf("seed %d %s: differs for shuffled input", seed, name)
			}
		}
	}
}

// TestOptimalBeatsFCFSOnCorrelatedRounds pins the measured gain of a round
// over first-come-first-served on correlated 200 × 50 instances
// (correlatedInput): at least 5 % on every fixed seed.
func TestOptimalBeatsFCFSOnCorrelatedRounds(t *testing.T) {
	for seed := range uint64(8) {
		inst := mustInstance(t, correlatedInput(seed+1, 200, 50))
		opt, fcfs := Optimal(inst), FCFS(inst)
		if ratio := opt.TotalScore / fcfs.TotalScore; ratio < 1.05 {
			t.Errorf("seed %d: optimal %.1f / fcfs %.1f = %.3f, want ≥ 1.05", seed+1, opt.TotalScore, fcfs.TotalScore, ratio)
		} else {
			t.Logf("seed %d: optimal/fcfs = %.3f, blocking pairs optimal %d", seed+1, ratio, opt.BlockingPairs)
		}
	}
}
