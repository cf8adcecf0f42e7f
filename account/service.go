// Package account holds Cascade's accounts: pseudonyms, passwords (argon2id), recovery
// codes, sessions and brute-force back-off. It declares the Store it needs; package store
// implements it.
package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"time"
)

// User is an account as the rest of the application sees it.
type User struct {
	ID        string
	Pseudonym string
	Created   time.Time
	Disabled  bool
}

// DefaultHashConcurrency argon2id runs at once (64 MiB each). Measured on 2 cores, 2 keeps
// login p95 under 250 ms with 4 concurrent logins (docs/benchmarks.md).
const DefaultHashConcurrency = 2

// Options configure a Service; zero values take the defaults.
type Options struct {
	Now             func() time.Time // default time.Now
	IdleTimeout     time.Duration    // default 30 min
	AbsoluteTimeout time.Duration    // default 12 h
	HashConcurrency int              // default DefaultHashConcurrency
	Logger          *slog.Logger     // default discards
	HashParams      HashParams       // default DefaultHashParams; tests lower it
}

// Service is the account domain: every method is safe for concurrent use.
type Service struct {
	st       Store
	now      func() time.Time
	idle     time.Duration
	absolute time.Duration
	log      *slog.Logger
	hasher   *hasher
	throttle *throttle // per pseudonym key
	byAddr   *throttle // per client address
	cache    *sessionCache
	locks    userLocks
}

// NewService returns a Service over st. It computes one argon2id hash (the dummy used
// for unknown pseudonyms), so it takes as long as one login.
func NewService(st Store, opt Options) *Service {
	s := &Service{
		st: st, now: opt.Now, idle: opt.IdleTimeout, absolute: opt.AbsoluteTimeout, log: opt.Logger,
		throttle: newThrottle(), byAddr: newAddressThrottle(), cache: newSessionCache(defaultCacheSize),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.idle <= 0 {
		s.idle = DefaultIdleTimeout
	}
	if s.absolute <= 0 {
		s.absolute = DefaultAbsoluteTimeout
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	n := opt.HashConcurrency
	if n <= 0 {
		n = DefaultHashConcurrency
	}
	s.hasher = newHasher(opt.HashParams, n)
	return s
}

// PasswordVerifications reports how many argon2id verifications have run, including
// those against the dummy hash; for metrics and for tests that prove unknown pseudonyms
// cost the same work.
func (s *Service) PasswordVerifications() uint64 { return s.hasher.verifies.Load() }

// User returns the user with id, or ErrNotFound.
func (s *Service) User(ctx context.Context, id string) (User, error) {
	r, err := s.st.UserByID(ctx, id)
	if err != nil {
		return User{}, err
	}
	return r.public(), nil
}

// Count returns the number of accounts.
func (s *Service) Count(ctx context.Context) (int64, error) { return s.st.CountUsers(ctx) }

// SetDisabled disables or re-enables an account; disabling ends all its sessions.
// ErrNotFound if there is no such user.
func (s *Service) SetDisabled(ctx context.Context, userID string, disabled bool) error {
	defer s.locks.lock(userID)()
	if _, err := s.st.UserByID(ctx, userID); err != nil {
		return err
	}
	if err := s.st.SetUserDisabled(ctx, userID, disabled); err != nil {
		return err
	}
	if !disabled {
		return nil
	}
	return s.revokeAllLocked(ctx, userID)
}

// Delete removes the account, its sessions and its recovery codes. The user document goes
// first so nothing new can start; the rest is removed even if the user was already gone, so
// a Delete interrupted halfway can be repeated. ErrNotFound if there was no such user.
func (s *Service) Delete(ctx context.Context, userID string) error {
	defer s.locks.lock(userID)()
	userErr := s.st.DeleteUser(ctx, userID)
	if userErr != nil && !errors.Is(userErr, ErrNotFound) {
		return userErr
	}
	if err := s.revokeAllLocked(ctx, userID); err != nil {
		return err
	}
	if err := s.st.DeleteRecoveryCodes(ctx, userID); err != nil {
		return err
	}
	return userErr
}

// DropCachedUser forgets the cached sessions of userID, so the next request of each is
// checked against the database; for when another instance revoked them.
func (s *Service) DropCachedUser(userID string) { s.cache.dropUser(userID) }

// PurgeExpired deletes sessions that have expired from the database (which has no TTL
// indexes); run it periodically. The idle cutoff allows for LastSeen being written only
// every touchInterval.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	return s.st.DeleteExpiredSessions(ctx, now.Add(-s.idle-touchInterval), now.Add(-s.absolute))
}

func (r UserRecord) public() User {
	return User{ID: r.ID, Pseudonym: r.Pseudonym, Created: r.Created, Disabled: r.Disabled}
}

// newUserID is random, never derived from the pseudonym, so ids leak nothing.
func newUserID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
