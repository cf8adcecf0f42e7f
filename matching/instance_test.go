package matching

import (
	"errors"
	"math"
	"testing"
)

func TestNewInstanceErrors(t *testing.T) {
	two := func() Input {
		return Input{
			Requests: []RequestPrefs{{ID: "r1"}, {ID: "r2"}},
			Mentors:  []MentorPrefs{{ID: "m1", Capacity: 1}, {ID: "m2", Capacity: 1}},
		}
	}
	tests := []struct {
		name   string
		change func(*Input)
		want   error
	}{
		{"empty id", func(in *Input) { in.Requests[0].ID = "" }, ErrInvalidID},
		{"duplicate request", func(in *Input) { in.Requests[1].ID = "r1" }, ErrDuplicateID},
		{"duplicate mentor", func(in *Input) { in.Mentors[1].ID = "m1" }, ErrDuplicateID},
		{"negative capacity", func(in *Input) { in.Mentors[0].Capacity = -1 }, ErrInvalidCapacity},
		{"unknown mentor in prefs", func(in *Input) { in.Requests[0].Prefs = []string{"m9"} }, ErrUnknownID},
		{"unknown request in prefs", func(in *Input) { in.Mentors[0].Prefs = []string{"r9"} }, ErrUnknownID},
		{"mentor twice in a list", func(in *Input) { in.Requests[0].Prefs = []string{"m1", "m1"} }, ErrDuplicateID},
		{"request twice in a list", func(in *Input) { in.Mentors[0].Prefs = []string{"r1", "r1"} }, ErrDuplicateID},
		{"unknown id in score", func(in *Input) { in.Scores = []PairScore{{"r1", "m9", 1}} }, ErrUnknownID},
		{"NaN score", func(in *Input) { in.Scores = []PairScore{{"r1", "m1", math.NaN()}} }, ErrInvalidScore},
		{"negative score", func(in *Input) { in.Scores = []PairScore{{"r1", "m1", -2}} }, ErrInvalidScore},
		{"infinite score", func(in *Input) { in.Scores = []PairScore{{"r1", "m1", math.Inf(1)}} }, ErrInvalidScore},
		{"pair scored twice", func(in *Input) { in.Scores = []PairScore{{"r1", "m1", 1}, {"r1", "m1", 2}} }, ErrDuplicatePair},
		{"unknown id in ban", func(in *Input) { in.Banned = []Pair{{"r9", "m1"}} }, ErrUnknownID},
		{"unknown id in lock", func(in *Input) { in.Locked = []Pair{{"r1", "m9"}} }, ErrUnknownID},
		{"lock on banned pair", func(in *Input) { in.Locked, in.Banned = []Pair{{"r1", "m1"}}, []Pair{{"r1", "m1"}} }, ErrLockConflict},
		{"request locked twice", func(in *Input) { in.Locked = []Pair{{"r1", "m1"}, {"r1", "m2"}} }, ErrLockConflict},
		{"locks above capacity", func(in *Input) { in.Locked = []Pair{{"r1", "m1"}, {"r2", "m1"}} }, ErrLockConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := two()
			tt.change(&in)
			if _, err := NewInstance(in); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNewInstanceWarnings(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want []Warning
	}{
		{
			name: "non-reciprocal and empty lists",
			in: Input{
				Requests: []RequestPrefs{{ID: "r1", Prefs: []string{"m1"}}, {ID: "r2"}},
				Mentors:  []MentorPrefs{{ID: "m1", Capacity: 1, Prefs: []string{"r2"}}},
			},
			want: []Warning{
				{WarnEmptyPrefs, 1, `request "r2"`},
				{WarnNonReciprocal, 2, `request "r1" lists mentor "m1"`},
			},
		},
		{
			name: "zero capacity",
			in:   Input{Mentors: []MentorPrefs{{ID: "m1"}}},
			want: []Warning{{WarnZeroCapacity, 1, `mentor "m1"`}},
		},
		{
			name: "clean",
			in:   Input{Requests: []RequestPrefs{{ID: "r1"}}, Mentors: []MentorPrefs{{ID: "m1", Capacity: 1}}, Scores: []PairScore{{"r1", "m1", 1}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustInstance(t, tt.in).Warnings()
			if len(got) != len(tt.want) {
				t.Fatalf("warnings %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("warning %d: %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
