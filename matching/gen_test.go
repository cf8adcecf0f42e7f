package matching

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)) }

func rid(i int) string { return fmt.Sprintf("r%05d", i) }
func mid(j int) string { return fmt.Sprintf("m%04d", j) }

// randomInput is an unstructured instance: each pair is scored with
// probability density (scores on a coarse grid, so ties happen), and
// capacities are 1..maxCap.
func randomInput(rng *rand.Rand, nR, nM, maxCap int, density float64) Input {
	var in Input
	for i := range nR {
		in.Requests = append(in.Requests, RequestPrefs{ID: rid(i)})
	}
	for j := range nM {
		in.Mentors = append(in.Mentors, MentorPrefs{ID: mid(j), Capacity: 1 + rng.IntN(maxCap)})
	}
	for i := range nR {
		for j := range nM {
			if rng.Float64() < density {
				in.Scores = append(in.Scores, PairScore{rid(i), mid(j), float64(rng.IntN(21)) / 2})
			}
		}
	}
	return in
}

// randomPrefsInput is an instance given by preference lists: each request
// lists a random subset of mentors in random order, and each mentor lists,
// in random order, most of the requests that listed it plus a few that did
// not (non-reciprocal entries are legal and must be ignored).
func randomPrefsInput(rng *rand.Rand, nR, nM, maxCap, listLen int) Input {
	var in Input
	listedBy := make([][]int, nM)
	for i := range nR {
		perm := rng.Perm(nM)[:min(listLen, nM)]
		ids := make([]string, len(perm))
		for k, j := range perm {
			ids[k] = mid(j)
			listedBy[j] = append(listedBy[j], i)
		}
		in.Requests = append(in.Requests, RequestPrefs{ID: rid(i), Prefs: ids})
	}
	for j := range nM {
		var ids []string
		for _, i := range listedBy[j] {
			if rng.IntN(10) > 0 {
				ids = append(ids, rid(i))
			}
		}
		if extra := rng.IntN(nR); !slices.Contains(listedBy[j], extra) {
			ids = append(ids, rid(extra))
		}
		rng.Shuffle(len(ids), func(a, b int) { ids[a], ids[b] = ids[b], ids[a] })
		in.Mentors = append(in.Mentors, MentorPrefs{ID: mid(j), Capacity: 1 + rng.IntN(maxCap), Prefs: ids})
	}
	return in
}

// correlatedInput models a real round. Every mentor has a common quality
// (depth, track record) that all requests value, each pair a fit of its
// own, and the hard filters (language, format) leave about half the pairs.
// Capacity is tight: about one place for every two requests. This is what
// makes first-come-first-served costly: early requests take the good
// mentors that later requests, with fewer acceptable options, needed.
func correlatedInput(seed uint64, nR, nM int) Input {
	rng := newRand(seed)
	var in Input
	quality := make([]float64, nM)
	for j := range nM {
		quality[j] = rng.Float64()
		in.Mentors = append(in.Mentors, MentorPrefs{ID: mid(j), Capacity: 1 + rng.IntN(2)})
	}
	for i := range nR {
		in.Requests = append(in.Requests, RequestPrefs{ID: rid(i)})
		for j := range nM {
			if rng.Float64() < 0.5 {
				s := 60*quality[j] + 40*rng.Float64()
				in.Scores = append(in.Scores, PairScore{rid(i), mid(j), s})
			}
		}
	}
	return in
}

// denseInput scores every pair (correlated as above) with capacity cap
// per mentor.
func denseInput(seed uint64, nR, nM, capacity int) Input {
	rng := newRand(seed)
	var in Input
	quality := make([]float64, nM)
	for j := range nM {
		quality[j] = rng.Float64()
		in.Mentors = append(in.Mentors, MentorPrefs{ID: mid(j), Capacity: capacity})
	}
	in.Scores = make([]PairScore, 0, nR*nM)
	for i := range nR {
		in.Requests = append(in.Requests, RequestPrefs{ID: rid(i)})
		for j := range nM {
			in.Scores = append(in.Scores, PairScore{rid(i), mid(j), 50*quality[j] + 50*rng.Float64()})
		}
	}
	return in
}

// hrInput is the stable-round benchmark shape: each request lists listLen
// mentors, drawn by popularity (a common quality plus noise), and each
// mentor ranks everyone who listed it by the request's standing plus
// noise; capacity is tight (total places below the number of requests).
func hrInput(seed uint64, nR, nM, listLen, capacity int) Input {
	rng := newRand(seed)
	popularity := make([]float64, nM)
	for j := range popularity {
		popularity[j] = rng.Float64()
	}
	standing := make([]float64, nR)
	for i := range standing {
		standing[i] = rng.Float64()
	}
	type keyed struct {
		i   int
		key float64
	}
	listedBy := make([][]keyed, nM)
	var in Input
	cands := make([]keyed, nM)
	for i := range nR {
		for j := range nM {
			cands[j] = keyed{j, popularity[j] + rng.Float64()}
		}
		slices.SortFunc(cands, func(a, b keyed) int { return cmp.Compare(b.key, a.key) })
		ids := make([]string, listLen)
		for k := range listLen {
			ids[k] = mid(cands[k].i)
			listedBy[cands[k].i] = append(listedBy[cands[k].i], keyed{i, standing[i] + 0.5*rng.Float64()})
		}
		in.Requests = append(in.Requests, RequestPrefs{ID: rid(i), Prefs: ids})
	}
	for j := range nM {
		list := listedBy[j]
		slices.SortFunc(list, func(a, b keyed) int { return cmp.Compare(b.key, a.key) })
		ids := make([]string, len(list))
		for k, x := range list {
			ids[k] = rid(x.i)
		}
		in.Mentors = append(in.Mentors, MentorPrefs{ID: mid(j), Capacity: capacity, Prefs: ids})
	}
	return in
}

// mustInstance builds an instance or fails the test.
func mustInstance(t interface {
	Helper()
	Fatalf(string, ...any)
}, in Input) *Instance {
	t.Helper()
	inst, err := NewInstance(in)
	if err != nil {
		t.Fatalf("NewInstance: %v", err)
	}
	return inst
}
