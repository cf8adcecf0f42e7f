package matching

import (
	"math"
	"reflect"
	"testing"
)

// A hosted mentor's host counts apart: its offers of the needs the mentor does not offer
// earn CriterionHostOffers points, named with the host; the mentor's own topic points do
// not change, and a need the mentor offers earns the host nothing.
func TestHostOffersCountApart(t *testing.T) {
	req := baseRequest() // needs advocacy & media (3), fundraising (1)
	own := baseMentor()
	own.Offers = []Offer{{"fundraising", 3}} // leaves advocacy & media open
	amigos := &Host{ID: "h", Name: "Amigos da Rua", Offers: []Offer{{"advocacy & media", 2}, {"fundraising", 3}, {"sensitising police", 3}}}
	tests := []struct {
		name   string
		host   *Host
		points float64
		code   string
		params Params
	}{
		{"no host: no criterion", nil, 0, "", nil},
		{"host covers the open need", amigos, 10 * (3 * 2) / 12.0, CodeHostOffers, Params{"host": "Amigos da Rua", "offered": 1, "topics": []any{
			map[string]any{"topic": "advocacy & media", "priority": 3, "level": 2},
		}}},
		{"host covers only what the mentor offers", &Host{ID: "h", Name: "Amigos da Rua", Offers: []Offer{{"fundraising", 3}}}, 0, CodeHostOffersNone, Params{"host": "Amigos da Rua"}},
		{"host offers nothing needed", &Host{ID: "h", Name: "Amigos da Rua"}, 0, CodeHostOffersNone, Params{"host": "Amigos da Rua"}},
	}
	bare, _ := Score(req, own, Rules{}, DefaultWeights())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := own
			m.Host = tt.host
			s, reason := Score(req, m, Rules{}, DefaultWeights())
			if reason != "" {
				t.Fatalf("filtered: %s", reason)
			}
			for i := range hostIndex {
				if !reflect.DeepEqual(s.Points[i], bare.Points[i]) {
					t.Errorf("%s changed with a host: got %+v, want %+v", s.Points[i].Criterion, s.Points[i], bare.Points[i])
				}
			}
			if tt.host == nil {
				if len(s.Points) != hostIndex || s.Score != bare.Score {
					t.Fatalf("without a host: %d points, score %v", len(s.Points), s.Score)
				}
				return
			}
			if len(s.Points) != numCriteria {
				t.Fatalf("%d points, want %d", len(s.Points), numCriteria)
			}
			p := s.Points[hostIndex]
			if p.Criterion != CriterionHostOffers || math.Abs(p.Points-tt.points) > 1e-12 || p.Code != tt.code || !reflect.DeepEqual(p.Params, tt.params) {
				t.Errorf("got %s %v %s %v, want %v %s %v", p.Criterion, p.Points, p.Code, p.Params, tt.points, tt.code, tt.params)
			}
			if math.Abs(s.Score-(bare.Score+tt.points)) > 1e-9 {
				t.Errorf("score %v, want %v + %v", s.Score, bare.Score, tt.points)
			}
		})
	}
}

// A host's offers never pass the hard filter for the mentor: a mentor that shares no
// topic with the request stays out, whatever its host offers.
func TestHostDoesNotPassTheTopicFilter(t *testing.T) {
	m := baseMentor()
	m.Offers = []Offer{{"sensitising police", 3}}
	m.Host = &Host{ID: "h", Name: "Amigos", Offers: []Offer{{"advocacy & media", 3}}}
	if _, reason := Score(baseRequest(), m, Rules{}, DefaultWeights()); reason != ReasonNoSharedTopic {
		t.Errorf("got %q, want %q", reason, ReasonNoSharedTopic)
	}
}

func TestHostOfferLevelIsValidated(t *testing.T) {
	m := baseMentor()
	m.Host = &Host{ID: "h", Offers: []Offer{{"fundraising", 4}}}
	if err := m.Validate(); err == nil {
		t.Error("a host offer at level 4 is valid")
	}
	w := DefaultWeights()
	w.HostOffers = -1
	if err := w.Validate(); err == nil {
		t.Error("a negative host weight is valid")
	}
}

// Rounds with hosted mentors: the host's points move pairs, and the stable and optimal
// solutions still pass their verifiers.
func TestRoundsWithHostedMentorsVerify(t *testing.T) {
	topics := []string{"advocacy & media", "fundraising", "peer outreach", "sensitising police", "safe spaces"}
	for seed := range uint64(20) {
		rng := newRand(900 + seed)
		var reqs []Request
		for i := range 40 {
			r := Request{ID: "q" + itoa(i), OrgID: "e" + itoa(i), Languages: []string{"pt"}, Formats: []Format{FormatOnline}}
			for _, tp := range topics {
				if rng.IntN(2) == 0 {
					r.Needs = append(r.Needs, Need{tp, 1 + rng.IntN(3)})
				}
			}
			reqs = append(reqs, r)
		}
		var ms []Mentor
		for j := range 8 {
			m := Mentor{ID: "m" + itoa(j), Languages: []string{"pt"}, Formats: []Format{FormatOnline}, FreeCapacity: 1 + rng.IntN(4)}
			for _, tp := range topics {
				if rng.IntN(3) == 0 {
					m.Offers = append(m.Offers, Offer{tp, 1 + rng.IntN(3)})
				}
			}
			if j%2 == 0 {
				m.Host = &Host{ID: "h", Name: "Amigos", Offers: []Offer{{topics[rng.IntN(len(topics))], 3}}}
			}
			ms = append(ms, m)
		}
		inst, err := NewRound(reqs, ms, Rules{}, DefaultWeights())
		if err != nil {
			t.Fatal(err)
		}
		st := Stable(inst)
		if err := CheckValid(inst, ModeStable, st.Assignments); err != nil {
			t.Errorf("seed %d: stable invalid: %v", seed, err)
		}
		if b, err := CheckStable(inst, st.Assignments); err != nil || len(b) != 0 {
			t.Errorf("seed %d: stable has blocking pairs %v (%v)", seed, b, err)
		}
		if err := CheckValid(inst, ModeOptimal, Optimal(inst).Assignments); err != nil {
			t.Errorf("seed %d: optimal invalid: %v", seed, err)
		}
	}
}

func itoa(i int) string { return string(rune('a'+i/26)) + string(rune('a'+i%26)) }
