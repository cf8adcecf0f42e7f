package account

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors of the account domain. Validation errors wrap them with a human reason
// (fmt.Errorf("%w: ...")), so callers test with errors.Is and may show err.Error().
var (
	// ErrInvalidPseudonym: the pseudonym breaks a rule (length, characters, spacing).
	ErrInvalidPseudonym = errors.New("invalid pseudonym")
	// ErrReservedPseudonym: the pseudonym looks like a staff or platform name.
	ErrReservedPseudonym = errors.New("reserved pseudonym")
	// ErrWeakPassword: the password is too short, too long, common, or the pseudonym.
	ErrWeakPassword = errors.New("weak password")
	// ErrPseudonymTaken: another account has the same pseudonym key, or one that looks the
	// same (PseudonymSkeleton).
	ErrPseudonymTaken = errors.New("pseudonym taken")
	// ErrInvalidCredentials: wrong pseudonym or password; deliberately does not say which.
	ErrInvalidCredentials = errors.New("invalid credentials")
	// ErrUnauthenticated: the session token is unknown, expired, revoked or its user disabled.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrNotFound: no such user or session (for this user).
	ErrNotFound = errors.New("not found")
	// ErrInvalidRecoveryCode: the code is wrong or used, or the pseudonym is unknown.
	ErrInvalidRecoveryCode = errors.New("invalid recovery code")
	// ErrThrottled is matched (errors.Is) by every *ThrottledError.
	ErrThrottled = errors.New("too many attempts")
)

// ThrottledError says that login attempts for a pseudonym are paused; the caller should
// answer 429 with Retry-After rounded up to whole seconds.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%s: retry after %s", ErrThrottled, e.RetryAfter.Round(time.Second))
}

// Is makes errors.Is(err, ErrThrottled) true for a *ThrottledError.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }
