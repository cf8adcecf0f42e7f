package matching

import (
	"fmt"
	"slices"
	"strings"
)

// explain renders the points of a pair as a Suggestion whose Score is the
// in-order sum of the points.
func explain(req *Request, m *Mentor, w *Weights, p *points) Suggestion {
	s := Suggestion{Mentor: m.ID, Score: p.sum(), Points: make([]CriterionPoints, numCriteria)}
	details := [numCriteria]string{
		topicDetail(req, m),
		geoDetail(req, m, w),
		populationDetail(req, m),
		trackDetail(m.Track, w),
		fmt.Sprintf("%d of %d places free", m.FreeCapacity, m.FreeCapacity+m.ActiveExchanges),
	}
	for i := range numCriteria {
		s.Points[i] = CriterionPoints{Criterion: criterionNames[i], Points: p[i], Detail: details[i]}
	}
	return s
}

func topicDetail(req *Request, m *Mentor) string {
	var parts []string
	for _, n := range req.Needs {
		if l := m.level(n.Topic); l > 0 {
			parts = append(parts, fmt.Sprintf("%s (priority %d × level %d)", n.Topic, n.Priority, l))
		}
	}
	if len(parts) == 0 {
		return "no needed topic offered"
	}
	return fmt.Sprintf("offers %d of %d needed topics: %s", len(parts), len(req.Needs), strings.Join(parts, ", "))
}

func geoDetail(req *Request, m *Mentor, w *Weights) string {
	var where string
	switch c := geoCloseness(req, m, w.RegionShare); {
	case c == 1:
		where = "same country (" + m.Country + ")"
	case c > 0:
		where = "same region (" + m.Region + ")"
	default:
		return "different region"
	}
	return fmt.Sprintf("%s; place counts %.0f%% for the shared formats", where, 100*geoFactor(req, m, w))
}

func populationDetail(req *Request, m *Mentor) string {
	if len(req.Populations) == 0 {
		return "request names no populations"
	}
	var shared []string
	for _, p := range req.Populations {
		if slices.Contains(m.Populations, p) {
			shared = append(shared, p)
		}
	}
	if len(shared) == 0 {
		return fmt.Sprintf("serves none of the %d populations", len(req.Populations))
	}
	return fmt.Sprintf("serves %d of %d populations: %s", len(shared), len(req.Populations), strings.Join(shared, ", "))
}

func trackDetail(t TrackRecord, w *Weights) string {
	if t.Ratings == 0 {
		return fmt.Sprintf("no feedback yet; prior mean %.2f", w.PriorMean)
	}
	return fmt.Sprintf("mean %.2f from %d rating(s), shrunk to %.2f", t.Sum/float64(t.Ratings), t.Ratings, shrunkMean(t, w))
}
