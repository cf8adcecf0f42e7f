package oversight

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/training"
)

func cascadeOrgs(countries ...string) []org.Organisation {
	out := make([]org.Organisation, len(countries))
	for i, c := range countries {
		out[i] = seedOrg(fmt.Sprintf("o%d", i), c, org.StageEmerging, org.StatusApproved, 0, false)
	}
	return out
}

// cascadeIn: four organisations in Zambia (ZM), one in Kenya (KE), each recording
// trainings of a cascade that goes three generations down.
func cascadeIn() Input {
	orgs := cascadeOrgs("ZM", "ZM", "ZM", "ZM", "KE")
	tr := func(o int, topic org.Topic, gen, trainers, peers int) training.Training {
		return training.Training{Org: orgs[o].ID, Topic: topic, Generation: gen, TrainersTrained: trainers,
			Participants: training.Participants{PeerEducators: peers - peers/2, Members: peers / 2}}
	}
	return Input{Orgs: orgs, Trainings: []training.Training{
		tr(0, "peer_outreach", 1, 4, 20),
		tr(1, "peer_outreach", 2, 2, 30),
		tr(2, "peer_outreach", 3, 0, 12),
		tr(3, "peer_outreach", 2, 1, 8),
		tr(4, "fundraising", 1, 3, 9),
		tr(4, "fundraising", 2, 0, 11), // a training whose organisation is gone is still counted, as Other
		{Org: "gone", Topic: "fundraising", Generation: 2, Participants: training.Participants{Police: 5}},
	}}
}

func TestCascade(t *testing.T) {
	c := Build(cascadeIn(), day0).Cascade
	row := func(k training.Key, n, orgs, trainers, peers int) CascadeRow {
		return CascadeRow{Key: k, Reach: training.Reach{Trainings: n, Organisations: orgs, TrainersTrained: trainers, PeersReached: peers}}
	}
	check := func(name string, got, want []CascadeRow) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}
	check("generations", c.Generations, []CascadeRow{
		row(training.Key{Generation: 1}, 2, 2, 7, 29),
		row(training.Key{Generation: 2}, 4, 4, 3, 54),
		row(training.Key{Generation: 3}, 1, 1, 0, 12),
	})
	check("topics", c.Topics, []CascadeRow{
		row(training.Key{Topic: "fundraising", Generation: 1}, 1, 1, 3, 9),
		row(training.Key{Topic: "fundraising", Generation: 2}, 2, 2, 0, 16),
		row(training.Key{Topic: "peer_outreach", Generation: 1}, 1, 1, 4, 20),
		row(training.Key{Topic: "peer_outreach", Generation: 2}, 2, 2, 3, 38),
		row(training.Key{Topic: "peer_outreach", Generation: 3}, 1, 1, 0, 12),
	})
	// Four Zambian organisations are shown as ZM; Kenya's one, and the one no longer
	// known, fold into Other.
	check("countries", c.Countries, []CascadeRow{
		row(training.Key{Country: "ZM", Generation: 1}, 1, 1, 4, 20),
		row(training.Key{Country: "ZM", Generation: 2}, 2, 2, 3, 38),
		row(training.Key{Country: "ZM", Generation: 3}, 1, 1, 0, 12),
		row(training.Key{Country: Other, Generation: 1}, 1, 1, 3, 9),
		row(training.Key{Country: Other, Generation: 2}, 2, 2, 0, 16),
	})
	rows, ok := Build(cascadeIn(), day0).Table("cascade_countries")
	if !ok || !slices.Equal(rows[0], []string{"country", "generation", "trainings", "organisations", "trainers_trained", "peers_reached"}) ||
		!slices.Equal(rows[len(rows)-1], []string{"other", "2", "2", "2", "0", "16"}) {
		t.Errorf("cascade_countries table: got %q", rows)
	}
	rows, _ = Build(cascadeIn(), day0).Table("cascade_generations")
	if !slices.Equal(rows[1], []string{"1", "2", "2", "7", "29"}) {
		t.Errorf("cascade_generations table: got %q", rows)
	}
}

// BenchmarkCascade computes the cascade section from 10,000 trainings of 500 organisations.
func BenchmarkCascade(b *testing.B) {
	countries := []string{"ZM", "KE", "MZ", "ZA", "UG", "TZ", "MW", "ZW", "BW", "NA"}
	cs := make([]string, 500)
	for i := range cs {
		cs[i] = countries[i%len(countries)]
	}
	in := Input{Orgs: cascadeOrgs(cs...)}
	topics := org.Taxonomy().Topics
	for i := range 10_000 {
		in.Trainings = append(in.Trainings, training.Training{Org: in.Orgs[i%len(in.Orgs)].ID, Topic: org.Topic(topics[i%len(topics)].ID),
			Generation: 1 + i%4, TrainersTrained: i % 5, Participants: training.Participants{PeerEducators: 10 + i%20, Members: i % 7}})
	}
	b.ReportAllocs()
	for b.Loop() {
		cascade(in)
	}
}
