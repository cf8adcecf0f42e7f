package oversight

import (
	"cmp"
	"slices"

	"github.com/cascade-platform/cascade/training"
)

// Cascade is the reach of the trainings organisations recorded, down the generations:
// trainers trained and peers reached (everyone who took part) per generation, per topic
// and generation, and per country and generation. A country with fewer than MinCell
// organisations that recorded trainings is shown as Other, as in every table of the
// dashboard; topics are not folded (a topic names no place, and the gap map shows topics
// as they are).
type Cascade struct {
	Generations []CascadeRow `json:"generations"`
	Topics      []CascadeRow `json:"topics"`
	Countries   []CascadeRow `json:"countries"`
}

// CascadeRow is one cell: the trainings of one generation (and topic, or country), how
// many organisations recorded them, the trainers they trained and the peers they reached.
type CascadeRow = training.Row

func cascade(in Input) Cascade {
	country := make(map[string]string, len(in.Orgs))
	for _, o := range in.Orgs {
		country[o.ID] = o.Profile.Country
	}
	members := map[string]string{} // the organisations behind the table
	for _, t := range in.Trainings {
		members[t.Org] = country[t.Org]
	}
	shown := countries(members)
	countryOf := func(orgID string) string {
		if c := shown[country[orgID]]; c != "" {
			return c
		}
		return Other // an organisation no longer known
	}
	c := Cascade{
		Generations: training.Aggregate(in.Trainings, training.ByGeneration),
		Topics:      training.Aggregate(in.Trainings, training.ByTopic),
		Countries:   training.Aggregate(in.Trainings, training.ByCountry(countryOf)),
	}
	slices.SortFunc(c.Countries, func(a, b CascadeRow) int {
		return cmp.Or(byCountry(a.Country, b.Country), cmp.Compare(a.Generation, b.Generation))
	})
	return c
}
