package training

import (
	"cmp"
	"slices"

	"github.com/cascade-platform/cascade/org"
)

// Key is what reach is split by; a zero field is not split on.
type Key struct {
	Topic      org.Topic `json:"topic,omitempty"`
	Country    string    `json:"country,omitempty"`
	Generation int       `json:"generation"`
}

// Reach is what some trainings did: how many trainings, of how many organisations, how
// many trainers they trained and how many people took part (the peers reached).
type Reach struct {
	Trainings       int `json:"trainings"`
	Organisations   int `json:"organisations"`
	TrainersTrained int `json:"trainers_trained"`
	PeersReached    int `json:"peers_reached"`
}

// Row is the reach of the trainings under one key.
type Row struct {
	Key
	Reach
}

// Aggregate sums ts by key(t), ordered by topic, country and generation.
func Aggregate(ts []Training, key func(Training) Key) []Row {
	type cell struct {
		r    Reach
		orgs map[string]struct{}
	}
	cells := map[Key]*cell{}
	for _, t := range ts {
		k := key(t)
		c := cells[k]
		if c == nil {
			c = &cell{orgs: map[string]struct{}{}}
			cells[k] = c
		}
		c.r.Trainings++
		c.r.TrainersTrained += t.TrainersTrained
		c.r.PeersReached += t.Participants.Total()
		c.orgs[t.Org] = struct{}{}
	}
	out := make([]Row, 0, len(cells))
	for k, c := range cells {
		c.r.Organisations = len(c.orgs)
		out = append(out, Row{Key: k, Reach: c.r})
	}
	slices.SortFunc(out, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.Country, b.Country), cmp.Compare(a.Generation, b.Generation))
	})
	return out
}

// ByGeneration is reach per generation.
func ByGeneration(t Training) Key { return Key{Generation: t.Generation} }

// ByTopic is reach per topic and generation.
func ByTopic(t Training) Key { return Key{Topic: t.Topic, Generation: t.Generation} }

// ByCountry is reach per country and generation, country(orgID) naming an organisation's.
func ByCountry(country func(orgID string) string) func(Training) Key {
	return func(t Training) Key { return Key{Country: country(t.Org), Generation: t.Generation} }
}
