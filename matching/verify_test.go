package matching

import (
	"errors"
	"testing"
)

func TestCheckValid(t *testing.T) {
	in := Input{
		Requests: []RequestPrefs{{ID: "r1"}, {ID: "r2"}, {ID: "r3"}},
		Mentors:  []MentorPrefs{{ID: "m1", Capacity: 1}, {ID: "m2", Capacity: 2}},
		Scores:   []PairScore{{"r1", "m1", 1}, {"r2", "m1", 1}, {"r2", "m2", 1}, {"r3", "m2", 1}},
		Banned:   []Pair{{"r3", "m1"}},
		Locked:   []Pair{{"r3", "m2"}},
	}
	inst := mustInstance(t, in)
	tests := []struct {
		name string
		as   []Assignment
		want error
	}{
		{"valid", []Assignment{{Request: "r1", Mentor: "m1"}, {Request: "r2", Mentor: "m2"}, {Request: "r3", Mentor: "m2"}}, nil},
		{"unknown id", []Assignment{{Request: "r9", Mentor: "m1"}}, ErrUnknownID},
		{"request twice", []Assignment{{Request: "r3", Mentor: "m2"}, {Request: "r3", Mentor: "m2"}}, ErrDuplicateAssignment},
		{"banned", []Assignment{{Request: "r3", Mentor: "m1"}}, ErrBanned},
		{"not acceptable", []Assignment{{Request: "r1", Mentor: "m2"}, {Request: "r3", Mentor: "m2"}}, ErrNotAcceptable},
		{"over capacity", []Assignment{{Request: "r1", Mentor: "m1"}, {Request: "r2", Mentor: "m1"}, {Request: "r3", Mentor: "m2"}}, ErrOverCapacity},
		{"lock missing", []Assignment{{Request: "r1", Mentor: "m1"}}, ErrLockMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckValid(inst, ModeOptimal, tt.as)
			if tt.want == nil && err != nil || !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCheckStableFindsBlockingPair(t *testing.T) {
	in := Input{
		Requests: []RequestPrefs{{ID: "r1", Prefs: []string{"m1", "m2"}}, {ID: "r2", Prefs: []string{"m1"}}},
		Mentors:  []MentorPrefs{{ID: "m1", Capacity: 1, Prefs: []string{"r1", "r2"}}, {ID: "m2", Capacity: 1, Prefs: []string{"r1"}}},
	}
	inst := mustInstance(t, in)
	got, err := CheckStable(inst, []Assignment{{Request: "r1", Mentor: "m2"}, {Request: "r2", Mentor: "m1"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Pair{"r1", "m1"}); len(got) != 1 || got[0] != want {
		t.Errorf("blocking %v, want [%v]", got, want)
	}
}
