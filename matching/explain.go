package matching

import (
	"math"
	"slices"
)

// Params are the values an explanation names, for a client to put into its own words:
// strings (topic, population, country and region codes as stored), numbers, and lists of
// them. Each Code documents its Params (docs/matching.md).
type Params map[string]any

// The codes of the criteria's explanations, with the Params each carries.
const (
	CodeTopicsOffered         = "topics_offered"          // offered, needed, topics: [{topic, priority, level}]
	CodeTopicsNone            = "topics_none"             // needed
	CodeGeoSameCountry        = "geo_same_country"        // country, place_percent
	CodeGeoSameRegion         = "geo_same_region"         // region, place_percent
	CodeGeoDifferentRegion    = "geo_different_region"    // (none)
	CodePopulationsNotNamed   = "populations_not_named"   // (none)
	CodePopulationsNoneServed = "populations_none_served" // named
	CodePopulationsServed     = "populations_served"      // served, named, populations: [population]
	CodeTrackNoFeedback       = "track_no_feedback"       // prior_mean
	CodeTrackRated            = "track_rated"             // mean, ratings, shrunk_mean
	CodePlacesFree            = "places_free"             // free, total
	CodeHostOffers            = "host_offers"             // host, offered, topics: [{topic, priority, level}]
	CodeHostOffersNone        = "host_offers_none"        // host
)

// explain renders the points of a pair as a Suggestion whose Score is the
// in-order sum of the points.
func explain(req *Request, m *Mentor, w *Weights, p *points) Suggestion {
	n := numCriteria
	if m.Host == nil {
		n = hostIndex // its 0 points, left out, add nothing to the sum
	}
	s := Suggestion{Mentor: m.ID, Score: p.sum(), Points: make([]CriterionPoints, n)}
	type why struct {
		code   string
		params Params
	}
	whys := [numCriteria]why{}
	whys[0].code, whys[0].params = topicWhy(req, m)
	whys[1].code, whys[1].params = geoWhy(req, m, w)
	whys[2].code, whys[2].params = populationWhy(req, m)
	whys[3].code, whys[3].params = trackWhy(m.Track, w)
	whys[4] = why{CodePlacesFree, Params{"free": m.FreeCapacity, "total": m.FreeCapacity + m.ActiveExchanges}}
	if m.Host != nil {
		whys[hostIndex].code, whys[hostIndex].params = hostWhy(req, m)
	}
	for i := range n {
		s.Points[i] = CriterionPoints{Criterion: criterionNames[i], Points: p[i], Code: whys[i].code, Params: whys[i].params}
	}
	return s
}

func topicWhy(req *Request, m *Mentor) (string, Params) {
	var topics []any
	for _, n := range req.Needs {
		if l := m.level(n.Topic); l > 0 {
			topics = append(topics, map[string]any{"topic": n.Topic, "priority": n.Priority, "level": l})
		}
	}
	if len(topics) == 0 {
		return CodeTopicsNone, Params{"needed": len(req.Needs)}
	}
	return CodeTopicsOffered, Params{"offered": len(topics), "needed": len(req.Needs), "topics": topics}
}

// hostWhy names the host and the needs it covers that the mentor does not offer.
func hostWhy(req *Request, m *Mentor) (string, Params) {
	var topics []any
	for _, n := range req.Needs {
		if l := m.Host.level(n.Topic); l > 0 && m.level(n.Topic) == 0 {
			topics = append(topics, map[string]any{"topic": n.Topic, "priority": n.Priority, "level": l})
		}
	}
	if len(topics) == 0 {
		return CodeHostOffersNone, Params{"host": m.Host.Name}
	}
	return CodeHostOffers, Params{"host": m.Host.Name, "offered": len(topics), "topics": topics}
}

func geoWhy(req *Request, m *Mentor, w *Weights) (string, Params) {
	place := int(math.Round(100 * geoFactor(req, m, w)))
	switch c := geoCloseness(req, m, w.RegionShare); {
	case c == 1:
		return CodeGeoSameCountry, Params{"country": m.Country, "place_percent": place}
	case c > 0:
		return CodeGeoSameRegion, Params{"region": m.Region, "place_percent": place}
	}
	return CodeGeoDifferentRegion, Params{}
}

func populationWhy(req *Request, m *Mentor) (string, Params) {
	if len(req.Populations) == 0 {
		return CodePopulationsNotNamed, Params{}
	}
	var shared []any
	for _, p := range req.Populations {
		if slices.Contains(m.Populations, p) {
			shared = append(shared, p)
		}
	}
	if len(shared) == 0 {
		return CodePopulationsNoneServed, Params{"named": len(req.Populations)}
	}
	return CodePopulationsServed, Params{"served": len(shared), "named": len(req.Populations), "populations": shared}
}

func trackWhy(t TrackRecord, w *Weights) (string, Params) {
	if t.Ratings == 0 {
		return CodeTrackNoFeedback, Params{"prior_mean": round2(w.PriorMean)}
	}
	return CodeTrackRated, Params{"mean": round2(t.Sum / float64(t.Ratings)), "ratings": t.Ratings, "shrunk_mean": round2(shrunkMean(t, w))}
}

// round2 rounds to two decimals: what a person reads of a mean on a 1–5 scale.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
