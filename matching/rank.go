package matching

import (
	"cmp"
	"fmt"
	"slices"
)

// Exclusion is a mentor organisation the hard filters removed for a
// request, with the reason.
type Exclusion struct {
	Mentor string
	Reason Reason
}

// Ranking is the answer of Rank.
type Ranking struct {
	// Suggestions, best first: higher score, then smaller mentor id.
	Suggestions []Suggestion
	// Excluded candidates, sorted by mentor id.
	Excluded []Exclusion
}

// Rank scores every mentor against req and returns the k best with their
// explanations (all of them when k <= 0) and every filtered-out mentor
// with its reason. It selects the top k with a bounded heap and renders
// explanation text only for those, so it stays well under a millisecond
// for a thousand organisations.
//
// Errors: ErrInvalidWeights, ErrInvalidID or ErrInvalidProfile for invalid
// input, ErrDuplicateID when two mentors share an id.
func Rank(req Request, mentors []Mentor, rules Rules, w Weights, k int) (Ranking, error) {
	if err := w.Validate(); err != nil {
		return Ranking{}, err
	}
	if err := req.Validate(); err != nil {
		return Ranking{}, err
	}
	seen := make(map[string]struct{}, len(mentors))
	for i := range mentors {
		if err := mentors[i].Validate(); err != nil {
			return Ranking{}, err
		}
		if _, dup := seen[mentors[i].ID]; dup {
			return Ranking{}, fmt.Errorf("mentor %q: %w", mentors[i].ID, ErrDuplicateID)
		}
		seen[mentors[i].ID] = struct{}{}
	}
	if k <= 0 || k > len(mentors) {
		k = len(mentors)
	}

	rs := newRuleSet(&rules)
	top := topK{k: k}
	var out Ranking
	for i := range mentors {
		m := &mentors[i]
		if r := filter(&req, m, &rs); r != "" {
			out.Excluded = append(out.Excluded, Exclusion{Mentor: m.ID, Reason: r})
			continue
		}
		p := scorePair(&req, m, &w)
		top.offer(candidate{idx: i, id: m.ID, score: p.sum(), pts: p})
	}
	best := top.sorted()
	out.Suggestions = make([]Suggestion, len(best))
	for i, c := range best {
		out.Suggestions[i] = explain(&req, &mentors[c.idx], &w, &c.pts)
	}
	slices.SortFunc(out.Excluded, func(a, b Exclusion) int { return cmp.Compare(a.Mentor, b.Mentor) })
	return out, nil
}

type candidate struct {
	idx   int
	id    string
	score float64
	pts   points
}

// better orders candidates best first: higher score, then smaller id, so
// ties never depend on input order.
func better(a, b *candidate) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.id < b.id
}

// topK keeps the k best candidates in a heap whose root is the worst kept,
// so each offer costs O(log k).
type topK struct {
	k int
	h []candidate
}

func (t *topK) offer(c candidate) {
	if len(t.h) < t.k {
		t.h = append(t.h, c)
		t.up(len(t.h) - 1)
		return
	}
	if t.k == 0 || !better(&c, &t.h[0]) {
		return
	}
	t.h[0] = c
	t.down(0)
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !better(&t.h[p], &t.h[i]) {
			return
		}
		t.h[p], t.h[i] = t.h[i], t.h[p]
		i = p
	}
}

func (t *topK) down(i int) {
	for {
		w := i
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(t.h) && better(&t.h[w], &t.h[c]) {
				w = c
			}
		}
		if w == i {
			return
		}
		t.h[w], t.h[i] = t.h[i], t.h[w]
		i = w
	}
}

// sorted returns the kept candidates best first.
func (t *topK) sorted() []candidate {
	slices.SortFunc(t.h, func(a, b candidate) int {
		if better(&a, &b) {
			return -1
		}
		return 1
	})
	return t.h
}
