package matching

import (
	"fmt"
	"math"
)

// Format is a way to run an exchange.
type Format string

// Formats from the programme. Other values are allowed; they match by
// equality and, unless Weights.FormatGeography names them, give geography
// no weight.
const (
	FormatOnline             Format = "online"
	FormatStudyVisit         Format = "study_visit"
	FormatTrainingOfTrainers Format = "training_of_trainers"
)

// Need is one capacity topic a request wants to learn, with a priority
// from 1 (nice to have) to 3 (most important).
type Need struct {
	Topic    string
	Priority int
}

// Offer is one capacity topic a mentor organisation can share, with a
// level from 1 (basic) to 2 (solid) to 3 (can train trainers).
type Offer struct {
	Topic string
	Level int
}

// Request is an emerging organisation's open request for a peer mentor.
type Request struct {
	ID    string // the request's id
	OrgID string // the organisation asking; never matched with itself
	Needs []Need
	// Languages the organisation works in; any shared one suffices.
	Languages []string
	// AcceptsInterpretation waives the shared-language filter.
	AcceptsInterpretation bool
	Formats               []Format
	Country, Region       string
	// Populations the organisation serves (e.g. "trans sex workers").
	Populations []string
}

// TrackRecord aggregates the feedback ratings (1–5) a mentor organisation
// has received: Ratings of them, summing to Sum.
type TrackRecord struct {
	Ratings int
	Sum     float64
}

// Mentor is an established organisation offering mentoring.
type Mentor struct {
	ID              string // the organisation's id
	Offers          []Offer
	Languages       []string
	Formats         []Format
	Country, Region string
	Populations     []string
	// FreeCapacity is how many more exchanges it can carry now.
	FreeCapacity int
	// ActiveExchanges is how many it carries now (its load).
	ActiveExchanges int
	Track           TrackRecord
	// Host is the mentor's confirmed host on Cascade, nil for none.
	Host *Host
}

// Host is a hosted mentor organisation's confirmed host on Cascade: what it offers
// counts as its own criterion (CriterionHostOffers), never as the mentor's topics.
type Host struct {
	ID, Name string
	Offers   []Offer
}

// Validate reports an ErrInvalidID or ErrInvalidProfile error when the
// request has an empty id or a priority outside 1–3.
func (r *Request) Validate() error {
	if r.ID == "" {
		return fmt.Errorf("request: %w: empty", ErrInvalidID)
	}
	for _, n := range r.Needs {
		if n.Priority < 1 || n.Priority > 3 {
			return fmt.Errorf("request %q: need %q: %w: priority %d not in 1–3", r.ID, n.Topic, ErrInvalidProfile, n.Priority)
		}
	}
	return nil
}

// Validate reports an ErrInvalidID or ErrInvalidProfile error when the
// mentor has an empty id, a level outside 1–3, a negative capacity or load,
// or a track record whose mean is not within 1–5.
func (m *Mentor) Validate() error {
	if m.ID == "" {
		return fmt.Errorf("mentor: %w: empty", ErrInvalidID)
	}
	for _, o := range m.Offers {
		if o.Level < 1 || o.Level > 3 {
			return fmt.Errorf("mentor %q: offer %q: %w: level %d not in 1–3", m.ID, o.Topic, ErrInvalidProfile, o.Level)
		}
	}
	if m.FreeCapacity < 0 || m.ActiveExchanges < 0 {
		return fmt.Errorf("mentor %q: %w: negative capacity or load", m.ID, ErrInvalidProfile)
	}
	if m.Host != nil {
		for _, o := range m.Host.Offers {
			if o.Level < 1 || o.Level > 3 {
				return fmt.Errorf("mentor %q: host offer %q: %w: level %d not in 1–3", m.ID, o.Topic, ErrInvalidProfile, o.Level)
			}
		}
	}
	t := m.Track
	if t.Ratings < 0 || math.IsNaN(t.Sum) || t.Sum < float64(t.Ratings) || t.Sum > 5*float64(t.Ratings) {
		return fmt.Errorf("mentor %q: %w: track record of %d ratings summing to %v", m.ID, ErrInvalidProfile, t.Ratings, t.Sum)
	}
	return nil
}
