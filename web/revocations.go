package web

import "context"

// Revocations tells every instance that someone's sessions ended, so that their open
// sockets close within a second wherever they are connected. The change itself is
// already stored when a handler calls it; a failure to tell is the callee's to log.
// Room memberships announce themselves: the rooms and organisations services do it.
type Revocations interface {
	// SessionEnded: one session logged out or was revoked.
	SessionEnded(ctx context.Context, userID, sessionID string)
	// UserRevoked: every session of the user ended (password recovery, disabling).
	UserRevoked(ctx context.Context, userID string)
}
