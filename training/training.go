// Package training records the trainings organisations run and follows the cascade: a
// training's trainers learned at an earlier training (learned_at), so every training has
// a generation — first-hand (1), second-hand (2), … — and the reach of a topic can be
// counted down the generations. People are counted, never named.
package training

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cascade-platform/cascade/org"
)

// Training is one training an organisation ran: in a session of an exchange, or on its own.
type Training struct {
	ID string `json:"id" bson:"id"`
	// Org is the organisation that recorded it (ran it, or ran it in its exchange).
	Org      string    `json:"org" bson:"org"`
	Exchange string    `json:"exchange,omitempty" bson:"exchange"`
	Session  string    `json:"session,omitempty" bson:"session"`
	Topic    org.Topic `json:"topic" bson:"topic"`
	// Resource is the library resource used: one the recording member may read, when the
	// service has the library (Config.Resources); else an id stored as given.
	Resource        string       `json:"resource,omitempty" bson:"resource"`
	Date            string       `json:"date" bson:"date"` // YYYY-MM-DD
	Participants    Participants `json:"participants" bson:"participants"`
	TrainersTrained int          `json:"trainers_trained" bson:"trainers_trained"`
	// LearnedAt is the training where this training's trainers learned; "" for first-hand.
	LearnedAt  string    `json:"learned_at,omitempty" bson:"learned_at"`
	Generation int       `json:"generation" bson:"generation"`
	Recorded   time.Time `json:"recorded" bson:"recorded"`
}

// Participants counts who took part, by role.
type Participants struct {
	PeerEducators int `json:"peer_educators" bson:"peer_educators"`
	Members       int `json:"members" bson:"members"`
	HealthWorkers int `json:"health_workers" bson:"health_workers"`
	Police        int `json:"police" bson:"police"`
	Media         int `json:"media" bson:"media"`
}

// Total is everyone who took part: the peers the training reached.
func (p Participants) Total() int {
	return p.PeerEducators + p.Members + p.HealthWorkers + p.Police + p.Media
}

// Input is a training as an organisation records it.
type Input struct {
	Topic           org.Topic    `json:"topic"`
	Resource        string       `json:"resource"`
	Date            string       `json:"date"`
	Participants    Participants `json:"participants"`
	TrainersTrained int          `json:"trainers_trained"`
	LearnedAt       string       `json:"learned_at"`
	// Trainers are user ids of members the recording lead names as trainers trained: each
	// is asked, and named only once they consent.
	Trainers []string `json:"trainers"`
}

// Limits of what is recorded.
const (
	MaxCount       = 100_000 // participants of one role, and trainers trained
	maxResourceLen = 128
	earliestDate   = "2000-01-01"
)

var (
	// ErrNotFound: no such training, exchange or session, or not one the organisation may see.
	ErrNotFound = errors.New("training: not found")
	// ErrInvalid: input breaks a rule; the concrete error is a *ValidationError.
	ErrInvalid = errors.New("training: invalid input")
	// ErrNotRunning: the exchange is not under way (not accepted or active, or paused).
	ErrNotRunning = errors.New("training: exchange not running")
)

// ValidationError names the field at fault and a stable code for why.
type ValidationError struct {
	Field string
	Code  string
}

func (e *ValidationError) Error() string { return fmt.Sprintf("training: %s: %s", e.Field, e.Code) }

// Is makes errors.Is(err, ErrInvalid) true for every validation failure.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// The validation codes.
const (
	CodeUnknownTopic    = "unknown_topic"        // topic is not one of the taxonomy's
	CodeInvalidDate     = "invalid_date"         // not YYYY-MM-DD, or before 2000
	CodeFutureDate      = "future_date"          // after tomorrow (UTC)
	CodeInvalidCount    = "invalid_count"        // a count outside 0..MaxCount
	CodeNoParticipants  = "no_participants"      // nobody took part
	CodeTooManyTrainers = "too_many_trainers"    // more trainers trained than took part
	CodeInvalidResource = "invalid_resource"     // not an id, or not a resource the recorder may read
	CodeParentNoTrainer = "parent_trained_none"  // learned_at a training that trained no trainers
	CodeBeforeParent    = "date_before_learning" // held before the training its trainers learned at
	CodeLeadsOnly       = "leads_only"           // trainers named by someone who is no lead
	CodeNotMember       = "not_a_member"         // a trainer named who is no member, or named twice
)

func invalid(field, code string) error { return &ValidationError{Field: field, Code: code} }

// validate checks in on its own; today is the recording day (UTC). A date up to a day
// after today is taken: where it is already tomorrow, it is today.
func (in Input) validate(today time.Time) error {
	if !slices.ContainsFunc(org.Taxonomy().Topics, func(t org.Term) bool { return t.ID == string(in.Topic) }) {
		return invalid("topic", CodeUnknownTopic)
	}
	d, err := time.Parse(time.DateOnly, in.Date)
	if err != nil || in.Date < earliestDate {
		return invalid("date", CodeInvalidDate)
	}
	if d.After(today.Truncate(24*time.Hour).AddDate(0, 0, 1)) {
		return invalid("date", CodeFutureDate)
	}
	p := in.Participants
	for _, c := range []struct {
		field string
		n     int
	}{
		{"participants.peer_educators", p.PeerEducators},
		{"participants.members", p.Members},
		{"participants.health_workers", p.HealthWorkers},
		{"participants.police", p.Police},
		{"participants.media", p.Media},
		{"trainers_trained", in.TrainersTrained},
	} {
		if c.n < 0 || c.n > MaxCount {
			return invalid(c.field, CodeInvalidCount)
		}
	}
	if p.Total() == 0 {
		return invalid("participants", CodeNoParticipants)
	}
	if in.TrainersTrained > p.Total() {
		return invalid("trainers_trained", CodeTooManyTrainers)
	}
	if in.Resource != "" && !isID(in.Resource) {
		return invalid("resource", CodeInvalidResource)
	}
	for _, u := range in.Trainers {
		if !isID(u) {
			return invalid("trainers", CodeNotMember)
		}
	}
	if in.LearnedAt != "" && !isID(in.LearnedAt) {
		return fmt.Errorf("training %q: %w", in.LearnedAt, ErrNotFound)
	}
	return nil
}

// isID reports whether s has the shape of a Cascade id: [A-Za-z0-9_-], 1 to 128 bytes.
func isID(s string) bool {
	if s == "" || len(s) > maxResourceLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '-', b == '_':
		default:
			return false
		}
	}
	return true
}
