package moderation

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// Status is where a report stands.
type Status string

// A report is open until someone resolves it as actioned or dismissed.
const (
	StatusOpen      Status = "open"
	StatusActioned  Status = "actioned"
	StatusDismissed Status = "dismissed"
)

// MaxContext is the most messages a reporter may send along with the one reported.
const MaxContext = 20

// Excerpt is one message as it was when the report was made.
type Excerpt struct {
	Seq      int64      `json:"seq"`
	Author   string     `json:"author"`
	Body     string     `json:"body"`
	Sent     time.Time  `json:"sent"`
	Edited   *time.Time `json:"edited,omitempty"`
	Reported bool       `json:"reported,omitempty"`
}

// Report is a member's report of one message, with the context they chose, copied at
// the moment of the report: later edits and deletes do not change it.
type Report struct {
	ID       string    `json:"id"`
	Room     string    `json:"room"`
	Reporter string    `json:"-"` // staff never see who reported
	Seq      int64     `json:"seq"`
	Author   string    `json:"author"`
	Reason   Reason    `json:"reason"`
	Text     string    `json:"text,omitempty"`
	Messages []Excerpt `json:"messages,omitempty"`
	Created  time.Time `json:"created"`
	Outcome  *Outcome  `json:"outcome,omitempty"`
	// Kind (KindTip, KindResource), Target and Material are set on a report of shared
	// material (ReportMaterial): no room, message or author then.
	Kind     string    `json:"kind,omitempty"`
	Target   string    `json:"target,omitempty"`
	Material *Material `json:"material,omitempty"`
}

// Status is open, or the outcome's status.
func (r Report) Status() Status {
	if r.Outcome == nil {
		return StatusOpen
	}
	return r.Outcome.Status
}

// Outcome is how a report was resolved; a report has at most one.
type Outcome struct {
	Report string    `json:"-"`
	Status Status    `json:"status"`
	Note   string    `json:"note,omitempty"`
	By     string    `json:"by,omitempty"`
	At     time.Time `json:"at"`
}

// ReportFilter selects reports; zero fields match all. Open selects those without an
// outcome, Before those filed before it.
type ReportFilter struct {
	Room, Reporter string
	Kind, Target   string // shared material: its kind and id
	Open           bool
	Before         time.Time
}

// ReportInput is what a member sends: the message, the reason, optional text, and how
// many messages before and after it go along (together at most MaxContext).
type ReportInput struct {
	Seq    int64  `json:"seq"`
	Reason Reason `json:"reason"`
	Text   string `json:"text"`
	Before int    `json:"before"`
	After  int    `json:"after"`
}

// Report files a report of message in.Seq of room by reporter (a member of the room;
// the caller checks). ErrNotFound if there is no such message or it is deleted.
func (s *Service) Report(ctx context.Context, reporter, room string, in ReportInput) (Report, error) {
	if err := checkReason("reason", in.Reason); err != nil {
		return Report{}, err
	}
	text, err := checkText("text", in.Text, 1000)
	if err != nil {
		return Report{}, err
	}
	if in.Before < 0 || in.After < 0 || in.Before+in.After > MaxContext {
		return Report{}, invalid("before", "before and after must be at least 0 and add up to at most %d", MaxContext)
	}
	if in.Seq <= 0 {
		return Report{}, invalid("seq", "must name a message")
	}
	msgs, err := s.excerpt(ctx, room, in.Seq, in.Before, in.After)
	if err != nil {
		return Report{}, err
	}
	r := Report{
		ID: "r" + rand.Text()[:16], Room: room, Reporter: reporter, Seq: in.Seq, Reason: in.Reason, Text: text,
		Messages: msgs, Created: utc(s.now()),
	}
	for _, m := range msgs {
		if m.Reported {
			r.Author = m.Author
		}
	}
	if err := s.st.InsertReport(ctx, r); err != nil {
		return Report{}, err
	}
	if s.alerts != nil {
		s.alerts.ReportFiled(ctx, r.ID)
	}
	return r, nil
}

// excerpt copies the message seq and up to before and after messages around it;
// tombstones and deleted messages are left out.
func (s *Service) excerpt(ctx context.Context, room string, seq int64, before, after int) ([]Excerpt, error) {
	target, err := s.msgs.Range(ctx, room, seq-1, 1)
	if err != nil {
		return nil, fmt.Errorf("moderation: read message: %w", err)
	}
	if len(target) == 0 || target[0].Seq != seq || !live(target[0]) {
		return nil, ErrNotFound
	}
	var out []Excerpt
	if before > 0 {
		// Edits and deletes take seqs too: read more and keep the messages.
		recs, err := s.msgs.Before(ctx, room, seq, 4*before+8)
		if err != nil {
			return nil, fmt.Errorf("moderation: read context: %w", err)
		}
		recs = slices.DeleteFunc(recs, func(m chat.Message) bool { return !live(m) })
		for _, m := range recs[max(0, len(recs)-before):] {
			out = append(out, excerptOf(m))
		}
	}
	mine := excerptOf(target[0])
	mine.Reported = true
	out = append(out, mine)
	if after > 0 {
		recs, err := s.msgs.Range(ctx, room, seq, 4*after+8)
		if err != nil {
			return nil, fmt.Errorf("moderation: read context: %w", err)
		}
		recs = slices.DeleteFunc(recs, func(m chat.Message) bool { return !live(m) })
		for _, m := range recs[:min(after, len(recs))] {
			out = append(out, excerptOf(m))
		}
	}
	return out, nil
}

func live(m chat.Message) bool { return m.Kind == chat.KindMessage && !m.Deleted }

func excerptOf(m chat.Message) Excerpt {
	e := Excerpt{Seq: m.Seq, Author: m.Author, Body: m.Body, Sent: utc(m.Sent)}
	if !m.Edited.IsZero() {
		at := utc(m.Edited)
		e.Edited = &at
	}
	return e
}

// MyReports returns the reports userID filed, oldest first, with their outcomes.
func (s *Service) MyReports(ctx context.Context, userID string) ([]Report, error) {
	return s.st.Reports(ctx, ReportFilter{Reporter: userID})
}

// Queue lists reports without their messages: of room (every room if empty), open
// ones only if open, oldest open first, then the resolved ones, newest resolution first.
func (s *Service) Queue(ctx context.Context, room string, open bool) ([]Report, error) {
	list, err := s.st.Reports(ctx, ReportFilter{Room: room, Open: open})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b Report) int {
		switch {
		case a.Outcome == nil && b.Outcome == nil:
			return a.Created.Compare(b.Created)
		case a.Outcome == nil:
			return -1
		case b.Outcome == nil:
			return 1
		}
		return b.Outcome.At.Compare(a.Outcome.At)
	})
	for i := range list {
		list[i].Messages = nil
	}
	return list, nil
}

// Open returns report id with its messages and records that actor opened it. With a
// room, the report must be of that room (a room owner's view); else ErrNotFound.
func (s *Service) Open(ctx context.Context, actor, room, id string) (Report, error) {
	r, err := s.report(ctx, room, id)
	if err != nil {
		return Report{}, err
	}
	if err := s.Record(ctx, Entry{Actor: actor, Action: AuditOpenReport, Target: "report:" + id}); err != nil {
		return Report{}, err
	}
	return r, nil
}

func (s *Service) report(ctx context.Context, room, id string) (Report, error) {
	r, err := s.st.Report(ctx, id)
	if err != nil {
		return Report{}, err
	}
	if room != "" && r.Room != room {
		return Report{}, ErrNotFound
	}
	return r, nil
}

// Resolve closes an open report as actioned or dismissed, with a note the reporter
// sees. ErrConflict if it is resolved already.
func (s *Service) Resolve(ctx context.Context, actor, room, id string, status Status, note string) (Report, error) {
	if status != StatusActioned && status != StatusDismissed {
		return Report{}, invalid("status", "must be actioned or dismissed")
	}
	note, err := checkText("note", note, 1000)
	if err != nil {
		return Report{}, err
	}
	r, err := s.report(ctx, room, id)
	if err != nil {
		return Report{}, err
	}
	o := Outcome{Report: id, Status: status, Note: note, By: actor, At: utc(s.now())}
	if err := s.st.InsertOutcome(ctx, o); err != nil {
		if errors.Is(err, ErrTaken) {
			return Report{}, fmt.Errorf("%w: the report is resolved already", ErrConflict)
		}
		return Report{}, err
	}
	if err := s.Record(ctx, Entry{Actor: actor, Action: AuditResolveReport, Target: "report:" + id, Reason: string(status), Note: note}); err != nil {
		return Report{}, err
	}
	r.Outcome = &o
	return r, nil
}
