package exchange

import (
	"context"
	"slices"
)

// Alerts are notifications for the platform admins about something that needs their eye:
// an organisation applied, an exchange ended for a safety concern. They travel like every
// other notification (stored, kept in memory, announced to the other instances) and are
// read at GET /api/v1/me/notifications. An alert's OrgID is the organisation concerned (the
// applicant; the side that cancelled), which the admin does not act for. Alerts of reports go
// to the platform moderators as well (AlertStaff): they work the report queue with the admins.

// AlertAdmins gives every platform admin (Options.Admins) a copy of n; its Kind and the ids
// it names are the caller's, its id, reader and time are set here. A copy that cannot be
// stored is logged: the event it reports has happened.
func (s *Service) AlertAdmins(ctx context.Context, n Notification) {
	if s.admins == nil {
		return
	}
	for _, u := range s.admins() {
		s.deliver(ctx, u, n)
	}
}

// ApplicationReceived alerts the admins that organisation orgID applied and waits for review.
func (s *Service) ApplicationReceived(ctx context.Context, orgID string) {
	s.AlertAdmins(ctx, Notification{Kind: KindApplicationReceived, OrgID: orgID})
}

// AlertStaff gives every platform admin and moderator (Options.Admins, Options.Moderators) one
// copy of n, one to a person who is both; as AlertAdmins otherwise.
func (s *Service) AlertStaff(ctx context.Context, n Notification) {
	var staff []string
	for _, users := range []func() []string{s.admins, s.moderators} {
		if users != nil {
			staff = append(staff, users()...)
		}
	}
	slices.Sort(staff)
	for _, u := range slices.Compact(staff) {
		s.deliver(ctx, u, n)
	}
}

// ReportFiled alerts the staff that report reportID was filed. The alert names the report
// only: its messages and its reporter are read, by those allowed, on the report itself.
func (s *Service) ReportFiled(ctx context.Context, reportID string) {
	s.AlertStaff(ctx, Notification{Kind: KindReportFiled, ReportID: reportID})
}

// ReportWaiting alerts the staff that report reportID has been open for more than a day.
func (s *Service) ReportWaiting(ctx context.Context, reportID string) {
	s.AlertStaff(ctx, Notification{Kind: KindReportWaiting, ReportID: reportID})
}
