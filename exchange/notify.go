package exchange

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Kind names the event a notification is about; clients translate it.
type Kind string

// The kinds: each is something its reader should act on or know before acting.
const (
	KindProposalReceived  Kind = "proposal_received"    // mentor leads: answer it
	KindProposalAccepted  Kind = "proposal_accepted"    // requesting leads: start working
	KindProposalDeclined  Kind = "proposal_declined"    // requesting leads: choose another
	KindProposalWithdrawn Kind = "proposal_withdrawn"   // mentor leads: nothing to answer any more
	KindProposalExpired   Kind = "proposal_expired"     // requesting leads: choose another
	KindExchangeCancelled Kind = "exchange_cancelled"   // the other side's leads
	KindCompletionAsked   Kind = "completion_requested" // the other side's leads: give feedback

	// Alerts for the platform admins (AlertAdmins).
	KindApplicationReceived Kind = "application_received" // an organisation applied: review it
	KindSafetyConcern       Kind = "safety_concern"       // an exchange was cancelled for a safety concern

	// Alerts for the admins and platform moderators, who work the report queue (AlertStaff).
	KindReportFiled   Kind = "report_filed"   // a member reported a message: open the report
	KindReportWaiting Kind = "report_waiting" // a report has been open for more than a day
)

// Notification is one in-app message to one user.
type Notification struct {
	ID         string    `json:"id" bson:"id"`
	UserID     string    `json:"-" bson:"-"`
	Kind       Kind      `json:"kind" bson:"kind"`
	OrgID      string    `json:"org_id" bson:"org_id"` // the organisation the reader acts for
	RequestID  string    `json:"request_id,omitempty" bson:"request_id"`
	ExchangeID string    `json:"exchange_id,omitempty" bson:"exchange_id"`
	ReportID   string    `json:"report_id,omitempty" bson:"report_id"` // on a report alert: the report, never its messages or reporter
	Reason     Reason    `json:"reason,omitempty" bson:"reason"`       // why, when Cascade itself withdrew or cancelled
	Created    time.Time `json:"created" bson:"created"`
	Read       bool      `json:"read" bson:"read"`
}

// NotificationKeep is how long a notification is kept: PruneNotifications deletes older ones.
const NotificationKeep = 90 * 24 * time.Hour

// noteBook keeps every notification in memory by user.
type noteBook struct {
	mu     sync.Mutex
	byUser map[string][]*Notification // oldest first
}

func (b *noteBook) load(ctx context.Context, st Store) error {
	all, err := st.Notifications(ctx)
	if err != nil {
		return fmt.Errorf("exchange: load notifications: %w", err)
	}
	slices.SortFunc(all, byCreated)
	b.byUser = map[string][]*Notification{}
	for _, n := range all {
		b.byUser[n.UserID] = append(b.byUser[n.UserID], &n)
	}
	return nil
}

func byCreated(a, b Notification) int {
	return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID))
}

// merge adds a user's notifications, or replaces those it has already, keeping the list
// oldest first. A notification, once read, stays read: a copy read from the store just
// before it was marked read here must not undo that. It returns the notifications that
// were new to it and whether one it had became read. The caller holds b.mu.
func (b *noteBook) merge(userID string, ns ...Notification) (added []Notification, read bool) {
	list := b.byUser[userID]
	for _, n := range ns {
		if i := slices.IndexFunc(list, func(x *Notification) bool { return x.ID == n.ID }); i >= 0 {
			n.Read = n.Read || list[i].Read
			read = read || n.Read && !list[i].Read
			*list[i] = n
			continue
		}
		list = append(list, &n)
		added = append(added, n)
	}
	if len(added) > 0 {
		slices.SortFunc(list, func(a, b *Notification) int { return byCreated(*a, *b) })
	}
	b.byUser[userID] = list
	return added, read
}

// unread counts a user's unread notifications. The caller holds b.mu.
func (b *noteBook) unread(userID string) int {
	n := 0
	for _, x := range b.byUser[userID] {
		if !x.Read {
			n++
		}
	}
	return n
}

// Notified is told about a user's notifications once they are stored, on the instance
// that stored them and, through RefreshNotes, on every other: each one created (n), or
// that one was marked read (n nil); unread is how many are unread after it.
type Notified func(ctx context.Context, userID string, n *Notification, unread int)

// OnNotify sets what is told about notifications (for the user's open sockets). Call it
// before the service is used.
func (s *Service) OnNotify(f Notified) { s.notified = f }

// tell calls the Notified hook, if any, for what a merge changed.
func (s *Service) tell(ctx context.Context, userID string, added []Notification, read bool, unread int) {
	if s.notified == nil {
		return
	}
	for i := range added {
		s.notified(ctx, userID, &added[i], unread)
	}
	if read && len(added) == 0 {
		s.notified(ctx, userID, nil, unread)
	}
}

// notify tells the leads of orgID about x. It runs after the change it reports is stored,
// so a failure to store a notification is logged, not returned: the change stands.
func (s *Service) notify(ctx context.Context, orgID string, kind Kind, x Exchange) {
	s.notifyWhy(ctx, orgID, kind, x, "")
}

// notifyWhy is notify with the reason Cascade acted for.
func (s *Service) notifyWhy(ctx context.Context, orgID string, kind Kind, x Exchange, why Reason) {
	for _, u := range s.leads(ctx, orgID) {
		s.deliver(ctx, u, Notification{Kind: kind, OrgID: orgID, RequestID: x.RequestID, ExchangeID: x.ID, Reason: why})
	}
}

// deliver stores n for user u, with its own id and time, and keeps it in memory. A failure
// is logged, not returned: the change it reports stands.
func (s *Service) deliver(ctx context.Context, u string, n Notification) {
	n.ID, n.UserID, n.Created, n.Read = newID(), u, s.clock(), false
	if err := s.st.SaveNotification(ctx, n); err != nil {
		s.log.ErrorContext(ctx, "store notification", "kind", n.Kind, "err", err)
		return
	}
	s.notes.mu.Lock()
	added, _ := s.notes.merge(u, n)
	unread := s.notes.unread(u)
	s.notes.mu.Unlock()
	s.tell(ctx, u, added, false, unread)
	if s.shared() {
		s.changes.NotesChanged(ctx, u)
	}
}

// Notifications returns a user's notifications, newest first.
func (s *Service) Notifications(ctx context.Context, userID string) []Notification {
	s.notes.mu.Lock()
	defer s.notes.mu.Unlock()
	list := s.notes.byUser[userID]
	out := make([]Notification, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, *list[i])
	}
	return out
}

// Unread returns how many of a user's notifications are unread.
func (s *Service) Unread(ctx context.Context, userID string) int {
	s.notes.mu.Lock()
	defer s.notes.mu.Unlock()
	return s.notes.unread(userID)
}

// MarkRead marks one of a user's notifications read; ErrNotFound when it is not theirs.
// Marking a read one again is not an error.
func (s *Service) MarkRead(ctx context.Context, userID, id string) error {
	if s.shared() {
		// Another instance may have just created it.
		if err := s.RefreshNotes(ctx, userID); err != nil {
			return err
		}
	}
	s.notes.mu.Lock()
	for _, x := range s.notes.byUser[userID] {
		if x.ID != id {
			continue
		}
		if x.Read {
			s.notes.mu.Unlock()
			return nil
		}
		n := *x
		n.Read = true
		if err := s.st.SaveNotification(ctx, n); err != nil {
			s.notes.mu.Unlock()
			return fmt.Errorf("exchange: mark read: %w", err)
		}
		*x = n
		unread := s.notes.unread(userID)
		s.notes.mu.Unlock()
		s.tell(ctx, userID, nil, true, unread)
		if s.shared() {
			s.changes.NotesChanged(ctx, userID)
		}
		return nil
	}
	s.notes.mu.Unlock()
	return fmt.Errorf("notification %s: %w", id, ErrNotFound)
}

// PruneNotifications deletes every notification older than NotificationKeep, from the
// store and then from memory, and returns how many the store deleted. Another instance
// drops its copies when its own sweeper prunes.
func (s *Service) PruneNotifications(ctx context.Context) (int64, error) {
	before := s.clock().Add(-NotificationKeep)
	n, err := s.st.DeleteNotificationsBefore(ctx, before)
	if err != nil {
		return 0, fmt.Errorf("exchange: prune notifications: %w", err)
	}
	s.notes.mu.Lock()
	defer s.notes.mu.Unlock()
	for u, list := range s.notes.byUser {
		list = slices.DeleteFunc(list, func(x *Notification) bool { return x.Created.Before(before) })
		if len(list) == 0 {
			delete(s.notes.byUser, u)
			continue
		}
		s.notes.byUser[u] = list
	}
	return n, nil
}
