package account

import (
	"context"
	"time"
)

// UserRecord is a user as stored, with the key and hash that User never exposes.
type UserRecord struct {
	ID           string
	Pseudonym    string
	Key          string // PseudonymKey(Pseudonym); unique
	Skeleton     string // PseudonymSkeleton(Pseudonym); unique
	PasswordHash string // PHC string
	Created      time.Time
	Disabled     bool
}

// SessionRecord is a session as stored. Hash (SHA-256 of the token) is the document id;
// the token itself is never stored.
type SessionRecord struct {
	Hash     string
	ID       string // public id, for listing and revoking
	UserID   string
	Device   string
	Created  time.Time
	LastSeen time.Time
}

// Store is what the account service needs from the database. Implementations return
// ErrNotFound for a missing user or session and ErrPseudonymTaken for a duplicate
// pseudonym key or skeleton, wrapped with %w.
type Store interface {
	InsertUser(ctx context.Context, u UserRecord) error
	UserByKey(ctx context.Context, key string) (UserRecord, error)
	UserByID(ctx context.Context, id string) (UserRecord, error)
	UpdatePasswordHash(ctx context.Context, userID, hash string) error
	SetUserDisabled(ctx context.Context, userID string, disabled bool) error
	// DeleteUser removes the user document only; ErrNotFound if there was none.
	DeleteUser(ctx context.Context, userID string) error
	CountUsers(ctx context.Context) (int64, error)

	InsertSession(ctx context.Context, s SessionRecord) error
	SessionByHash(ctx context.Context, hash string) (SessionRecord, error)
	// TouchSession records a later LastSeen; a missing session is not an error.
	TouchSession(ctx context.Context, hash string, lastSeen time.Time) error
	// DeleteSession removes one session; a missing session is not an error.
	DeleteSession(ctx context.Context, hash string) error
	DeleteUserSessions(ctx context.Context, userID string) error
	UserSessions(ctx context.Context, userID string) ([]SessionRecord, error)
	// DeleteExpiredSessions removes sessions last seen before idleBefore or created
	// before createdBefore, and reports how many.
	DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (int64, error)

	InsertRecoveryCodes(ctx context.Context, userID string, hashes []string) error
	// ClaimRecoveryCode marks one of the user's codes used. It must let exactly one of
	// many concurrent claims of a code succeed; the others, and claims of unknown codes,
	// get ErrNotFound.
	ClaimRecoveryCode(ctx context.Context, userID, hash string) error
	// DeleteRecoveryCodes removes the user's codes and their claims.
	DeleteRecoveryCodes(ctx context.Context, userID string) error
}
