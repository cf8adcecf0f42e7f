package moderation

import (
	"context"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// Store is what the service keeps: reports and their outcomes, timed sanctions, room
// controls, notices to the people affected, and the audit log.
type Store interface {
	AuditStore
	// InsertReport stores a new report; reports are never changed afterwards.
	InsertReport(ctx context.Context, r Report) error
	// InsertOutcome stores the outcome of a report; ErrTaken if it has one already.
	InsertOutcome(ctx context.Context, o Outcome) error
	// Report returns report id with its outcome, if any; ErrNotFound if there is none.
	Report(ctx context.Context, id string) (Report, error)
	// Reports returns the reports that match f with their outcomes, oldest first.
	Reports(ctx context.Context, f ReportFilter) ([]Report, error)
	// SaveSanction stores a timed sanction, replacing the one of the same ID.
	SaveSanction(ctx context.Context, s Sanction) error
	// DeleteSanction removes sanction id if it still ends at until (any end when until
	// is zero) and reports whether it removed it: of several instances lifting the same
	// mute, exactly one does.
	DeleteSanction(ctx context.Context, id string, until time.Time) (bool, error)
	// DueSanctions returns the timed sanctions that end at or before t.
	DueSanctions(ctx context.Context, t time.Time) ([]Sanction, error)
	// SaveControl stores a room's controls, replacing earlier ones.
	SaveControl(ctx context.Context, c Control) error
	// Controls returns the controls of every room that has some.
	Controls(ctx context.Context) ([]Control, error)
	// InsertNotice stores a notice to the person an action concerns.
	InsertNotice(ctx context.Context, n Notice) error
	// NoticesOf returns a user's notices, oldest first.
	NoticesOf(ctx context.Context, userID string) ([]Notice, error)
	// ClaimWaitingAlert takes the one claim to alert the staff that report id is waiting,
	// under a unique key, and reports whether this call took it: of several instances
	// sweeping, and across restarts, exactly one does.
	ClaimWaitingAlert(ctx context.Context, id string, at time.Time) (bool, error)
	// ForgetModeration takes userID out of every report (no reporter; copies of their
	// messages and reports of them name as, and with wipe keep no text of theirs) and
	// every outcome, and deletes their sanctions and notices.
	ForgetModeration(ctx context.Context, userID, as string, wipe bool) error
}

// Messages reads a room's stored records (chat.Store).
type Messages interface {
	Range(ctx context.Context, room string, afterSeq int64, limit int) ([]chat.Message, error)
	Before(ctx context.Context, room string, seq int64, limit int) ([]chat.Message, error)
}

// Chat is what moderation asks of the live rooms (chat.Hub).
type Chat interface {
	// Remove deletes message seq of room as a moderator would: the body is wiped and a
	// delete tombstone reaches every member at once. It returns the message's author.
	Remove(ctx context.Context, room string, seq int64) (string, error)
	// Announce sends a frame to every member of room on every instance.
	Announce(ctx context.Context, room string, f chat.ServerFrame) error
}

// Roles reads and changes the role assignments moderation makes (authz.Enforcer).
type Roles interface {
	Roles(userID, dom string) []string
	Users(role, dom string) []string
	Grant(userID, role, dom string) error
	Revoke(userID, role, dom string) error
}

// Access decides who may do what in a room. It is asked, never the assignments read:
// a room's people may be derived (an exchange room's, from its organisations).
type Access interface {
	Allowed(userID, dom, obj, act string) (bool, error)
}

// Revocations closes sockets an action takes a room from, on every instance
// (peers.Revoker).
type Revocations interface {
	RolesChanged(ctx context.Context, userID string)
	RoomLeft(ctx context.Context, userID, room string)
}

// Options wire a Service; Now and Log may be zero.
type Options struct {
	Store       Store
	Messages    Messages
	Chat        Chat
	Roles       Roles
	Access      Access
	Revocations Revocations
	Gate        *Gate  // the gate chat asks (NewGate)
	Alerts      Alerts // told of reports filed and waiting; nil tells nobody
	Now         func() time.Time
	Log         *slog.Logger

	// Takedowns take reported material down, by report kind (KindTip, KindResource).
	Takedowns map[string]Takedown
}

// Service runs the reports, actions and audit log of one instance.
type Service struct {
	st     Store
	msgs   Messages
	chat   Chat
	roles  Roles
	access Access
	revoke Revocations
	now    func() time.Time
	log    *slog.Logger
	audit  *Log
	gate   *Gate
	alerts Alerts

	takedowns map[string]Takedown
}

// New returns the service with the room controls loaded into the gate.
func New(ctx context.Context, o Options) (*Service, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{
		st: o.Store, msgs: o.Messages, chat: o.Chat, roles: o.Roles, access: o.Access, revoke: o.Revocations,
		now: o.Now, log: o.Log, audit: NewLog(o.Store, o.Now), gate: o.Gate, alerts: o.Alerts,
		takedowns: o.Takedowns,
	}
	if err := s.gate.load(ctx, s.st); err != nil {
		return nil, err
	}
	return s, nil
}

// Record appends a staff action to the audit log (for actions other packages take:
// approving an organisation, disabling an account, publishing a round).
func (s *Service) Record(ctx context.Context, e Entry) error {
	_, err := s.audit.Append(ctx, e)
	return err
}

// Audit returns the entries that match f and records that actor read them.
func (s *Service) Audit(ctx context.Context, actor string, f AuditFilter) ([]Entry, error) {
	entries, err := s.audit.Entries(ctx, f)
	if err != nil {
		return nil, err
	}
	// The entry that records the reading names the people filtered on by pseudonym too.
	stored, ok, err := s.audit.Opaque(ctx, f)
	if err != nil {
		return nil, err
	}
	note := stored.String()
	if !ok {
		note = "a person the log does not name"
	}
	if _, err := s.audit.Append(ctx, Entry{Actor: actor, Action: AuditReadAudit, Target: "audit", Note: note}); err != nil {
		return nil, err
	}
	return entries, nil
}

// String describes a filter for the audit entry that records reading it.
func (f AuditFilter) String() string {
	out := ""
	add := func(k, v string) {
		if v != "" {
			if out != "" {
				out += " "
			}
			out += k + "=" + v
		}
	}
	add("actor", f.Actor)
	add("action", f.Action)
	add("target", f.Target)
	if !f.From.IsZero() {
		add("from", f.From.UTC().Format(time.RFC3339))
	}
	if !f.To.IsZero() {
		add("to", f.To.UTC().Format(time.RFC3339))
	}
	return out
}

// AppointModerator makes userID a platform moderator (withdraw: no longer one).
func (s *Service) AppointModerator(ctx context.Context, actor, userID string, appoint bool) error {
	action, change := AuditAppointMod, s.roles.Grant
	if !appoint {
		action, change = AuditWithdrawMod, s.roles.Revoke
	}
	if err := change(userID, roleModerator, platform); err != nil {
		return err
	}
	return s.Record(ctx, Entry{Actor: actor, Action: action, Target: "user:" + userID})
}

// AppointRoomModerator makes a member of room its moderator (withdraw: no longer one).
// ErrNotFound if userID is not a member of the room.
func (s *Service) AppointRoomModerator(ctx context.Context, actor, room, userID string, appoint bool) error {
	action, change := AuditAppointRoomMod, s.roles.Grant
	if !appoint {
		action, change = AuditWithdrawRoomMod, s.roles.Revoke
	} else if !s.allowed(userID, Domain(room), "messages", "read") {
		return ErrNotFound
	}
	if err := change(userID, roleRoomMod, Domain(room)); err != nil {
		return err
	}
	return s.Record(ctx, Entry{Actor: actor, Action: action, Target: "user:" + userID + "@room:" + room})
}
