package moderation

import (
	"context"
	"crypto/rand"
	"fmt"
)

// KindResource is the Kind of a report of a library resource.
const KindResource = "resource"

// AuditRemoveResource is the audit action of taking a reported resource down.
const AuditRemoveResource = "remove_resource"

// Resources takes down library resources a report led staff to.
type Resources interface {
	TakeDown(ctx context.Context, id string) error
}

// ReportResource files a report of library resource id by reporter (who may see it;
// the caller checks). It enters the staff queue as any report does.
func (s *Service) ReportResource(ctx context.Context, reporter, id string, reason Reason, text string) (Report, error) {
	if err := checkReason("reason", reason); err != nil {
		return Report{}, err
	}
	text, err := checkText("text", text, 1000)
	if err != nil {
		return Report{}, err
	}
	r := Report{ID: "r" + rand.Text()[:16], Kind: KindResource, Resource: id, Reporter: reporter, Reason: reason, Text: text, Created: utc(s.now())}
	if err := s.st.InsertReport(ctx, r); err != nil {
		return Report{}, err
	}
	if s.alerts != nil {
		s.alerts.ReportFiled(ctx, r.ID)
	}
	return r, nil
}

// removeResource takes down the resource report r names (action remove) and records it.
func (s *Service) removeResource(ctx context.Context, actor string, r Report, a Action) error {
	if a.Kind != KindRemove {
		return invalid("action", "a report of a resource takes the action remove")
	}
	if err := checkReason("reason", a.Reason); err != nil {
		return err
	}
	note, err := checkText("note", a.Note, 500)
	if err != nil {
		return err
	}
	if s.resources == nil {
		return fmt.Errorf("moderation: no library to take %s down from", r.Resource)
	}
	if err := s.resources.TakeDown(ctx, r.Resource); err != nil {
		return err
	}
	return s.Record(ctx, Entry{Actor: actor, Action: AuditRemoveResource, Target: "resource:" + r.Resource, Reason: string(a.Reason), Note: note})
}
