package account

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Register creates an account and returns it with its recovery codes, which exist only in
// this answer (the store keeps hashes). Errors: ErrInvalidPseudonym, ErrReservedPseudonym,
// ErrWeakPassword (all with a reason), ErrPseudonymTaken.
func (s *Service) Register(ctx context.Context, pseudonym, password string) (User, []string, error) {
	p, err := NormalizePseudonym(pseudonym)
	if err != nil {
		return User{}, nil, err
	}
	if err := CheckPasswordFor(password, p); err != nil {
		return User{}, nil, err
	}
	phc, err := s.hasher.hash(ctx, password)
	if err != nil {
		return User{}, nil, err
	}
	u := UserRecord{
		ID: newUserID(), Pseudonym: p, Key: PseudonymKey(p), Skeleton: PseudonymSkeleton(p), PasswordHash: phc,
		Created: s.now().Truncate(time.Millisecond), // what the database keeps
	}
	if err := s.st.InsertUser(ctx, u); err != nil {
		return User{}, nil, err
	}
	codes, hashes := newRecoveryCodes()
	if err := s.st.InsertRecoveryCodes(ctx, u.ID, hashes); err != nil {
		// An account without recovery codes cannot be reset; undo it so signup can be retried.
		_ = s.st.DeleteUser(context.WithoutCancel(ctx), u.ID)
		return User{}, nil, err
	}
	return u.public(), codes, nil
}

// loginKey is the key a login looks up. It does not apply NormalizePseudonym's rules, so an
// account stays reachable if the rules tighten later; ok is false when no account can
// have the name (then callers answer at once: there is nothing to enumerate).
func loginKey(pseudonym string) (key string, ok bool) {
	if !utf8.ValidString(pseudonym) || len(pseudonym) > 4*MaxPseudonymRunes+8 {
		return "", false
	}
	p := norm.NFC.String(strings.TrimSpace(norm.NFC.String(pseudonym)))
	if n := utf8.RuneCountInString(p); n < MinPseudonymRunes || n > MaxPseudonymRunes {
		return "", false
	}
	return PseudonymKey(p), true
}

// Login checks a pseudonym and password and starts a new session, returning its token
// (shown to the client once, stored only as a hash). client is the address the attempt
// comes from, as a key for the back-off per address ("" if unknown: then only the
// pseudonym's back-off applies). Errors: ErrInvalidCredentials for an unknown pseudonym,
// a wrong password or a disabled account, alike and after the same argon2id work;
// *ThrottledError (errors.Is ErrThrottled) while the pseudonym or the address is backing
// off, without hashing; ctx's error if it ends while waiting for a hashing slot.
func (s *Service) Login(ctx context.Context, pseudonym, password, userAgent, client string) (string, Session, error) {
	key, ok := loginKey(pseudonym)
	if !ok || len(password) > MaxPasswordBytes {
		return "", Session{}, ErrInvalidCredentials
	}
	if wait := s.throttle.begin(key, s.now()); wait > 0 {
		return "", Session{}, &ThrottledError{RetryAfter: wait}
	}
	if client != "" {
		if wait := s.byAddr.begin(client, s.now()); wait > 0 {
			s.throttle.abandon(key)
			return "", Session{}, &ThrottledError{RetryAfter: wait}
		}
	}
	u, ok, err := s.checkPassword(ctx, key, password)
	if err != nil {
		s.throttle.abandon(key)
		if client != "" {
			s.byAddr.abandon(client)
		}
		return "", Session{}, err
	}
	s.throttle.end(key, s.now(), ok)
	if client != "" {
		s.byAddr.end(client, s.now(), ok)
	}
	if !ok {
		return "", Session{}, ErrInvalidCredentials
	}
	return s.startSession(ctx, u, userAgent)
}

// checkPassword verifies password for key, against the dummy hash when key is unknown.
// ok is false for unknown keys, wrong passwords and disabled accounts.
func (s *Service) checkPassword(ctx context.Context, key, password string) (u UserRecord, ok bool, err error) {
	u, err = s.st.UserByKey(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return u, false, s.hasher.verifyDummy(ctx, password)
	}
	if err != nil {
		return u, false, err
	}
	ok, err = s.hasher.verify(ctx, u.PasswordHash, password)
	return u, ok && err == nil && !u.Disabled, err
}

// startSession stores and caches a new session for u. It re-reads u under the user's lock,
// so a reset, disable or delete that finished while the password was being checked wins.
func (s *Service) startSession(ctx context.Context, u UserRecord, userAgent string) (string, Session, error) {
	defer s.locks.lock(u.ID)()
	gen := s.cache.generation()
	cur, err := s.st.UserByID(ctx, u.ID)
	if errors.Is(err, ErrNotFound) {
		return "", Session{}, ErrInvalidCredentials
	}
	if err != nil {
		return "", Session{}, err
	}
	if cur.Disabled || cur.PasswordHash != u.PasswordHash {
		return "", Session{}, ErrInvalidCredentials
	}
	now := s.now().Truncate(time.Millisecond)
	token, hash := newToken()
	rec := SessionRecord{Hash: hash, ID: newSessionID(), UserID: u.ID, Device: DeviceLabel(userAgent), Created: now, LastSeen: now}
	if err := s.st.InsertSession(ctx, rec); err != nil {
		return "", Session{}, err
	}
	s.cache.put(hash, cacheEntry{rec: rec, user: cur.public(), written: now}, gen, now, s.expired)
	return token, rec.public(), nil
}

// recoverPrefix keeps recovery attempts on their own back-off counter.
const recoverPrefix = "recover\x00"

// Recover sets a new password with one of the user's unused recovery codes, uses the code
// up, ends all the user's sessions and returns the user's id. Errors: ErrWeakPassword (checked first, so it says
// nothing about the account); ErrInvalidRecoveryCode for a wrong or used code, an unknown
// pseudonym or a disabled account alike; *ThrottledError after repeated failures.
func (s *Service) Recover(ctx context.Context, pseudonym, code, newPassword string) (string, error) {
	if err := CheckPasswordFor(newPassword, pseudonym); err != nil {
		return "", err
	}
	key, ok := loginKey(pseudonym)
	if !ok {
		return "", ErrInvalidRecoveryCode
	}
	if wait := s.throttle.begin(recoverPrefix+key, s.now()); wait > 0 {
		return "", &ThrottledError{RetryAfter: wait}
	}
	u, err := s.claimCode(ctx, key, code)
	switch {
	case err == nil || errors.Is(err, ErrInvalidRecoveryCode):
		s.throttle.end(recoverPrefix+key, s.now(), err == nil)
	default:
		s.throttle.abandon(recoverPrefix + key)
	}
	if err != nil {
		return "", err
	}
	phc, err := s.hasher.hash(ctx, newPassword)
	if err != nil {
		return "", err
	}
	defer s.locks.lock(u.ID)()
	if err := s.st.UpdatePasswordHash(ctx, u.ID, phc); err != nil {
		return "", err
	}
	s.throttle.reset(key) // the owner is back in: clear the login back-off
	return u.ID, s.revokeAllLocked(ctx, u.ID)
}

// claimCode uses up code for the user with key; ErrInvalidRecoveryCode if it cannot.
func (s *Service) claimCode(ctx context.Context, key, code string) (UserRecord, error) {
	u, err := s.st.UserByKey(ctx, key)
	if errors.Is(err, ErrNotFound) || err == nil && u.Disabled {
		return u, ErrInvalidRecoveryCode
	}
	if err != nil {
		return u, err
	}
	err = s.st.ClaimRecoveryCode(ctx, u.ID, hashRecoveryCode(code))
	if errors.Is(err, ErrNotFound) {
		return u, ErrInvalidRecoveryCode
	}
	return u, err
}

// ChangePassword replaces the password of a signed-in user who knows the current one and
// ends every other session of the user, keeping keepSessionID (the one asking): whoever
// knew the old password is out. It returns the public ids of the sessions it ended, for
// their sockets to be closed. Errors: ErrNotFound (no such user), ErrInvalidCredentials
// (wrong current password, or it changed meanwhile), *ThrottledError (shares the login
// back-off, so a stolen session cannot be used to guess the password), ErrWeakPassword.
func (s *Service) ChangePassword(ctx context.Context, userID, keepSessionID, oldPassword, newPassword string) ([]string, error) {
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := CheckPasswordFor(newPassword, u.Pseudonym); err != nil {
		return nil, err
	}
	if wait := s.throttle.begin(u.Key, s.now()); wait > 0 {
		return nil, &ThrottledError{RetryAfter: wait}
	}
	ok, err := s.hasher.verify(ctx, u.PasswordHash, oldPassword)
	if err != nil {
		s.throttle.abandon(u.Key)
		return nil, err
	}
	s.throttle.end(u.Key, s.now(), ok)
	if !ok {
		return nil, ErrInvalidCredentials
	}
	phc, err := s.hasher.hash(ctx, newPassword)
	if err != nil {
		return nil, err
	}
	defer s.locks.lock(userID)()
	cur, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if cur.PasswordHash != u.PasswordHash {
		return nil, ErrInvalidCredentials
	}
	if err := s.st.UpdatePasswordHash(ctx, userID, phc); err != nil {
		return nil, err
	}
	// Under the user's lock, after the new hash is stored: a login that checked the old
	// password and starts its session now is refused by startSession.
	return s.revokeOthersLocked(ctx, userID, keepSessionID)
}

// revokeOthersLocked ends every session of userID but keepSessionID and returns the ids it
// ended; the caller holds the user's lock.
func (s *Service) revokeOthersLocked(ctx context.Context, userID, keepSessionID string) ([]string, error) {
	recs, err := s.st.UserSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	var ended []string
	for _, r := range recs {
		if r.ID == keepSessionID {
			continue
		}
		if err := s.dropSession(ctx, r.Hash); err != nil {
			return ended, err
		}
		ended = append(ended, r.ID)
	}
	return ended, nil
}

// SignIn starts a session for a user who proved who they are a moment ago by creating
// the account, so a signup needs neither a second password hash nor the login back-off.
// It returns ErrInvalidCredentials when the account is gone or disabled.
func (s *Service) SignIn(ctx context.Context, userID, userAgent string) (string, Session, error) {
	u, err := s.st.UserByID(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return "", Session{}, ErrInvalidCredentials
	}
	if err != nil {
		return "", Session{}, err
	}
	return s.startSession(ctx, u, userAgent)
}
