package exchange

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cascade-platform/cascade/org"
)

// Limits of a request.
const (
	MaxOpenRequests  = 5    // open requests per organisation
	MaxNeeds         = 10   // needs per request
	MaxGoalsText     = 2000 // characters of goals in the organisation's words
	MaxDurationWeeks = 104
)

// Need is a capacity topic a request is about, with Priority 1 (useful) to 3 (urgent).
type Need struct {
	Topic    string `json:"topic" bson:"topic"`
	Priority int    `json:"priority" bson:"priority"`
}

// TimeFrame is when the organisation would like the exchange: a start month ("2026-05")
// and a duration in weeks. Both are optional.
type TimeFrame struct {
	StartMonth    string `json:"start_month,omitempty" bson:"start_month"`
	DurationWeeks int    `json:"duration_weeks,omitempty" bson:"duration_weeks"`
}

// RequestInput is what a lead writes.
type RequestInput struct {
	Needs                 []Need    `json:"needs" bson:"needs"`
	Goals                 string    `json:"goals" bson:"goals"`
	Formats               []string  `json:"formats" bson:"formats"`
	Languages             []string  `json:"languages" bson:"languages"`
	AcceptsInterpretation bool      `json:"accepts_interpretation" bson:"accepts_interpretation"`
	TimeFrame             TimeFrame `json:"time_frame" bson:"time_frame"`
}

// Request is an organisation's request for a peer mentor.
type Request struct {
	ID           string `json:"id" bson:"id"`
	OrgID        string `json:"org_id" bson:"org_id"`
	CreatedBy    string `json:"created_by" bson:"created_by"`
	RequestInput `bson:",inline"`
	State        State     `json:"state" bson:"state"` // open, accepted or cancelled
	Reason       Reason    `json:"reason,omitempty" bson:"reason"`
	ReasonText   string    `json:"reason_text,omitempty" bson:"reason_text"`
	Created      time.Time `json:"created" bson:"created"`
	Updated      time.Time `json:"updated" bson:"updated"`
}

var startMonth = regexp.MustCompile(`^20[0-9]{2}-(0[1-9]|1[0-2])$`)

// normalize trims text and lower-cases and deduplicates language codes.
func (in RequestInput) normalize() RequestInput {
	in.Goals = strings.TrimSpace(strings.ReplaceAll(in.Goals, "\r\n", "\n"))
	langs := []string{}
	for _, l := range in.Languages {
		if l = strings.ToLower(strings.TrimSpace(l)); !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	in.Languages = langs
	in.Needs = append([]Need{}, in.Needs...)
	in.Formats = slices.Compact(slices.Sorted(slices.Values(in.Formats)))
	if in.Formats == nil {
		in.Formats = []string{}
	}
	return in
}

// validate returns a *ValidationError for the first rule broken.
func (in RequestInput) validate() error {
	tax := org.Taxonomy()
	if len(in.Needs) == 0 || len(in.Needs) > MaxNeeds {
		return invalid("needs", "name 1 to %d needs", MaxNeeds)
	}
	seen := map[string]bool{}
	for _, n := range in.Needs {
		if !hasTerm(tax.Topics, n.Topic) {
			return invalid("needs", "unknown topic %q", n.Topic)
		}
		if seen[n.Topic] {
			return invalid("needs", "topic %q named twice", n.Topic)
		}
		seen[n.Topic] = true
		if n.Priority < 1 || n.Priority > 3 {
			return invalid("needs", "priority %d not in 1–3", n.Priority)
		}
	}
	if in.Goals == "" || utf8.RuneCountInString(in.Goals) > MaxGoalsText || !utf8.ValidString(in.Goals) {
		return invalid("goals", "write 1 to %d characters", MaxGoalsText)
	}
	if err := in.validateFormats(); err != nil {
		return err
	}
	if len(in.Languages) == 0 || len(in.Languages) > org.MaxLanguages {
		return invalid("languages", "name 1 to %d languages", org.MaxLanguages)
	}
	for _, l := range in.Languages {
		if len(l) < 2 || len(l) > 3 || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
			return invalid("languages", "%q is not a language code", l)
		}
	}
	if tf := in.TimeFrame; tf.StartMonth != "" && !startMonth.MatchString(tf.StartMonth) {
		return invalid("time_frame.start_month", "write the month as YYYY-MM")
	}
	if d := in.TimeFrame.DurationWeeks; d < 0 || d > MaxDurationWeeks {
		return invalid("time_frame.duration_weeks", "not in 0–%d", MaxDurationWeeks)
	}
	return nil
}

func (in RequestInput) validateFormats() error {
	if len(in.Formats) == 0 {
		return invalid("formats", "name at least one format")
	}
	for _, f := range in.Formats {
		if !hasTerm(org.Taxonomy().Formats, f) {
			return invalid("formats", "unknown format %q", f)
		}
	}
	return nil
}

func hasTerm(terms []org.Term, id string) bool {
	return slices.ContainsFunc(terms, func(t org.Term) bool { return t.ID == id })
}

// checkReason validates a chosen reason and its optional text.
func checkReason(r Reason, text string, allowed []Reason) (string, error) {
	if !slices.Contains(allowed, r) {
		return "", invalid("reason", "choose one of %v", allowed)
	}
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > MaxReasonText {
		return "", invalid("text", "at most %d characters", MaxReasonText)
	}
	return text, nil
}

// clone returns r with its own slices.
func (r Request) clone() Request {
	r.Needs = slices.Clone(r.Needs)
	r.Formats = slices.Clone(r.Formats)
	r.Languages = slices.Clone(r.Languages)
	return r
}
