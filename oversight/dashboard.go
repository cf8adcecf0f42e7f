// Package oversight computes what platform admins see of the programme as a whole: the
// list of exchanges (state, organisations, dates, progress, ratings — never what was said
// in a room or written as feedback) and the programme dashboard, aggregates only. Every
// function here is pure: it reads organisations, requests and exchanges handed to it
// (Service gets them from the services' memory) and changes nothing.
package oversight

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/training"
)

// Input is everything the dashboard is computed from.
type Input struct {
	Orgs      []org.Organisation
	Requests  []exchange.Request
	Exchanges []exchange.Exchange
	Trainings []training.Training
}

// Dashboard is the programme in numbers. Its tables (Tables) are also served as CSV.
type Dashboard struct {
	Generated      time.Time    `json:"generated"`
	Organisations  []OrgCell    `json:"organisations"`
	GapMap         []TopicGap   `json:"gap_map"`
	ExchangeStates []StateCount `json:"exchange_states"`
	Sessions       []SessionRow `json:"sessions"`
	Cascade        Cascade      `json:"cascade"`
	Summary        Summary      `json:"summary"`
}

// OrgCell counts the organisations of one country, stage and status.
type OrgCell struct {
	Country       string     `json:"country"` // ISO code, or Other
	Stage         org.Stage  `json:"stage"`
	Status        org.Status `json:"status"`
	Organisations int        `json:"organisations"`
}

// TopicGap sets one topic's supply against its demand. Supply is the approved
// organisations offering the topic, by level (1 basic … 3 can train trainers), and the
// places they have free now; demand is the needs of open requests, by priority (1 useful
// … 3 urgent). Gap is open needs less free places: above zero, more organisations want to
// learn the topic than there are places with organisations able to teach it — the topics
// for which to plan trainings of trainers.
type TopicGap struct {
	Topic      org.Topic `json:"topic"`
	Level1     int       `json:"offering_level_1"`
	Level2     int       `json:"offering_level_2"`
	Level3     int       `json:"offering_level_3"`
	Offering   int       `json:"offering"`
	FreePlaces int       `json:"free_places"`
	Priority1  int       `json:"needs_priority_1"`
	Priority2  int       `json:"needs_priority_2"`
	Priority3  int       `json:"needs_priority_3"`
	OpenNeeds  int       `json:"open_needs"`
	Gap        int       `json:"gap"`
}

// StateCount counts the exchanges (proposals included) in one state.
type StateCount struct {
	State     exchange.State `json:"state"`
	Exchanges int            `json:"exchanges"`
}

// SessionRow counts the sessions of one format logged in exchanges whose requesting (the
// learning) organisation is in one country, and their hours.
type SessionRow struct {
	Format   string  `json:"format"`
	Country  string  `json:"country"` // ISO code, or Other
	Sessions int     `json:"sessions"`
	Hours    float64 `json:"hours"`
}

// Summary is the dashboard's single numbers. A rate or mean with nothing to count is null.
type Summary struct {
	Organisations int `json:"organisations"`
	Exchanges     int `json:"exchanges"`
	// AcceptedRequests is how many requests found a mentor; MedianDaysToAccept is the
	// median time from such a request being made to its proposal being accepted.
	AcceptedRequests   int      `json:"accepted_requests"`
	MedianDaysToAccept *float64 `json:"median_days_to_accept"`
	// Of the exchanges that were accepted: how many are running (accepted or active), how
	// many completed and how many were cancelled; CompletionRate is completed / (completed
	// + cancelled), the ones still running left out.
	Running        int      `json:"running"`
	Paused         int      `json:"paused"`
	Completed      int      `json:"completed"`
	Cancelled      int      `json:"cancelled_after_acceptance"`
	CompletionRate *float64 `json:"completion_rate"`
	// Ratings (1–5) given when marking an exchange complete: by the requesting organisations
	// about their mentors, and by the mentors about the organisations they mentored.
	FeedbackToMentors    Ratings `json:"feedback_to_mentors"`
	FeedbackToRequesters Ratings `json:"feedback_to_requesters"`
	Sessions             int     `json:"sessions"`
	Hours                float64 `json:"hours"`
}

// Ratings is the mean of some feedback on each scale.
type Ratings struct {
	Count      int      `json:"count"`
	Usefulness *float64 `json:"usefulness"`
	Respect    *float64 `json:"respect"`
}

// Other is the country shown for organisations of a country with fewer than MinCell
// organisations in a table, so that no cell singles one out.
const (
	Other   = "other"
	MinCell = 3
)

// Build computes the dashboard of in at time now.
func Build(in Input, now time.Time) Dashboard {
	d := Dashboard{
		Generated:      now,
		Organisations:  orgCells(in.Orgs),
		GapMap:         gapMap(in),
		ExchangeStates: exchangeStates(in.Exchanges),
		Sessions:       sessionRows(in),
		Cascade:        cascade(in),
	}
	d.Summary = summary(in)
	return d
}

// countries maps each country to itself when at least MinCell distinct organisations of
// it are in members (organisation id → country), and to Other when fewer are.
func countries(members map[string]string) map[string]string {
	n := map[string]int{}
	for _, c := range members {
		n[c]++
	}
	out := make(map[string]string, len(n))
	for c, k := range n {
		out[c] = c
		if k < MinCell {
			out[c] = Other
		}
	}
	return out
}

// byCountry orders countries by code, Other last.
func byCountry(a, b string) int {
	return cmp.Or(cmp.Compare(boolInt(a == Other), boolInt(b == Other)), cmp.Compare(a, b))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func orgCells(orgs []org.Organisation) []OrgCell {
	members := make(map[string]string, len(orgs))
	for _, o := range orgs {
		members[o.ID] = o.Profile.Country
	}
	shown := countries(members)
	count := map[OrgCell]int{}
	for _, o := range orgs {
		count[OrgCell{Country: shown[o.Profile.Country], Stage: o.Profile.Stage, Status: o.Status}]++
	}
	out := make([]OrgCell, 0, len(count))
	for c, n := range count {
		c.Organisations = n
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b OrgCell) int {
		return cmp.Or(byCountry(a.Country, b.Country), cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Status, b.Status))
	})
	return out
}

// holding counts, per mentor organisation, the exchanges that hold one of its places.
func holding(xs []exchange.Exchange) map[string]int {
	out := map[string]int{}
	for _, x := range xs {
		if x.State == exchange.StateAccepted || x.State == exchange.StateActive {
			out[x.MentorOrg]++
		}
	}
	return out
}

func gapMap(in Input) []TopicGap {
	topics := org.Taxonomy().Topics
	gaps := make([]TopicGap, len(topics))
	at := make(map[org.Topic]*TopicGap, len(topics))
	for i, t := range topics {
		gaps[i].Topic = org.Topic(t.ID)
		at[gaps[i].Topic] = &gaps[i]
	}
	held := holding(in.Exchanges)
	for _, o := range in.Orgs {
		if o.Status != org.StatusApproved {
			continue
		}
		free := 0
		if o.Profile.Available {
			free = max(0, o.Profile.Capacity-held[o.ID])
		}
		for _, of := range o.Profile.Offers {
			g := at[of.Topic]
			if g == nil {
				continue
			}
			switch of.Level {
			case 1:
				g.Level1++
			case 2:
				g.Level2++
			case 3:
				g.Level3++
			}
			g.Offering++
			g.FreePlaces += free
		}
	}
	for _, r := range in.Requests {
		if r.State != exchange.StateOpen {
			continue
		}
		for _, n := range r.Needs {
			g := at[org.Topic(n.Topic)]
			if g == nil {
				continue
			}
			switch n.Priority {
			case 1:
				g.Priority1++
			case 2:
				g.Priority2++
			case 3:
				g.Priority3++
			}
			g.OpenNeeds++
		}
	}
	for i := range gaps {
		gaps[i].Gap = gaps[i].OpenNeeds - gaps[i].FreePlaces
	}
	return gaps
}

// exchangeStates counts the exchanges in each state an exchange can be in.
func exchangeStates(xs []exchange.Exchange) []StateCount {
	n := map[exchange.State]int{}
	for _, x := range xs {
		n[x.State]++
	}
	var out []StateCount
	for _, s := range exchange.States {
		if s != exchange.StateOpen { // a request's state only
			out = append(out, StateCount{State: s, Exchanges: n[s]})
		}
	}
	return out
}

func sessionRows(in Input) []SessionRow {
	country := make(map[string]string, len(in.Orgs))
	for _, o := range in.Orgs {
		country[o.ID] = o.Profile.Country
	}
	// The organisations behind the table: the requesting ones with a session logged.
	members := map[string]string{}
	for _, x := range in.Exchanges {
		if len(x.Sessions) > 0 {
			members[x.RequestOrg] = country[x.RequestOrg]
		}
	}
	shown := countries(members)
	type key struct{ format, country string }
	minutes := map[key]int{}
	count := map[key]int{}
	for _, x := range in.Exchanges {
		c := shown[country[x.RequestOrg]]
		if c == "" { // an organisation no longer known
			c = Other
		}
		for _, s := range x.Sessions {
			k := key{s.Format, c}
			count[k]++
			minutes[k] += s.DurationMinutes
		}
	}
	out := make([]SessionRow, 0, len(count))
	for k, n := range count {
		out = append(out, SessionRow{Format: k.format, Country: k.country, Sessions: n, Hours: hours(minutes[k])})
	}
	slices.SortFunc(out, func(a, b SessionRow) int {
		return cmp.Or(cmp.Compare(a.Format, b.Format), byCountry(a.Country, b.Country))
	})
	return out
}

func hours(minutes int) float64 { return round(float64(minutes)/60, 2) }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func summary(in Input) Summary {
	s := Summary{Organisations: len(in.Orgs), Exchanges: len(in.Exchanges)}
	// Each accepted request had exactly one proposal accepted (a claim under a unique key
	// sees to it), and nothing changes the request after: its last update is the acceptance.
	matched := map[string]bool{} // accepted request → its accepted exchange is still there
	var days []float64
	for _, r := range in.Requests {
		if r.State == exchange.StateAccepted {
			matched[r.ID] = false
			days = append(days, r.Updated.Sub(r.Created).Hours()/24)
		}
	}
	s.AcceptedRequests = len(days)
	s.MedianDaysToAccept = median(days)
	var toMentors, toRequesters []exchange.Feedback
	for _, x := range in.Exchanges {
		switch x.State {
		case exchange.StateAccepted, exchange.StateActive:
			s.Running++
			if x.Paused {
				s.Paused++
			}
			matched[x.RequestID] = true
		case exchange.StateCompleted:
			s.Completed++
			matched[x.RequestID] = true
		}
		if f := x.RequesterFeedback; f != nil {
			toMentors = append(toMentors, *f)
		}
		if f := x.MentorFeedback; f != nil {
			toRequesters = append(toRequesters, *f)
		}
	}
	// An accepted request whose accepted exchange is neither running nor completed saw it
	// cancelled.
	for _, still := range matched {
		if !still {
			s.Cancelled++
		}
	}
	if n := s.Completed + s.Cancelled; n > 0 {
		s.CompletionRate = ptr(round(float64(s.Completed)/float64(n), 4))
	}
	s.FeedbackToMentors, s.FeedbackToRequesters = ratings(toMentors), ratings(toRequesters)
	minutes := 0
	for _, x := range in.Exchanges {
		for _, ses := range x.Sessions {
			s.Sessions++
			minutes += ses.DurationMinutes
		}
	}
	s.Hours = hours(minutes)
	return s
}

func ratings(fs []exchange.Feedback) Ratings {
	r := Ratings{Count: len(fs)}
	if len(fs) == 0 {
		return r
	}
	u, rs := 0, 0
	for _, f := range fs {
		u += f.Usefulness
		rs += f.Respect
	}
	r.Usefulness = ptr(round(float64(u)/float64(len(fs)), 2))
	r.Respect = ptr(round(float64(rs)/float64(len(fs)), 2))
	return r
}

// median returns the median of vs, rounded to hundredths, or nil for none.
func median(vs []float64) *float64 {
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	m := vs[len(vs)/2]
	if len(vs)%2 == 0 {
		m = (vs[len(vs)/2-1] + m) / 2
	}
	return ptr(round(m, 2))
}

func ptr[T any](v T) *T { return &v }
