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
)

// Notification is one in-app message to one user.
type Notification struct {
	ID         string    `json:"id"`
	UserID     string    `json:"-"`
	Kind       Kind      `json:"kind"`
	OrgID      string    `json:"org_id"` // the organisation the reader acts for
	RequestID  string    `json:"request_id,omitempty"`
	ExchangeID string    `json:"exchange_id,omitempty"`
	Reason     Reason    `json:"reason,omitempty"` // why, when Cascade itself withdrew or cancelled
	Created    time.Time `json:"created"`
	Read       bool      `json:"read"`
}

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
// before it was marked read here must not undo that. The caller holds b.mu.
func (b *noteBook) merge(userID string, ns ...Notification) {
	list := b.byUser[userID]
	added := false
	for _, n := range ns {
		if i := slices.IndexFunc(list, func(x *Notification) bool { return x.ID == n.ID }); i >= 0 {
			n.Read = n.Read || list[i].Read
			*list[i] = n
			continue
		}
		list = append(list, &n)
		added = true
	}
	if added {
		slices.SortFunc(list, func(a, b *Notification) int { return byCreated(*a, *b) })
	}
	b.byUser[userID] = list
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
	s.notes.merge(u, n)
	s.notes.mu.Unlock()
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
	n := 0
	for _, x := range s.notes.byUser[userID] {
		if !x.Read {
			n++
		}
	}
	return n
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
	defer s.notes.mu.Unlock()
	for _, x := range s.notes.byUser[userID] {
		if x.ID != id {
			continue
		}
		if x.Read {
			return nil
		}
		n := *x
		n.Read = true
		if err := s.st.SaveNotification(ctx, n); err != nil {
			return fmt.Errorf("exchange: mark read: %w", err)
		}
		*x = n
		if s.shared() {
			s.changes.NotesChanged(ctx, userID)
		}
		return nil
	}
	return fmt.Errorf("notification %s: %w", id, ErrNotFound)
}
