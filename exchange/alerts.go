package exchange

import "context"

// Alerts are notifications for the platform admins about something that needs their eye:
// an organisation applied, an exchange ended for a safety concern. They travel like every
// other notification (stored, kept in memory, announced to the other instances) and are
// read at GET /api/v1/me/notifications. An alert's OrgID is the organisation concerned (the
// applicant; the side that cancelled), which the admin does not act for.

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
