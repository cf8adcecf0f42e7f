package training_test

import (
	"reflect"
	"testing"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/training"
)

// TestAggregate checks reach against a table computed by hand.
func TestAggregate(t *testing.T) {
	tr := func(orgID string, topic org.Topic, gen, trainers int, p training.Participants) training.Training {
		return training.Training{Org: orgID, Topic: topic, Generation: gen, TrainersTrained: trainers, Participants: p}
	}
	ts := []training.Training{
		tr("A", "peer_outreach", 1, 4, training.Participants{PeerEducators: 12, Members: 8}),         // 20
		tr("A", "peer_outreach", 1, 1, training.Participants{HealthWorkers: 3, Police: 1, Media: 1}), // 5
		tr("B", "peer_outreach", 2, 2, training.Participants{PeerEducators: 30}),                     // 30
		tr("C", "peer_outreach", 3, 0, training.Participants{Members: 7}),                            // 7
		tr("C", "fundraising", 1, 3, training.Participants{Members: 9}),                              // 9
	}
	row := func(k training.Key, n, orgs, trainers, peers int) training.Row {
		return training.Row{Key: k, Reach: training.Reach{Trainings: n, Organisations: orgs, TrainersTrained: trainers, PeersReached: peers}}
	}
	if got, want := training.Aggregate(ts, training.ByGeneration), []training.Row{
		row(training.Key{Generation: 1}, 3, 2, 8, 34),
		row(training.Key{Generation: 2}, 1, 1, 2, 30),
		row(training.Key{Generation: 3}, 1, 1, 0, 7),
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("by generation:\n got %+v\nwant %+v", got, want)
	}
	if got, want := training.Aggregate(ts, training.ByTopic), []training.Row{
		row(training.Key{Topic: "fundraising", Generation: 1}, 1, 1, 3, 9),
		row(training.Key{Topic: "peer_outreach", Generation: 1}, 2, 1, 5, 25),
		row(training.Key{Topic: "peer_outreach", Generation: 2}, 1, 1, 2, 30),
		row(training.Key{Topic: "peer_outreach", Generation: 3}, 1, 1, 0, 7),
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("by topic:\n got %+v\nwant %+v", got, want)
	}
	country := map[string]string{"A": "MZ", "B": "MZ", "C": "ZA"}
	if got, want := training.Aggregate(ts, training.ByCountry(func(o string) string { return country[o] })), []training.Row{
		row(training.Key{Country: "MZ", Generation: 1}, 2, 1, 5, 25),
		row(training.Key{Country: "MZ", Generation: 2}, 1, 1, 2, 30),
		row(training.Key{Country: "ZA", Generation: 1}, 1, 1, 3, 9),
		row(training.Key{Country: "ZA", Generation: 3}, 1, 1, 0, 7),
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("by country:\n got %+v\nwant %+v", got, want)
	}
	if got := training.Aggregate(nil, training.ByTopic); len(got) != 0 {
		t.Errorf("nothing: got %+v", got)
	}
}
