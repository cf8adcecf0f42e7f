package moderation

import (
	"context"
	"time"
)

// Alerts tells the staff who work the report queue about reports (exchange.Service, as
// notifications to the admins and platform moderators). An alert names the report only:
// its messages and its reporter stay on the report, which opening records in the audit log.
type Alerts interface {
	// ReportFiled: a member filed report id.
	ReportFiled(ctx context.Context, id string)
	// ReportWaiting: report id has been open for more than WaitingAfter.
	ReportWaiting(ctx context.Context, id string)
}

// WaitingAfter is how long a report may stay open before the staff are alerted of it.
const WaitingAfter = 24 * time.Hour

// AlertWaiting alerts the staff of every report open for more than WaitingAfter, once per
// report on every instance and across restarts: the store's claim decides which sweep
// alerts. The claim is taken before the alert, so a crash between the two loses that alert
// rather than sending it twice.
func (s *Service) AlertWaiting(ctx context.Context) error {
	if s.alerts == nil {
		return nil
	}
	now := s.now()
	list, err := s.st.Reports(ctx, ReportFilter{Open: true, Before: now.Add(-WaitingAfter)})
	if err != nil {
		return err
	}
	for _, r := range list {
		mine, err := s.st.ClaimWaitingAlert(ctx, r.ID, utc(now))
		if err != nil {
			return err
		}
		if mine {
			s.alerts.ReportWaiting(ctx, r.ID)
		}
	}
	return nil
}
