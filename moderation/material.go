package moderation

import (
	"context"
	"crypto/rand"
	"fmt"
)

// The kinds of shared material a report may be about; a report without a kind is of a
// room message.
const (
	KindTip      = "tip"      // package tips
	KindResource = "resource" // a library resource
)

// Material is shared material a report is about, copied when the report is made: its
// organisation, title and text.
type Material struct {
	Org   string `json:"org"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Takedown removes reported material of one kind (tips.Service for KindTip, the library
// for KindResource).
type Takedown interface {
	// TakeDown deletes the material; an error wrapping a not-found error if it is gone.
	TakeDown(ctx context.Context, id string) error
}

// ReportMaterial files a report of material target of kind (one of Options.Takedowns),
// which reporter may read (the caller checks), with a copy of it. It goes into the
// platform staff's queue; no room queue lists it.
func (s *Service) ReportMaterial(ctx context.Context, reporter, kind, target string, m Material, reason Reason, text string) (Report, error) {
	if _, ok := s.takedowns[kind]; !ok {
		return Report{}, invalid("kind", "no reports of %q", kind)
	}
	if err := checkReason("reason", reason); err != nil {
		return Report{}, err
	}
	text, err := checkText("text", text, 1000)
	if err != nil {
		return Report{}, err
	}
	r := Report{ID: "r" + rand.Text()[:16], Kind: kind, Target: target, Material: &m, Reporter: reporter,
		Reason: reason, Text: text, Created: utc(s.now())}
	if err := s.st.InsertReport(ctx, r); err != nil {
		return Report{}, err
	}
	if s.alerts != nil {
		s.alerts.ReportFiled(ctx, r.ID)
	}
	return r, nil
}

// actOnMaterial takes reported material down: the one action there is on it (remove).
func (s *Service) actOnMaterial(ctx context.Context, actor string, r Report, a Action) error {
	if a.Kind != KindRemove {
		return invalid("action", "material is only removed")
	}
	if err := checkReason("reason", a.Reason); err != nil {
		return err
	}
	note, err := checkText("note", a.Note, 500)
	if err != nil {
		return err
	}
	if err := s.takedowns[r.Kind].TakeDown(ctx, r.Target); err != nil {
		return fmt.Errorf("moderation: take down %s %s: %w (%w)", r.Kind, r.Target, ErrNotFound, err)
	}
	if err := s.Record(ctx, Entry{Actor: actor, Action: a.Kind, Target: r.Kind + ":" + r.Target, Reason: string(a.Reason), Note: note}); err != nil {
		return err
	}
	// The material's organisation is told why, through its leads, as a person is told of
	// an action on them (programme material has no organisation to tell).
	if r.Material == nil || r.Material.Org == "" {
		return nil
	}
	for _, lead := range s.roles.Users(roleLead, orgDomain(r.Material.Org)) {
		if err := s.tell(ctx, Notice{User: lead, Action: a.Kind, Reason: a.Reason, Material: r.Kind, Title: r.Material.Title}); err != nil {
			return err
		}
	}
	return nil
}
