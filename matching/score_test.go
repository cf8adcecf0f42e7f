package matching

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

func baseRequest() Request {
	return Request{
		ID: "q1", OrgID: "emerging", Needs: []Need{{"advocacy & media", 3}, {"fundraising", 1}},
		Languages: []string{"pt"}, Formats: []Format{FormatStudyVisit, FormatOnline},
		Country: "MZ", Region: "Southern Africa", Populations: []string{"trans", "migrants"},
	}
}

func baseMentor() Mentor {
	return Mentor{
		ID: "est", Offers: []Offer{{"advocacy & media", 2}, {"fundraising", 3}},
		Languages: []string{"en", "pt"}, Formats: []Format{FormatStudyVisit},
		Country: "MZ", Region: "Southern Africa", Populations: []string{"trans"},
		FreeCapacity: 2, ActiveExchanges: 2, Track: TrackRecord{Ratings: 3, Sum: 14},
	}
}

func TestScorePointsAddUpExactly(t *testing.T) {
	rng := newRand(5)
	w := DefaultWeights()
	for i := range 1000 {
		req, m := baseRequest(), baseMentor()
		req.Needs[0].Priority = 1 + rng.IntN(3)
		m.Offers[1].Level = 1 + rng.IntN(3)
		m.Track = TrackRecord{Ratings: rng.IntN(20)}
		m.Track.Sum = float64(m.Track.Ratings) * (1 + 4*rng.Float64())
		m.ActiveExchanges = rng.IntN(7)
		w.Topics = 100 * rng.Float64()
		if i%2 == 1 { // half of them hosted, their host covering a need now and then
			m.Offers = m.Offers[1:]
			m.Host = &Host{ID: "h", Name: "Amigos", Offers: []Offer{{"advocacy & media", rng.IntN(3) + 1}}}
			w.HostOffers = 20 * rng.Float64()
		}
		s, reason := Score(req, m, Rules{}, w)
		if reason != "" {
			t.Fatalf("case %d: filtered out: %s", i, reason)
		}
		sum := 0.0
		for _, p := range s.Points {
			sum += p.Points
		}
		if sum != s.Score {
			t.Fatalf("case %d: points sum to %v, score %v", i, sum, s.Score)
		}
		if want := numCriteria - 1 + i%2; len(s.Points) != want {
			t.Fatalf("case %d: %d criteria, want %d", i, len(s.Points), want)
		}
	}
}

func TestScoreExample(t *testing.T) {
	s, _ := Score(baseRequest(), baseMentor(), Rules{}, DefaultWeights())
	// topics: (3×2 + 1×3)/(3×3 + 1×3) = 9/12; geography: same country, study
	// visit; populations 1 of 2; track: (3×5 + 14)/(5+3) = 3.625; load 2/4.
	want := map[string]float64{
		CriterionTopics: 50 * 0.75, CriterionGeography: 15, CriterionPopulations: 7.5,
		CriterionTrackRecord: 10 * (3.625 - 1) / 4, CriterionLoad: 5,
	}
	// The explanations: codes and the values they name, no English.
	whys := map[string]struct {
		code   string
		params Params
	}{
		CriterionTopics: {CodeTopicsOffered, Params{"offered": 2, "needed": 2, "topics": []any{
			map[string]any{"topic": "advocacy & media", "priority": 3, "level": 2},
			map[string]any{"topic": "fundraising", "priority": 1, "level": 3},
		}}},
		CriterionGeography:   {CodeGeoSameCountry, Params{"country": "MZ", "place_percent": 100}},
		CriterionPopulations: {CodePopulationsServed, Params{"served": 1, "named": 2, "populations": []any{"trans"}}},
		CriterionTrackRecord: {CodeTrackRated, Params{"mean": 4.67, "ratings": 3, "shrunk_mean": 3.63}},
		CriterionLoad:        {CodePlacesFree, Params{"free": 2, "total": 4}},
	}
	for _, p := range s.Points {
		if math.Abs(p.Points-want[p.Criterion]) > 1e-12 {
			t.Errorf("%s: got %v, want %v (%s %v)", p.Criterion, p.Points, want[p.Criterion], p.Code, p.Params)
		}
		if w := whys[p.Criterion]; p.Code != w.code || !reflect.DeepEqual(p.Params, w.params) {
			t.Errorf("%s: got %s %v, want %s %v", p.Criterion, p.Code, p.Params, w.code, w.params)
		}
	}
}

// Each explanation's other codes, case by case.
func TestExplanationCodes(t *testing.T) {
	tests := []struct {
		name      string
		change    func(*Request, *Mentor)
		criterion int
		code      string
		params    Params
	}{
		{"no topic needed", func(r *Request, m *Mentor) { r.Needs = nil }, 0, CodeTopicsNone, Params{"needed": 0}},
		{"same region", func(r *Request, m *Mentor) { m.Country = "ZA" }, 1, CodeGeoSameRegion, Params{"region": "Southern Africa", "place_percent": 100}},
		{"different region", func(r *Request, m *Mentor) { m.Country, m.Region = "KE", "East Africa" }, 1, CodeGeoDifferentRegion, Params{}},
		{"no population named", func(r *Request, m *Mentor) { r.Populations = nil }, 2, CodePopulationsNotNamed, Params{}},
		{"no population served", func(r *Request, m *Mentor) { m.Populations = []string{"youth"} }, 2, CodePopulationsNoneServed, Params{"named": 2}},
		{"no feedback", func(r *Request, m *Mentor) { m.Track = TrackRecord{} }, 3, CodeTrackNoFeedback, Params{"prior_mean": DefaultWeights().PriorMean}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, m := baseRequest(), baseMentor()
			tt.change(&req, &m)
			s, reason := Score(req, m, Rules{}, DefaultWeights())
			if reason != "" {
				t.Fatalf("filtered: %s", reason)
			}
			if p := s.Points[tt.criterion]; p.Code != tt.code || !reflect.DeepEqual(p.Params, tt.params) {
				t.Errorf("got %s %v, want %s %v", p.Code, p.Params, tt.code, tt.params)
			}
		})
	}
}

func TestHardFilters(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Request, *Mentor, *Rules)
		want   Reason
	}{
		{"eligible", func(*Request, *Mentor, *Rules) {}, ""},
		{"same organisation", func(r *Request, m *Mentor, _ *Rules) { r.OrgID = m.ID }, ReasonSameOrganisation},
		{"banned", func(r *Request, m *Mentor, rs *Rules) { rs.Banned = []Pair{{r.ID, m.ID}} }, ReasonBanned},
		{"declined", func(r *Request, m *Mentor, rs *Rules) { rs.Declined = []Pair{{r.ID, m.ID}} }, ReasonDeclined},
		{"no capacity", func(_ *Request, m *Mentor, _ *Rules) { m.FreeCapacity = 0 }, ReasonNoCapacity},
		{"no shared language", func(_ *Request, m *Mentor, _ *Rules) { m.Languages = []string{"en"} }, ReasonNoSharedLanguage},
		{"interpretation waives language", func(r *Request, m *Mentor, _ *Rules) {
			m.Languages = []string{"en"}
			r.AcceptsInterpretation = true
		}, ""},
		{"no shared format", func(_ *Request, m *Mentor, _ *Rules) { m.Formats = []Format{FormatTrainingOfTrainers} }, ReasonNoSharedFormat},
		{"no shared topic", func(_ *Request, m *Mentor, _ *Rules) { m.Offers = []Offer{{"sensitising police", 3}} }, ReasonNoSharedTopic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, m, rules := baseRequest(), baseMentor(), Rules{}
			tt.change(&req, &m, &rules)
			if _, got := Score(req, m, rules, DefaultWeights()); got != tt.want {
				t.Errorf("reason %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGeographyWeighsMoreForStudyVisits(t *testing.T) {
	tests := []struct {
		name    string
		formats []Format
		country string
		region  string
		want    float64
	}{
		{"study visit same country", []Format{FormatStudyVisit}, "MZ", "Southern Africa", 15},
		{"study visit same region", []Format{FormatStudyVisit}, "ZA", "Southern Africa", 7.5},
		{"online same country", []Format{FormatOnline}, "MZ", "Southern Africa", 3},
		{"online same region", []Format{FormatOnline}, "ZA", "Southern Africa", 1.5},
		{"training same country", []Format{FormatTrainingOfTrainers}, "MZ", "", 9},
		{"study visit elsewhere", []Format{FormatStudyVisit}, "BR", "South America", 0},
		{"both formats: the place-bound one counts", []Format{FormatOnline, FormatStudyVisit}, "MZ", "", 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, m := baseRequest(), baseMentor()
			req.Formats, m.Formats = tt.formats, tt.formats
			m.Country, m.Region = tt.country, tt.region
			s, reason := Score(req, m, Rules{}, DefaultWeights())
			if reason != "" {
				t.Fatalf("filtered: %s", reason)
			}
			if got := s.Points[1].Points; math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("geography %v, want %v (%s %v)", got, tt.want, s.Points[1].Code, s.Points[1].Params)
			}
		})
	}
}

func TestShrunkMean(t *testing.T) {
	w := DefaultWeights() // prior 3 worth 5 ratings
	tests := []struct {
		name  string
		track TrackRecord
		want  float64
	}{
		{"no ratings is the prior", TrackRecord{}, 3},
		{"one 5 moves only part way", TrackRecord{1, 5}, (15 + 5) / 6.0},
		{"many 5s approach 5", TrackRecord{95, 475}, (15 + 475) / 100.0},
		{"one 1", TrackRecord{1, 1}, (15 + 1) / 6.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shrunkMean(tt.track, &w); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// One glowing rating must not beat a long good record.
	one := baseMentor()
	one.Track = TrackRecord{1, 5}
	many := baseMentor()
	many.Track = TrackRecord{40, 180}
	s1, _ := Score(baseRequest(), one, Rules{}, w)
	s2, _ := Score(baseRequest(), many, Rules{}, w)
	if s1.Points[3].Points >= s2.Points[3].Points {
		t.Errorf("one 5 scores %v, forty ratings averaging 4.5 score %v", s1.Points[3].Points, s2.Points[3].Points)
	}
}

func TestValidateProfiles(t *testing.T) {
	bad := []struct {
		name string
		err  error
		run  func() error
	}{
		{"priority 4", ErrInvalidProfile, func() error { r := baseRequest(); r.Needs[0].Priority = 4; return r.Validate() }},
		{"empty request id", ErrInvalidID, func() error { r := baseRequest(); r.ID = ""; return r.Validate() }},
		{"level 0", ErrInvalidProfile, func() error { m := baseMentor(); m.Offers[0].Level = 0; return m.Validate() }},
		{"mean above 5", ErrInvalidProfile, func() error { m := baseMentor(); m.Track = TrackRecord{1, 6}; return m.Validate() }},
		{"NaN weight", ErrInvalidWeights, func() error { w := DefaultWeights(); w.Load = math.NaN(); return w.Validate() }},
		{"negative weight", ErrInvalidWeights, func() error { w := DefaultWeights(); w.Topics = -1; return w.Validate() }},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); !errors.Is(err, tt.err) {
				t.Errorf("error %v, want %v", err, tt.err)
			}
		})
	}
}
