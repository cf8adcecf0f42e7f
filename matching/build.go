package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// builder turns the id-based preference lists and scores into the
// per-request edge lists of an Instance, in time linear in the input
// (plus sorting), using per-mentor scratch arrays instead of maps.
type builder struct {
	inst *Instance
	warn map[WarningCode]*Warning
}

// note counts a warning, keeping the first example.
func (b *builder) note(code WarningCode, example string) {
	w := b.warn[code]
	if w == nil {
		w = &Warning{Code: code, Example: example}
		b.warn[code] = w
	}
	w.Count++
}

// listed is a mentor's listing of a request: mentor m ranks it k-th.
type listed struct{ m, k int32 }

// scoreOf is one score under its request.
type scoreOf struct {
	m int32
	s float64
}

func (b *builder) build(reqPrefs, menPrefs [][]string, scores []PairScore) error {
	in := b.inst
	hasPrefs := false
	for m, c := range in.capacity {
		if c == 0 {
			b.note(WarnZeroCapacity, fmt.Sprintf("mentor %q", in.menIDs[m]))
		}
		hasPrefs = hasPrefs || len(menPrefs[m]) > 0
	}
	for _, p := range reqPrefs {
		hasPrefs = hasPrefs || len(p) > 0
	}
	byReq, err := b.mentorLists(menPrefs, hasPrefs)
	if err != nil {
		return err
	}
	scoresByReq, err := b.scoresByRequest(scores)
	if err != nil {
		return err
	}

	pos := make([]int32, len(in.menIDs)) // index of the mentor's edge in edges, -1 none, -2 banned
	for i := range pos {
		pos[i] = -1
	}
	in.start = make([]int32, len(in.reqIDs)+1)
	edges := make([]edge, 0, len(scores)+len(byReq))
	for r := range in.reqIDs {
		rid := in.reqIDs[r]
		base := len(edges)
		if hasPrefs && len(reqPrefs[r]) == 0 {
			b.note(WarnEmptyPrefs, fmt.Sprintf("request %q", rid))
		}
		var bannedListed []int32
		for _, id := range reqPrefs[r] {
			m, ok := in.menIdx[id]
			switch {
			case !ok:
				return fmt.Errorf("request %q prefs: mentor %q: %w", rid, id, ErrUnknownID)
			case pos[m] != -1:
				return fmt.Errorf("request %q prefs: mentor %q: %w", rid, id, ErrDuplicateID)
			case in.isBanned(int32(r), m):
				pos[m] = -2
				bannedListed = append(bannedListed, m)
				continue
			}
			pos[m] = int32(len(edges))
			edges = append(edges, edge{mentor: m, mRank: notRanked})
		}
		for _, l := range byReq[r] {
			if p := pos[l.m]; p >= 0 {
				edges[p].mutual, edges[p].mRank = true, l.k
			} else if p == -1 && !in.isBanned(int32(r), l.m) {
				b.note(WarnNonReciprocal, fmt.Sprintf("mentor %q lists request %q", in.menIDs[l.m], rid))
			}
		}
		for _, e := range edges[base:] {
			if !e.mutual {
				b.note(WarnNonReciprocal, fmt.Sprintf("request %q lists mentor %q", rid, in.menIDs[e.mentor]))
			}
		}
		for _, sc := range scoresByReq[r] {
			p := pos[sc.m]
			switch {
			case p == -2 || (p == -1 && in.isBanned(int32(r), sc.m)):
				continue
			case p == -1:
				pos[sc.m] = int32(len(edges))
				edges = append(edges, edge{mentor: sc.m, mRank: notRanked, score: sc.s, scored: true})
			case edges[p].scored:
				return fmt.Errorf("score (%q, %q): %w", rid, in.menIDs[sc.m], ErrDuplicatePair)
			default:
				edges[p].score, edges[p].scored = sc.s, true
			}
		}
		for _, e := range edges[base:] {
			pos[e.mentor] = -1
		}
		for _, m := range bannedListed {
			pos[m] = -1
		}
		edges = append(edges[:base], orderEdges(edges[base:], hasPrefs)...)
		in.start[r+1] = int32(len(edges))
	}
	in.edges = edges
	if !hasPrefs {
		in.rankByScore()
	}
	return nil
}

// orderEdges orders one request's edges in place and returns them. With
// preference lists: the mutual ones first, in list order, then the
// scored-only ones by mentor index, dropping pairs neither mutual nor
// scored. Without: every scored pair is mutual, higher score first, ties
// by mentor index.
func orderEdges(es []edge, hasPrefs bool) []edge {
	if !hasPrefs {
		for i := range es {
			es[i].mutual = true
		}
		slices.SortFunc(es, func(a, b edge) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.mentor, b.mentor)
		})
		return es
	}
	slices.SortStableFunc(es, func(a, b edge) int {
		switch {
		case a.mutual && b.mutual:
			return 0 // keep list order
		case a.mutual != b.mutual:
			if a.mutual {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.mentor, b.mentor)
	})
	return slices.DeleteFunc(es, func(e edge) bool { return !e.mutual && !e.scored })
}

// mentorLists resolves the mentors' lists and buckets them by request.
func (b *builder) mentorLists(menPrefs [][]string, hasPrefs bool) ([][]listed, error) {
	in := b.inst
	byReq := make([][]listed, len(in.reqIDs))
	last := make([]int32, len(in.reqIDs)) // last mentor+1 that listed the request, to catch repeats
	for m, list := range menPrefs {
		if hasPrefs && len(list) == 0 {
			b.note(WarnEmptyPrefs, fmt.Sprintf("mentor %q", in.menIDs[m]))
		}
		for k, id := range list {
			r, ok := in.reqIdx[id]
			switch {
			case !ok:
				return nil, fmt.Errorf("mentor %q prefs: request %q: %w", in.menIDs[m], id, ErrUnknownID)
			case last[r] == int32(m)+1:
				return nil, fmt.Errorf("mentor %q prefs: request %q: %w", in.menIDs[m], id, ErrDuplicateID)
			}
			last[r] = int32(m) + 1
			byReq[r] = append(byReq[r], listed{int32(m), int32(k)})
		}
	}
	return byReq, nil
}

// scoresByRequest validates the scores and buckets them by request.
func (b *builder) scoresByRequest(scores []PairScore) ([][]scoreOf, error) {
	in := b.inst
	counts := make([]int32, len(in.reqIDs)+1)
	idx := make([][2]int32, len(scores))
	var r int32
	var rKnown bool
	for i, s := range scores {
		if i == 0 || s.Request != scores[i-1].Request { // scores usually come grouped by request
			r, rKnown = in.reqIdx[s.Request]
		}
		m, mKnown := in.menIdx[s.Mentor]
		if !rKnown || !mKnown {
			_, _, err := in.pair("score", Pair{Request: s.Request, Mentor: s.Mentor})
			return nil, err
		}
		if math.IsNaN(s.Score) || math.IsInf(s.Score, 0) || s.Score < 0 {
			return nil, fmt.Errorf("score (%q, %q): %w: %v", s.Request, s.Mentor, ErrInvalidScore, s.Score)
		}
		idx[i] = [2]int32{r, m}
		counts[r+1]++
	}
	// One backing array sliced per request keeps this to two allocations
	// for the 800k scores of a dense 2,000 × 400 round.
	for r := 1; r < len(counts); r++ {
		counts[r] += counts[r-1]
	}
	flat := make([]scoreOf, len(scores))
	fill := slices.Clone(counts[:len(in.reqIDs)])
	for i, s := range scores {
		r := idx[i][0]
		flat[fill[r]] = scoreOf{idx[i][1], s.Score}
		fill[r]++
	}
	out := make([][]scoreOf, len(in.reqIDs))
	for r := range out {
		out[r] = flat[counts[r]:counts[r+1]]
	}
	return out, nil
}
