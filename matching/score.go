package matching

import "slices"

// Criterion names, in the order a Suggestion lists its points.
const (
	CriterionTopics      = "topics"
	CriterionGeography   = "geography"
	CriterionPopulations = "populations"
	CriterionTrackRecord = "track_record"
	CriterionLoad        = "load"
	// CriterionHostOffers is what a hosted mentor's confirmed host on Cascade offers of
	// the needs the mentor itself does not: a Suggestion lists it only for such a mentor.
	CriterionHostOffers = "host_offers"
)

const numCriteria = 6

// hostIndex is the place of CriterionHostOffers, last, so that leaving it out of a
// Suggestion (a mentor with no host, 0 points) leaves the in-order sum unchanged.
const hostIndex = numCriteria - 1

var criterionNames = [numCriteria]string{
	CriterionTopics, CriterionGeography, CriterionPopulations, CriterionTrackRecord, CriterionLoad, CriterionHostOffers,
}

// CriterionPoints is what one criterion contributed to a score and why: a stable Code
// (Code* constants) and the Params it names, for a client to render in its language.
type CriterionPoints struct {
	Criterion string
	Points    float64
	Code      string
	Params    Params
}

// Suggestion is a mentor organisation proposed for a request. Score is
// exactly the sum of Points, added in order (so a client that re-adds the
// points in order gets the same float). Points lists every criterion, in the
// order of the Criterion constants; CriterionHostOffers only for a mentor with a Host.
type Suggestion struct {
	Mentor string
	Score  float64
	Points []CriterionPoints
}

// points are the per-criterion points of one pair, before any detail text
// is rendered; Rank computes these for every candidate and renders text
// only for the top k.
type points [numCriteria]float64

func (p *points) sum() float64 {
	s := 0.0
	for _, v := range p {
		s += v
	}
	return s
}

// Score applies the hard filters to the pair and, when it passes, returns
// the explained suggestion and an empty Reason; otherwise a zero Suggestion
// and the first failing Reason. Inputs are assumed valid (see the Validate
// methods; Rank validates); invalid numbers never panic but make the
// points meaningless.
func Score(req Request, m Mentor, rules Rules, w Weights) (Suggestion, Reason) {
	rs := newRuleSet(&rules)
	if r := filter(&req, &m, &rs); r != "" {
		return Suggestion{}, r
	}
	p := scorePair(&req, &m, &w)
	return explain(&req, &m, &w, &p), ""
}

// scorePair computes the points of a pair that passed the filters.
func scorePair(req *Request, m *Mentor, w *Weights) points {
	var p points
	p[0] = w.Topics * topicCoverage(req, m)
	p[1] = w.Geography * geoCloseness(req, m, w.RegionShare) * geoFactor(req, m, w)
	p[2] = w.Populations * populationShare(req, m)
	p[3] = w.TrackRecord * (shrunkMean(m.Track, w) - 1) / 4
	p[4] = w.Load * freeShare(m)
	p[hostIndex] = w.HostOffers * hostCoverage(req, m)
	return p
}

// hostCoverage is Σ priority × the host's level over the needs m itself does not offer,
// on topicCoverage's scale (its maximum Σ priority × 3 over every need): a host covers
// only what the mentor leaves open, never the mentor's own topics again. 0 without a host.
func hostCoverage(req *Request, m *Mentor) float64 {
	if m.Host == nil {
		return 0
	}
	got, maxPts := 0, 0
	for _, n := range req.Needs {
		if m.level(n.Topic) == 0 {
			got += n.Priority * m.Host.level(n.Topic)
		}
		maxPts += n.Priority * 3
	}
	if maxPts == 0 {
		return 0
	}
	return float64(got) / float64(maxPts)
}

// topicCoverage is Σ priority × level over the needs m offers, divided by
// its maximum Σ priority × 3, so requests with many needs do not outweigh
// requests with few in a round.
func topicCoverage(req *Request, m *Mentor) float64 {
	got, maxPts := 0, 0
	for _, n := range req.Needs {
		got += n.Priority * m.level(n.Topic)
		maxPts += n.Priority * 3
	}
	if maxPts == 0 {
		return 0
	}
	return float64(got) / float64(maxPts)
}

// geoCloseness is 1 for the same country, regionShare for the same region,
// 0 elsewhere or when a side left the field empty.
func geoCloseness(req *Request, m *Mentor, regionShare float64) float64 {
	switch {
	case req.Country != "" && req.Country == m.Country:
		return 1
	case req.Region != "" && req.Region == m.Region:
		return regionShare
	}
	return 0
}

// geoFactor is the largest FormatGeography factor among the shared formats.
func geoFactor(req *Request, m *Mentor, w *Weights) float64 {
	f := 0.0
	for _, a := range req.Formats {
		if v := w.FormatGeography[a]; v > f && slices.Contains(m.Formats, a) {
			f = v
		}
	}
	return f
}

// populationShare is the share of the request's populations m also serves;
// 0 when the request names none, so the criterion then ranks nobody higher.
func populationShare(req *Request, m *Mentor) float64 {
	if len(req.Populations) == 0 {
		return 0
	}
	n := 0
	for _, p := range req.Populations {
		if slices.Contains(m.Populations, p) {
			n++
		}
	}
	return float64(n) / float64(len(req.Populations))
}

// shrunkMean is the Bayesian mean rating: the prior counts as PriorWeight
// ratings of PriorMean, so a single 5 moves a new mentor only part way.
func shrunkMean(t TrackRecord, w *Weights) float64 {
	n := w.PriorWeight + float64(t.Ratings)
	if n <= 0 {
		return w.PriorMean
	}
	return (w.PriorMean*w.PriorWeight + t.Sum) / n
}

// freeShare is the share of its places a mentor still has free: the less
// loaded, the more points, which spreads exchanges across organisations.
func freeShare(m *Mentor) float64 {
	total := m.FreeCapacity + m.ActiveExchanges
	if total <= 0 {
		return 0
	}
	return float64(m.FreeCapacity) / float64(total)
}
