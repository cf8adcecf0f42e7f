package matching

import (
	"fmt"
	"testing"
)

// The benchmark instances are built once per benchmark, outside the timer:
// the timed part is the solver (or checker) on an indexed Instance.
// BenchmarkNewInstance measures the indexing separately.

func BenchmarkStable5000x70(b *testing.B) {
	inst := mustInstance(b, hrInput(1, 5000, 70, 10, 65))
	b.ReportAllocs()
	for b.Loop() {
		Stable(inst)
	}
}

func BenchmarkCheckStable5000x70(b *testing.B) {
	inst := mustInstance(b, hrInput(1, 5000, 70, 10, 65))
	res := Stable(inst)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CheckStable(inst, res.Assignments); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOptimal(b *testing.B) {
	for _, size := range []struct{ r, m, cap int }{{500, 100, 4}, {2000, 400, 4}} {
		b.Run(fmt.Sprintf("%dx%d", size.r, size.m), func(b *testing.B) {
			inst := mustInstance(b, denseInput(1, size.r, size.m, size.cap))
			b.ReportAllocs()
			for b.Loop() {
				Optimal(inst)
			}
		})
	}
}

func BenchmarkNewInstance(b *testing.B) {
	for _, c := range []struct {
		name string
		in   Input
	}{
		{"stable5000x70", hrInput(1, 5000, 70, 10, 65)},
		{"dense2000x400", denseInput(1, 2000, 400, 4)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewInstance(c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCorrelatedGain reports how much more total score the optimal
// round reaches than first-come-first-served on correlated 200 × 50
// instances (see correlatedInput), as the metric optimal/fcfs.
func BenchmarkCorrelatedGain(b *testing.B) {
	inst := mustInstance(b, correlatedInput(1, 200, 50))
	var opt, fcfs RoundResult
	for b.Loop() {
		opt = Optimal(inst)
		fcfs = FCFS(inst)
	}
	b.ReportMetric(opt.TotalScore/fcfs.TotalScore, "optimal/fcfs")
}
