package oversight

import (
	"strconv"
)

// Tables names the dashboard's tables, as served at /api/v1/admin/dashboard/{table}.csv.
var Tables = []string{"organisations", "gap_map", "exchange_states", "sessions", "summary",
	"cascade_generations", "cascade_topics", "cascade_countries"}

// Table returns one table of d as CSV records, header first; false for an unknown name.
func (d Dashboard) Table(name string) ([][]string, bool) {
	switch name {
	case "organisations":
		out := [][]string{{"country", "stage", "status", "organisations"}}
		for _, c := range d.Organisations {
			out = append(out, []string{c.Country, string(c.Stage), string(c.Status), itoa(c.Organisations)})
		}
		return out, true
	case "gap_map":
		out := [][]string{{"topic", "offering_level_1", "offering_level_2", "offering_level_3", "offering", "free_places",
			"needs_priority_1", "needs_priority_2", "needs_priority_3", "open_needs", "gap"}}
		for _, g := range d.GapMap {
			out = append(out, []string{string(g.Topic), itoa(g.Level1), itoa(g.Level2), itoa(g.Level3), itoa(g.Offering), itoa(g.FreePlaces),
				itoa(g.Priority1), itoa(g.Priority2), itoa(g.Priority3), itoa(g.OpenNeeds), itoa(g.Gap)})
		}
		return out, true
	case "exchange_states":
		out := [][]string{{"state", "exchanges"}}
		for _, s := range d.ExchangeStates {
			out = append(out, []string{string(s.State), itoa(s.Exchanges)})
		}
		return out, true
	case "sessions":
		out := [][]string{{"format", "country", "sessions", "hours"}}
		for _, s := range d.Sessions {
			out = append(out, []string{s.Format, s.Country, itoa(s.Sessions), ftoa(&s.Hours)})
		}
		return out, true
	case "cascade_generations":
		return cascadeTable(nil, d.Cascade.Generations, nil), true
	case "cascade_topics":
		return cascadeTable([]string{"topic"}, d.Cascade.Topics, func(r CascadeRow) string { return string(r.Topic) }), true
	case "cascade_countries":
		return cascadeTable([]string{"country"}, d.Cascade.Countries, func(r CascadeRow) string { return r.Country }), true
	case "summary":
		s := d.Summary
		return [][]string{
			{"metric", "value"},
			{"organisations", itoa(s.Organisations)},
			{"exchanges", itoa(s.Exchanges)},
			{"accepted_requests", itoa(s.AcceptedRequests)},
			{"median_days_to_accept", ftoa(s.MedianDaysToAccept)},
			{"running", itoa(s.Running)},
			{"paused", itoa(s.Paused)},
			{"completed", itoa(s.Completed)},
			{"cancelled_after_acceptance", itoa(s.Cancelled)},
			{"completion_rate", ftoa(s.CompletionRate)},
			{"feedback_to_mentors_count", itoa(s.FeedbackToMentors.Count)},
			{"feedback_to_mentors_usefulness", ftoa(s.FeedbackToMentors.Usefulness)},
			{"feedback_to_mentors_respect", ftoa(s.FeedbackToMentors.Respect)},
			{"feedback_to_requesters_count", itoa(s.FeedbackToRequesters.Count)},
			{"feedback_to_requesters_usefulness", ftoa(s.FeedbackToRequesters.Usefulness)},
			{"feedback_to_requesters_respect", ftoa(s.FeedbackToRequesters.Respect)},
			{"sessions", itoa(s.Sessions)},
			{"hours", ftoa(&s.Hours)},
		}, true
	}
	return nil, false
}

func itoa(n int) string { return strconv.Itoa(n) }

// ftoa writes v in the shortest form that reads back exactly; nil (nothing to count) as "".
func ftoa(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// cascadeTable writes cascade rows: the split's column (first, if any), then the
// generation and the reach.
func cascadeTable(first []string, rows []CascadeRow, split func(CascadeRow) string) [][]string {
	out := [][]string{append(first, "generation", "trainings", "organisations", "trainers_trained", "peers_reached")}
	for _, r := range rows {
		var rec []string
		if split != nil {
			rec = append(rec, split(r))
		}
		out = append(out, append(rec, itoa(r.Generation), itoa(r.Trainings), itoa(r.Organisations), itoa(r.TrainersTrained), itoa(r.PeersReached)))
	}
	return out
}
