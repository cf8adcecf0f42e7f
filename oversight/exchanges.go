package oversight

import (
	"cmp"
	"slices"
	"time"

	"github.com/cascade-platform/cascade/exchange"
)

// ExchangeRow is one exchange (or proposal) as admins overseeing the programme see it:
// where it stands and how far it got. It carries no goal text, no feedback text, no
// person, and nothing from the exchange's room.
type ExchangeRow struct {
	ID          string          `json:"id"`
	State       exchange.State  `json:"state"`
	Paused      bool            `json:"paused"`
	Source      exchange.Source `json:"source"`
	Reason      exchange.Reason `json:"reason,omitempty"` // why it was declined or cancelled
	RequestOrg  OrgRef          `json:"request_org"`
	MentorOrg   OrgRef          `json:"mentor_org"`
	Proposed    time.Time       `json:"proposed"`
	Updated     time.Time       `json:"updated"`
	LastSession string          `json:"last_session,omitempty"` // YYYY-MM-DD
	GoalsDone   int             `json:"goals_done"`
	GoalsTotal  int             `json:"goals_total"`
	Sessions    int             `json:"sessions"`
	Minutes     int             `json:"session_minutes"`
	// The ratings each side gave when marking it complete (null until it did).
	RequesterFeedback *Rating `json:"requester_feedback"`
	MentorFeedback    *Rating `json:"mentor_feedback"`
}

// OrgRef names an organisation.
type OrgRef struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
}

// Rating is one side's feedback, without its text.
type Rating struct {
	Usefulness int `json:"usefulness"`
	Respect    int `json:"respect"`
}

// List returns the exchanges of in in state ("" for all), newest proposed first.
func List(in Input, state exchange.State) []ExchangeRow {
	names := make(map[string]OrgRef, len(in.Orgs))
	for _, o := range in.Orgs {
		names[o.ID] = OrgRef{ID: o.ID, Name: o.Profile.Name, Country: o.Profile.Country}
	}
	ref := func(id string) OrgRef {
		if r, ok := names[id]; ok {
			return r
		}
		return OrgRef{ID: id}
	}
	out := []ExchangeRow{}
	for _, x := range in.Exchanges {
		if state != "" && x.State != state {
			continue
		}
		r := ExchangeRow{
			ID: x.ID, State: x.State, Paused: x.Paused, Source: x.Source, Reason: x.Reason,
			RequestOrg: ref(x.RequestOrg), MentorOrg: ref(x.MentorOrg),
			Proposed: x.Proposed, Updated: x.Updated,
			GoalsTotal: len(x.Goals), Sessions: len(x.Sessions),
			RequesterFeedback: rating(x.RequesterFeedback), MentorFeedback: rating(x.MentorFeedback),
		}
		for _, g := range x.Goals {
			if g.DoneAt != nil {
				r.GoalsDone++
			}
		}
		for _, s := range x.Sessions {
			r.Minutes += s.DurationMinutes
			r.LastSession = max(r.LastSession, s.Date)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b ExchangeRow) int { return cmp.Or(b.Proposed.Compare(a.Proposed), cmp.Compare(a.ID, b.ID)) })
	return out
}

func rating(f *exchange.Feedback) *Rating {
	if f == nil {
		return nil
	}
	return &Rating{Usefulness: f.Usefulness, Respect: f.Respect}
}
