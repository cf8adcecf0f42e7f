package moderation

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// Kinds of action, as clients name them and the audit log records them.
const (
	KindDeleteMessage = "delete_message"
	KindMute          = "mute"
	KindUnmute        = "unmute"
	KindBan           = "ban"
	KindUnban         = "unban"
	KindRemove        = "remove"
	KindLock          = "lock"
	KindUnlock        = "unlock"
	KindSlowMode      = "slow_mode"
)

// MuteDurations are the lengths a mute may have.
var MuteDurations = map[string]time.Duration{"1h": time.Hour, "24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour}

// MaxSlowSeconds bounds slow mode's interval.
const MaxSlowSeconds = 3600

// Action is one moderation action in a room. User names the member it concerns (mute,
// unmute, ban, unban, remove), Seq the message (delete_message), Duration the mute's
// length ("1h", "24h", "7d"), Seconds slow mode's interval (0 ends it).
type Action struct {
	Kind     string `json:"action"`
	User     string `json:"user,omitempty"`
	Seq      int64  `json:"seq,omitempty"`
	Duration string `json:"duration,omitempty"`
	Seconds  int    `json:"seconds,omitempty"`
	Reason   Reason `json:"reason"`
	Note     string `json:"note,omitempty"`
}

// Sanction is a timed role grant (a mute) that the sweeper lifts when it ends.
type Sanction struct {
	ID     string // room and user
	Room   string
	User   string
	Role   string
	Until  time.Time
	Reason Reason
}

func sanctionID(room, user string) string { return room + "|" + user }

// Control is a room's lock and slow mode.
type Control struct {
	Room        string `json:"room"`
	Locked      bool   `json:"locked"`
	SlowSeconds int    `json:"slow_seconds"`
}

// Notice tells a person what an action did to them, and why.
type Notice struct {
	ID   string `json:"id"`
	User string `json:"-"`
	Room string `json:"room,omitempty"`
	// Material (KindTip, KindResource) and Title name shared material taken down; no room then.
	Material string     `json:"material,omitempty"`
	Title    string     `json:"title,omitempty"`
	Action   string     `json:"action"`
	Reason   Reason     `json:"reason"`
	Seq      int64      `json:"seq,omitempty"`
	Until    *time.Time `json:"until,omitempty"`
	Created  time.Time  `json:"created"`
}

// Notices returns the notices of userID, oldest first.
func (s *Service) Notices(ctx context.Context, userID string) ([]Notice, error) {
	return s.st.NoticesOf(ctx, userID)
}

// ActOnReport takes an action where report id leads: in its room, on its message's
// author and on its message, or on reported material (only remove, which takes it
// down). The reason defaults to the report's.
func (s *Service) ActOnReport(ctx context.Context, actor, id string, a Action) error {
	r, err := s.st.Report(ctx, id)
	if err != nil {
		return err
	}
	if a.Reason == "" {
		a.Reason = r.Reason
	}
	if r.Kind != "" {
		return s.actOnMaterial(ctx, actor, r, a)
	}
	a.User, a.Seq = r.Author, r.Seq
	return s.Act(ctx, actor, r.Room, a)
}

// Act takes action a in room as actor, who may moderate it (the caller checks), tells
// the person concerned and records it in the audit log. ErrNotFound if the member or
// message is not there; ErrConflict when acting on oneself or on a room owner, or on a
// message already deleted.
func (s *Service) Act(ctx context.Context, actor, room string, a Action) error {
	if err := checkReason("reason", a.Reason); err != nil {
		return err
	}
	note, err := checkText("note", a.Note, 500)
	if err != nil {
		return err
	}
	a.Note = note
	entry := Entry{Actor: actor, Action: a.Kind, Target: "room:" + room, Reason: string(a.Reason), Note: a.Note}
	switch a.Kind {
	case KindDeleteMessage:
		err = s.deleteMessage(ctx, room, a, &entry)
	case KindMute, KindUnmute, KindBan, KindUnban, KindRemove:
		err = s.actOnMember(ctx, actor, room, a, &entry)
	case KindLock, KindUnlock, KindSlowMode:
		err = s.control(ctx, room, a, &entry)
	default:
		return invalid("action", "must be one of delete_message, mute, unmute, ban, unban, remove, lock, unlock, slow_mode")
	}
	if err != nil {
		return err
	}
	return s.Record(ctx, entry)
}

func (s *Service) deleteMessage(ctx context.Context, room string, a Action, entry *Entry) error {
	if a.Seq <= 0 {
		return invalid("seq", "must name a message")
	}
	author, err := s.chat.Remove(ctx, room, a.Seq)
	switch {
	case errors.Is(err, chat.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, chat.ErrNotEditable):
		return fmt.Errorf("%w: the message is deleted already", ErrConflict)
	case err != nil:
		return err
	}
	entry.Target = "message:" + room + "/" + strconv.FormatInt(a.Seq, 10)
	return s.tell(ctx, Notice{User: author, Room: room, Action: a.Kind, Reason: a.Reason, Seq: a.Seq})
}

func (s *Service) actOnMember(ctx context.Context, actor, room string, a Action, entry *Entry) error {
	dom := Domain(room)
	switch {
	case a.User == "":
		return invalid("user", "must name a member of the room")
	case a.User == actor:
		return fmt.Errorf("%w: you cannot act on yourself", ErrConflict)
	case !s.isMember(a.User, dom):
		return ErrNotFound
	case s.allowed(a.User, dom, "room", "manage"):
		return fmt.Errorf("%w: room owners cannot be muted, banned or removed", ErrConflict)
	}
	entry.Target = "user:" + a.User + "@room:" + room
	n := Notice{User: a.User, Room: room, Action: a.Kind, Reason: a.Reason}
	frame := chat.ServerFrame{Type: "moderation", Room: room, User: a.User, Action: a.Kind, Reason: string(a.Reason)}
	var after func()
	switch a.Kind {
	case KindMute:
		d, ok := MuteDurations[a.Duration]
		if !ok {
			return invalid("duration", "must be 1h, 24h or 7d")
		}
		until := utc(s.now().Add(d))
		n.Until, frame.Until = &until, &until
		entry.Note = joinNote("for "+a.Duration, entry.Note)
		if err := s.st.SaveSanction(ctx, Sanction{ID: sanctionID(room, a.User), Room: room, User: a.User, Role: roleMuted, Until: until, Reason: a.Reason}); err != nil {
			return err
		}
		if err := s.roles.Grant(a.User, roleMuted, dom); err != nil {
			return err
		}
	case KindUnmute:
		if _, err := s.st.DeleteSanction(ctx, sanctionID(room, a.User), time.Time{}); err != nil {
			return err
		}
		if err := s.roles.Revoke(a.User, roleMuted, dom); err != nil {
			return err
		}
	case KindBan:
		if err := s.roles.Grant(a.User, roleBanned, dom); err != nil {
			return err
		}
		after = func() { s.revoke.RolesChanged(ctx, a.User) }
	case KindUnban:
		if err := s.roles.Revoke(a.User, roleBanned, dom); err != nil {
			return err
		}
	case KindRemove:
		for _, role := range []string{roleRoomMod, roleMember} {
			if err := s.roles.Revoke(a.User, role, dom); err != nil {
				return err
			}
		}
		after = func() { s.revoke.RoomLeft(ctx, a.User, room) }
	}
	// The frame goes out before the sockets close, so that the person reads why.
	s.announce(ctx, room, frame)
	if after != nil {
		after()
	}
	return s.tell(ctx, n)
}

// isMember reports whether the user may read the room, or could but for a ban: access
// may be derived (an exchange room's people), so it is asked, not looked up.
func (s *Service) isMember(userID, dom string) bool {
	return s.allowed(userID, dom, "messages", "read") || slices.Contains(s.roles.Roles(userID, dom), roleBanned)
}

func (s *Service) allowed(userID, dom, obj, act string) bool {
	ok, err := s.access.Allowed(userID, dom, obj, act)
	return err == nil && ok
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

func (s *Service) control(ctx context.Context, room string, a Action, entry *Entry) error {
	c := s.gate.Control(room)
	frame := chat.ServerFrame{Type: "moderation", Room: room, Action: a.Kind, Reason: string(a.Reason)}
	switch a.Kind {
	case KindLock, KindUnlock:
		c.Locked = a.Kind == KindLock
	case KindSlowMode:
		if a.Seconds < 0 || a.Seconds > MaxSlowSeconds {
			return invalid("seconds", "must be 0 (off) to %d", MaxSlowSeconds)
		}
		c.SlowSeconds = a.Seconds
		frame.Seconds = a.Seconds
		entry.Note = joinNote(strconv.Itoa(a.Seconds)+" s", entry.Note)
	}
	if err := s.st.SaveControl(ctx, c); err != nil {
		return err
	}
	s.gate.set(c)
	s.announce(ctx, room, frame)
	return nil
}

// tell stores a notice to the person an action concerns.
func (s *Service) tell(ctx context.Context, n Notice) error {
	n.ID, n.Created = "n"+rand.Text()[:16], utc(s.now())
	return s.st.InsertNotice(ctx, n)
}

// announce sends a moderation frame to the room; the notice is the durable record, so a
// lost frame is only logged.
func (s *Service) announce(ctx context.Context, room string, f chat.ServerFrame) {
	if err := s.chat.Announce(ctx, room, f); err != nil {
		s.log.Warn("moderation: announce", "room", room, "action", f.Action, "err", err)
	}
}
