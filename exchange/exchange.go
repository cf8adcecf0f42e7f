package exchange

import (
	"slices"
	"time"

	"github.com/cascade-platform/cascade/matching"
)

// Source says how a proposal came about.
type Source string

// The sources.
const (
	SourceLead  Source = "lead"  // the requesting lead sent it
	SourceRound Source = "round" // an admin published a matching round
)

// Point is one criterion's share of a score and why: a stable code and the values it
// names (matching.Code* and docs/matching.md), for a client to say in its language.
// Points of a proposal add up to its Score.
type Point struct {
	Criterion string         `json:"criterion" bson:"criterion"`
	Points    float64        `json:"points" bson:"points"`
	Code      string         `json:"code" bson:"code"`
	Params    map[string]any `json:"params" bson:"params"`
}

// Exchange is a request sent to one mentor organisation: first a proposal, then, once
// accepted, the exchange the two organisations work in.
type Exchange struct {
	ID         string    `json:"id" bson:"id"`
	RequestID  string    `json:"request_id" bson:"request_id"`
	RequestOrg string    `json:"request_org" bson:"request_org"`
	MentorOrg  string    `json:"mentor_org" bson:"mentor_org"`
	State      State     `json:"state" bson:"state"`
	Source     Source    `json:"source" bson:"source"`
	RoundID    string    `json:"round_id,omitempty" bson:"round_id"`
	Score      float64   `json:"score" bson:"score"`
	Points     []Point   `json:"points" bson:"points"`
	Reason     Reason    `json:"reason,omitempty" bson:"reason"`
	ReasonText string    `json:"reason_text,omitempty" bson:"reason_text"`
	Goals      []Goal    `json:"goals" bson:"goals"`
	Sessions   []Session `json:"sessions" bson:"sessions"`
	Paused     bool      `json:"paused,omitempty" bson:"paused"`
	// HostOrg is the host on Cascade that the lead of party HostFor, which it hosts, brought
	// in as a third organisation. It takes part while relationship HostLink counts
	// (HostCounts); reads give it only then.
	HostOrg  string `json:"host_org,omitempty" bson:"host_org,omitempty"`
	HostFor  string `json:"host_for,omitempty" bson:"host_for,omitempty"`
	HostLink string `json:"-" bson:"host_link,omitempty"`
	// Feedback by side: what the requesting organisation said about the mentor, and back.
	RequesterFeedback *Feedback `json:"requester_feedback,omitempty" bson:"requester_feedback"`
	MentorFeedback    *Feedback `json:"mentor_feedback,omitempty" bson:"mentor_feedback"`
	Proposed          time.Time `json:"proposed" bson:"proposed"`
	Updated           time.Time `json:"updated" bson:"updated"`
}

// Goal is one item of an exchange's checklist.
type Goal struct {
	ID      string     `json:"id" bson:"id"`
	Text    string     `json:"text" bson:"text"`
	AddedBy string     `json:"added_by" bson:"added_by"`
	DoneBy  string     `json:"done_by,omitempty" bson:"done_by"`
	DoneAt  *time.Time `json:"done_at,omitempty" bson:"done_at"`
}

// Session is one meeting the two organisations held.
type Session struct {
	ID              string    `json:"id" bson:"id"`
	Date            string    `json:"date" bson:"date"` // YYYY-MM-DD
	DurationMinutes int       `json:"duration_minutes" bson:"duration_minutes"`
	Format          string    `json:"format" bson:"format"`
	LoggedBy        string    `json:"logged_by" bson:"logged_by"`
	Logged          time.Time `json:"logged" bson:"logged"`
}

// Feedback is what one side says when it marks the exchange complete.
type Feedback struct {
	By         string    `json:"by" bson:"by"`
	Usefulness int       `json:"usefulness" bson:"usefulness"` // 1–5
	Respect    int       `json:"respect" bson:"respect"`       // 1–5
	Learned    string    `json:"learned" bson:"learned"`
	Given      time.Time `json:"given" bson:"given"`
}

// Running reports whether the exchange is under way: accepted or active, and not paused.
func (x Exchange) Running() bool {
	return (x.State == StateAccepted || x.State == StateActive) && !x.Paused
}

// pending reports whether a proposal still waits for an answer.
func (x *Exchange) pending() bool { return x.State == StateProposed }

// holdsPlace reports whether the exchange takes one of its mentor's places.
func (x *Exchange) holdsPlace() bool { return x.State == StateAccepted || x.State == StateActive }

// side returns the actor an organisation is in this exchange, or "" when it is no party.
func (x *Exchange) side(orgID string) Actor {
	switch orgID {
	case x.RequestOrg:
		return ActorRequester
	case x.MentorOrg:
		return ActorMentor
	}
	return ""
}

// rating is the requester's feedback as one track-record rating (the mean of both scales).
func (f *Feedback) rating() float64 { return float64(f.Usefulness+f.Respect) / 2 }

func pointsOf(s matching.Suggestion) []Point {
	out := make([]Point, len(s.Points))
	for i, p := range s.Points {
		out[i] = Point{Criterion: p.Criterion, Points: p.Points, Code: p.Code, Params: p.Params}
	}
	return out
}

// clone returns x with its own slices.
func (x Exchange) clone() Exchange {
	x.Points = slices.Clone(x.Points)
	x.Goals = slices.Clone(x.Goals)
	x.Sessions = slices.Clone(x.Sessions)
	if x.RequesterFeedback != nil {
		f := *x.RequesterFeedback
		x.RequesterFeedback = &f
	}
	if x.MentorFeedback != nil {
		f := *x.MentorFeedback
		x.MentorFeedback = &f
	}
	return x
}
