package matching

import (
	"errors"
	"fmt"
	"testing"
)

func TestRank(t *testing.T) {
	req := baseRequest()
	var mentors []Mentor
	for i := range 30 {
		m := baseMentor()
		m.ID = fmt.Sprintf("m%02d", 29-i) // input order is not id order
		m.Offers[0].Level = 1 + i%3
		if i%7 == 0 {
			m.Languages = []string{"fr"}
		}
		mentors = append(mentors, m)
	}
	got, err := Rank(req, mentors, Rules{Declined: []Pair{{req.ID, "m00"}}}, DefaultWeights(), 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Suggestions) != 5 {
		t.Fatalf("%d suggestions, want 5", len(got.Suggestions))
	}
	for i, s := range got.Suggestions {
		m := mentors[29-mustAtoi(t, s.Mentor[1:])]
		want, reason := Score(req, m, Rules{}, DefaultWeights())
		if reason != "" || want.Score != s.Score {
			t.Errorf("suggestion %d (%s): score %v, Score gives %v %q", i, s.Mentor, s.Score, want.Score, reason)
		}
		if i > 0 {
			prev := got.Suggestions[i-1]
			if prev.Score < s.Score || prev.Score == s.Score && prev.Mentor > s.Mentor {
				t.Errorf("order: %s (%v) before %s (%v)", prev.Mentor, prev.Score, s.Mentor, s.Score)
			}
		}
	}
	// Equal scores: the smaller id wins.
	if got.Suggestions[0].Score == got.Suggestions[1].Score && got.Suggestions[0].Mentor > got.Suggestions[1].Mentor {
		t.Error("tie not broken by id")
	}
	wantExcluded := map[string]Reason{"m00": ReasonDeclined}
	for i := 0; i < 30; i += 7 {
		wantExcluded[fmt.Sprintf("m%02d", 29-i)] = ReasonNoSharedLanguage
	}
	if len(got.Excluded) != len(wantExcluded) {
		t.Fatalf("excluded %v, want %v", got.Excluded, wantExcluded)
	}
	for i, e := range got.Excluded {
		if wantExcluded[e.Mentor] != e.Reason {
			t.Errorf("excluded %s for %q, want %q", e.Mentor, e.Reason, wantExcluded[e.Mentor])
		}
		if i > 0 && got.Excluded[i-1].Mentor >= e.Mentor {
			t.Errorf("excluded not sorted by id: %v", got.Excluded)
		}
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRankErrors(t *testing.T) {
	m := baseMentor()
	if _, err := Rank(baseRequest(), []Mentor{m, m}, Rules{}, DefaultWeights(), 3); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("duplicate mentors: error %v, want ErrDuplicateID", err)
	}
	m.FreeCapacity = -1
	if _, err := Rank(baseRequest(), []Mentor{m}, Rules{}, DefaultWeights(), 3); !errors.Is(err, ErrInvalidProfile) {
		t.Errorf("negative capacity: error %v, want ErrInvalidProfile", err)
	}
}

func BenchmarkRankTop10Of1000(b *testing.B) {
	rng := newRand(3)
	topics := []string{"sexual & reproductive health", "advocacy & media", "fundraising", "leadership & governance", "running a safe space", "sensitising police"}
	req := baseRequest()
	req.Needs = []Need{{topics[0], 3}, {topics[1], 2}, {topics[4], 1}}
	mentors := make([]Mentor, 1000)
	for i := range mentors {
		m := baseMentor()
		m.ID = fmt.Sprintf("org%04d", i)
		m.Offers = nil
		for _, tp := range topics {
			if rng.IntN(2) == 0 {
				m.Offers = append(m.Offers, Offer{tp, 1 + rng.IntN(3)})
			}
		}
		m.FreeCapacity, m.ActiveExchanges = rng.IntN(4), rng.IntN(5)
		m.Track = TrackRecord{Ratings: rng.IntN(10)}
		m.Track.Sum = float64(m.Track.Ratings) * (1 + 4*rng.Float64())
		mentors[i] = m
	}
	w := DefaultWeights()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Rank(req, mentors, Rules{}, w, 10); err != nil {
			b.Fatal(err)
		}
	}
}
