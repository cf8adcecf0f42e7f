package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/cascade-platform/cascade/matching"
)

// matchInput is the JSON instance `cascade match` reads (docs/matching.md).
type matchInput struct {
	Mode     string         `json:"mode"`
	Mentors  []matchMentor  `json:"mentors"`
	Requests []matchRequest `json:"requests"`
	Scores   []matchScore   `json:"scores"`
	Locked   []matchPair    `json:"locked"`
	Banned   []matchPair    `json:"banned"`
}

type matchMentor struct {
	ID       string   `json:"id"`
	Capacity int      `json:"capacity"`
	Prefs    []string `json:"prefs"`
}

type matchRequest struct {
	ID    string   `json:"id"`
	Prefs []string `json:"prefs"`
}

type matchScore struct {
	Request string  `json:"request"`
	Mentor  string  `json:"mentor"`
	Score   float64 `json:"score"`
}

type matchPair struct {
	Request string `json:"request"`
	Mentor  string `json:"mentor"`
}

// matchOutput is the JSON result `cascade match` writes.
type matchOutput struct {
	Assignments   []matchPair `json:"assignments"`
	Unmatched     []string    `json:"unmatched"`
	TotalScore    float64     `json:"total_score"`
	BlockingPairs int         `json:"blocking_pairs"`
}

// runMatch runs `cascade match`: an instance as JSON on stdin, the round's
// result as JSON on stdout, warnings on stderr. It returns the exit
// status: 0 done, 2 invalid input (one line on stderr), 1 when stdout
// cannot be written.
func runMatch(stdin io.Reader, stdout, stderr io.Writer) int {
	res, warnings, err := solveMatch(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "cascade match: %s\n", oneLine(err.Error()))
		return 2
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "cascade match: warning: %s\n", oneLine(w.String()))
	}
	out := matchOutput{Assignments: []matchPair{}, Unmatched: []string{}, TotalScore: res.TotalScore, BlockingPairs: res.BlockingPairs}
	for _, a := range res.Assignments {
		out.Assignments = append(out.Assignments, matchPair{Request: a.Request, Mentor: a.Mentor})
	}
	for _, u := range res.Unmatched {
		out.Unmatched = append(out.Unmatched, u.Request)
	}
	enc := json.NewEncoder(stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "cascade match: write: %s\n", oneLine(err.Error()))
		return 1
	}
	return 0
}

// solveMatch decodes, validates and solves one instance.
func solveMatch(stdin io.Reader) (matching.RoundResult, []matching.Warning, error) {
	dec := json.NewDecoder(stdin)
	dec.DisallowUnknownFields()
	var in matchInput
	if err := dec.Decode(&in); err != nil {
		return matching.RoundResult{}, nil, fmt.Errorf("decode: %w", err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return matching.RoundResult{}, nil, errors.New("decode: trailing data after the instance")
	}
	var solve func(*matching.Instance) matching.RoundResult
	switch matching.Mode(in.Mode) {
	case matching.ModeStable:
		solve = matching.Stable
	case matching.ModeOptimal:
		solve = matching.Optimal
	default:
		return matching.RoundResult{}, nil, fmt.Errorf("mode %q: want \"stable\" or \"optimal\"", in.Mode)
	}
	inst, err := matching.NewInstance(in.toInput())
	if err != nil {
		return matching.RoundResult{}, nil, err
	}
	res := solve(inst)
	if math.IsInf(res.TotalScore, 0) {
		return matching.RoundResult{}, nil, errors.New("total score overflows a float64")
	}
	return res, inst.Warnings(), nil
}

func (in *matchInput) toInput() matching.Input {
	out := matching.Input{
		Requests: make([]matching.RequestPrefs, len(in.Requests)),
		Mentors:  make([]matching.MentorPrefs, len(in.Mentors)),
		Scores:   make([]matching.PairScore, len(in.Scores)),
	}
	for i, r := range in.Requests {
		out.Requests[i] = matching.RequestPrefs{ID: r.ID, Prefs: r.Prefs}
	}
	for i, m := range in.Mentors {
		out.Mentors[i] = matching.MentorPrefs{ID: m.ID, Capacity: m.Capacity, Prefs: m.Prefs}
	}
	for i, s := range in.Scores {
		out.Scores[i] = matching.PairScore{Request: s.Request, Mentor: s.Mentor, Score: s.Score}
	}
	for _, p := range in.Locked {
		out.Locked = append(out.Locked, matching.Pair{Request: p.Request, Mentor: p.Mentor})
	}
	for _, p := range in.Banned {
		out.Banned = append(out.Banned, matching.Pair{Request: p.Request, Mentor: p.Mentor})
	}
	return out
}

// oneLine keeps a message on one line: ids in errors are quoted, but a
// decoder message may still carry input text.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
