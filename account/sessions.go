package account

import (
	"context"
	"errors"
	"slices"
)

// Authenticate returns the user and session for a token. It answers from memory when it
// can; a database query happens on a cache miss, and a LastSeen write at most once per
// touchInterval per session. Errors: ErrUnauthenticated for a malformed, unknown, expired
// or revoked token or a disabled or deleted user; a store error otherwise.
func (s *Service) Authenticate(ctx context.Context, token string) (User, Session, error) {
	if !wellFormedToken(token) {
		return User{}, Session{}, ErrUnauthenticated
	}
	hash := hashToken(token)
	now := s.now()
	if e, ok, write := s.cache.get(hash, now, s.expired); ok {
		if write {
			s.touch(ctx, hash, e.rec)
		}
		return e.user, e.rec.public(), nil
	} else if e.rec.Hash != "" { // it was cached and has expired
		_ = s.st.DeleteSession(ctx, hash) // best effort: PurgeExpired catches what this misses
		return User{}, Session{}, ErrUnauthenticated
	}

	gen := s.cache.generation()
	rec, err := s.st.SessionByHash(ctx, hash)
	if errors.Is(err, ErrNotFound) {
		return User{}, Session{}, ErrUnauthenticated
	}
	if err != nil {
		return User{}, Session{}, err
	}
	if s.expired(rec, now) {
		_ = s.st.DeleteSession(ctx, hash)
		return User{}, Session{}, ErrUnauthenticated
	}
	u, err := s.st.UserByID(ctx, rec.UserID)
	if errors.Is(err, ErrNotFound) || err == nil && u.Disabled {
		return User{}, Session{}, ErrUnauthenticated
	}
	if err != nil {
		return User{}, Session{}, err
	}
	written := rec.LastSeen
	rec.LastSeen = now
	if now.Sub(written) >= touchInterval {
		s.touch(ctx, hash, rec)
		written = now
	}
	s.cache.put(hash, cacheEntry{rec: rec, user: u.public(), written: written}, gen, now, s.expired)
	return u.public(), rec.public(), nil
}

// touch writes LastSeen; a failure is logged and otherwise ignored, since it only makes the
// session idle out sooner.
func (s *Service) touch(ctx context.Context, hash string, rec SessionRecord) {
	if err := s.st.TouchSession(ctx, hash, rec.LastSeen); err != nil {
		s.log.WarnContext(ctx, "account: record session use", "session", rec.ID, "err", err)
	}
}

// Logout ends the session of token. An unknown or malformed token is not an error: the
// outcome the caller wants already holds.
func (s *Service) Logout(ctx context.Context, token string) error {
	if !wellFormedToken(token) {
		return nil
	}
	return s.dropSession(ctx, hashToken(token))
}

// dropSession deletes from the database first and the cache second, so that a concurrent
// cache miss cannot reload a session that is being revoked (see sessionCache.gen).
func (s *Service) dropSession(ctx context.Context, hash string) error {
	if err := s.st.DeleteSession(ctx, hash); err != nil {
		return err
	}
	s.cache.drop(hash)
	return nil
}

// Sessions lists the user's live sessions, most recently used first.
func (s *Service) Sessions(ctx context.Context, userID string) ([]Session, error) {
	recs, err := s.st.UserSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]Session, 0, len(recs))
	for _, r := range recs {
		if seen, ok := s.cache.lastSeen(r.Hash); ok && seen.After(r.LastSeen) {
			r.LastSeen = seen
		}
		if !s.expired(r, now) {
			out = append(out, r.public())
		}
	}
	slices.SortFunc(out, func(a, b Session) int { return b.LastSeen.Compare(a.LastSeen) })
	return out, nil
}

// RevokeSession ends one of the user's sessions by its public id; ErrNotFound if the user
// has no session with that id.
func (s *Service) RevokeSession(ctx context.Context, userID, sessionID string) error {
	recs, err := s.st.UserSessions(ctx, userID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(recs, func(r SessionRecord) bool { return r.ID == sessionID })
	if i < 0 {
		return ErrNotFound
	}
	return s.dropSession(ctx, recs[i].Hash)
}

// RevokeAll ends every session of the user.
func (s *Service) RevokeAll(ctx context.Context, userID string) error {
	defer s.locks.lock(userID)()
	return s.revokeAllLocked(ctx, userID)
}

// revokeAllLocked is RevokeAll for callers holding the user's lock; database first, as in
// dropSession.
func (s *Service) revokeAllLocked(ctx context.Context, userID string) error {
	if err := s.st.DeleteUserSessions(ctx, userID); err != nil {
		return err
	}
	s.cache.dropUser(userID)
	return nil
}
