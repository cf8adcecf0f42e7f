package moderation

import (
	"context"
	"encoding/json"
	"fmt"
)

// MyReport is a report as its reporter sees it: with its status, without who resolved it
// (GET /api/v1/me/reports shows the same).
type MyReport struct {
	Report
	Status Status `json:"status"`
}

// AsReporter shows r to its reporter.
func AsReporter(r Report) MyReport {
	if r.Outcome != nil {
		o := *r.Outcome
		o.By = ""
		r.Outcome = &o
	}
	return MyReport{Report: r, Status: r.Status()}
}

// ReportsBy returns the reports userID filed, as they see them, for their export.
func (s *Service) ReportsBy(ctx context.Context, userID string) ([]json.RawMessage, error) {
	list, err := s.MyReports(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]json.RawMessage, len(list))
	for i, r := range list {
		if out[i], err = json.Marshal(AsReporter(r)); err != nil {
			return nil, fmt.Errorf("moderation: export report: %w", err)
		}
	}
	return out, nil
}

// ForgetPerson takes a deleted account out of moderation: the reports it filed keep no
// reporter (with wipe, no text it wrote either); reports of its messages and the copies
// of its messages in reports name as, the deleted account's stand-in in the rooms (with
// wipe, the copies keep no text: the staff still see the report's reason and the other
// people's messages around it); outcomes it decided name nobody; its sanctions and
// notices go. Its audit key goes too: the audit entries about it keep the action and an
// opaque id nothing links to it any more.
func (s *Service) ForgetPerson(ctx context.Context, userID, as string, wipe bool) error {
	if err := s.st.ForgetModeration(ctx, userID, as, wipe); err != nil {
		return fmt.Errorf("moderation: forget person: %w", err)
	}
	return s.audit.Forget(ctx, userID)
}
