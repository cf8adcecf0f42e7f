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
	Criterion string         `json:"criterion"`
	Points    float64        `json:"points"`
	Code      string         `json:"code"`
	Params    map[string]any `json:"params"`
}

// Exchange is a request sent to one mentor organisation: first a proposal, then, once
// accepted, the exchange the two organisations work in.
type Exchange struct {
	ID         string    `json:"id"`
	RequestID  string    `json:"request_id"`
	RequestOrg string    `json:"request_org"`
	MentorOrg  string    `json:"mentor_org"`
	State      State     `json:"state"`
	Source     Source    `json:"source"`
	RoundID    string    `json:"round_id,omitempty"`
	Score      float64   `json:"score"`
	Points     []Point   `json:"points"`
	Reason     Reason    `json:"reason,omitempty"`
	ReasonText string    `json:"reason_text,omitempty"`
	Goals      []Goal    `json:"goals"`
	Sessions   []Session `json:"sessions"`
	// Feedback by side: what the requesting organisation said about the mentor, and back.
	RequesterFeedback *Feedback `json:"requester_feedback,omitempty"`
	MentorFeedback    *Feedback `json:"mentor_feedback,omitempty"`
	Proposed          time.Time `json:"proposed"`
	Updated           time.Time `json:"updated"`
}

// Goal is one item of an exchange's checklist.
type Goal struct {
	ID      string     `json:"id"`
	Text    string     `json:"text"`
	AddedBy string     `json:"added_by"`
	DoneBy  string     `json:"done_by,omitempty"`
	DoneAt  *time.Time `json:"done_at,omitempty"`
}

// Session is one meeting the two organisations held.
type Session struct {
	ID              string    `json:"id"`
	Date            string    `json:"date"` // YYYY-MM-DD
	DurationMinutes int       `json:"duration_minutes"`
	Format          string    `json:"format"`
	LoggedBy        string    `json:"logged_by"`
	Logged          time.Time `json:"logged"`
}

// Feedback is what one side says when it marks the exchange complete.
type Feedback struct {
	By         string    `json:"by"`
	Usefulness int       `json:"usefulness"` // 1–5
	Respect    int       `json:"respect"`    // 1–5
	Learned    string    `json:"learned"`
	Given      time.Time `json:"given"`
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
