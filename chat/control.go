package chat

import "github.com/gorilla/websocket"

// Control is a change of access that every instance applies to itself, so that sockets
// close within a second wherever they are connected. The change itself is already
// stored; a Control only says whose access it concerns. (Package peers carries it to the
// other instances.)
type Control struct {
	Kind    string
	User    string
	Session string
	Room    string
	// As and Wipe say how the records of an erased account read now
	// (ControlAccountErased).
	As   string
	Wipe bool
}

// Kinds of Control.
const (
	// ControlSessionEnded: one session logged out or was revoked; its sockets close.
	ControlSessionEnded = "session_ended"
	// ControlUserRevoked: every session of the user ended (account recovery, account
	// disabled); all the user's sockets close.
	ControlUserRevoked = "user_revoked"
	// ControlRoomRemoved: the user left or was removed from Room, or lost what put them in
	// it (an exchange room's organisation role), as decided where the change was made;
	// sockets that joined it close.
	ControlRoomRemoved = "room_removed"
	// ControlRolesChanged: the user's roles changed in a way that may take rooms away
	// (removed from an organisation, muted); sockets in rooms no longer readable close.
	// Without a User, roles were only granted (an exchange room's members): other
	// instances reload roles and nothing closes.
	ControlRolesChanged = "roles_changed"
	// ControlAccountErased: the account was deleted and its records rewritten in the
	// store (author As; no text with Wipe); its sockets close, and the tails of active
	// rooms and the read markers forget it.
	ControlAccountErased = "account_erased"
)

// Apply closes the sockets of this process that c concerns. For ControlRolesChanged it
// asks the Authorizer again, so the caller brings roles up to date first.
func (h *Hub) Apply(c Control) {
	switch c.Kind {
	case ControlSessionEnded:
		h.disconnectSession(c.User, c.Session)
	case ControlUserRevoked:
		h.Disconnect(c.User, "")
	case ControlRoomRemoved:
		h.Disconnect(c.User, c.Room)
	case ControlRolesChanged:
		h.recheck(c.User)
	case ControlAccountErased:
		h.eraseAccount(c)
	}
}

// disconnectSession closes (1008) the sockets opened with one session.
func (h *Hub) disconnectSession(userID, session string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		if c.user.ID == userID && c.user.Session == session {
			c.kill(websocket.ClosePolicyViolation, "access revoked")
		}
	}
}

// recheck closes (1008) the user's sockets in every room the user may no longer read.
func (h *Hub) recheck(userID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, r := range h.rooms {
		r.mu.Lock()
		var joined []*conn
		for c := range r.members {
			if c.user.ID == userID {
				joined = append(joined, c)
			}
		}
		r.mu.Unlock()
		if len(joined) == 0 || h.cfg.Auth.Allowed(userID, id, ActionRead) {
			continue
		}
		for _, c := range joined {
			c.kill(websocket.ClosePolicyViolation, "access revoked")
		}
	}
}
