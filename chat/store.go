package chat

import (
	"context"
	"time"
)

// Store keeps a room's records durably. Two unique indexes guard its invariants, because
// updates are not atomic on the embedded store but inserts against a unique index are:
// (room, seq) makes a seq taken, (room, author, client_id) makes a send idempotent.
type Store interface {
	// InsertBatch stores msgs in one unordered write and returns the indexes of those
	// refused by a unique index; every other one is stored.
	InsertBatch(ctx context.Context, msgs []Message) (dups []int, err error)
	// ByClientID returns the record stored under (room, author, clientID), or ErrNotFound.
	ByClientID(ctx context.Context, room, author, clientID string) (Message, error)
	// MaxSeq returns the room's highest stored seq, 0 for an empty room.
	MaxSeq(ctx context.Context, room string) (int64, error)
	// Range returns up to limit records with seq > afterSeq, ascending.
	Range(ctx context.Context, room string, afterSeq int64, limit int) ([]Message, error)
	// Before returns the newest limit records with seq < seq, ascending.
	Before(ctx context.Context, room string, seq int64, limit int) ([]Message, error)
	// MarkEdited sets the body and edit time of message seq; ErrNotFound if absent.
	MarkEdited(ctx context.Context, room string, seq int64, body string, at time.Time) error
	// MarkDeleted wipes the body of message seq and of the edits that target it, keeping
	// the seq as a tombstone; ErrNotFound if absent.
	MarkDeleted(ctx context.Context, room string, seq int64) error
}

// Authorizer decides whether userID may take action ("read" or "write") in room.
type Authorizer interface {
	Allowed(userID, room, action string) bool
	// ReadOnly reports whether nobody may write in room at the moment (an exchange that
	// is completed, cancelled or paused), so a refused write says so rather than forbidden.
	ReadOnly(room string) bool
}

// User is the authenticated account behind a connection, and the session it was
// opened with, so that revoking one session closes exactly its sockets.
type User struct {
	ID      string
	Session string
}
