package accounttest

import (
	"errors"
	"time"

	"github.com/cascade-platform/cascade/account"
)

// throttleRun makes 10 failed logins for pseudonym, then checks the doubling pauses and
// that no argon2 runs while paused; it returns the errors seen, for comparison.
func throttleRun(e *env, pseudonym string) []string {
	var seen []string
	fail := func() {
		e.t.Helper()
		_, _, err := e.svc.Login(e.ctx, pseudonym, otherPw, "", "")
		if !errors.Is(err, account.ErrInvalidCredentials) {
			e.t.Fatalf("Login(%q, wrong): got %v, want ErrInvalidCredentials", pseudonym, err)
		}
		seen = append(seen, err.Error())
	}
	for range 10 {
		fail()
	}
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		before := e.svc.PasswordVerifications()
		_, _, err := e.svc.Login(e.ctx, pseudonym, pw, "", "")
		var te *account.ThrottledError
		if !errors.As(err, &te) || !errors.Is(err, account.ErrThrottled) || te.RetryAfter != want {
			e.t.Fatalf("Login while throttled: got %v, want RetryAfter %v", err, want)
		}
		if got := e.svc.PasswordVerifications() - before; got != 0 {
			e.t.Errorf("argon2 ran %d times while throttled, want 0", got)
		}
		seen = append(seen, err.Error())
		e.clk.Advance(want)
		fail()
	}
	return seen
}

func testThrottle(e *env) {
	e.register("Ana Maria")
	known := throttleRun(e, "Ana Maria")
	e.clk.Advance(16 * time.Second)
	e.login("Ana Maria", pw) // success after waiting, and it resets the count
	for range 10 {
		if _, _, err := e.svc.Login(e.ctx, "Ana Maria", otherPw, "", ""); !errors.Is(err, account.ErrInvalidCredentials) {
			e.t.Fatalf("Login after reset: got %v, want ErrInvalidCredentials", err)
		}
	}
	// Never longer than the cap, however long the attack.
	for range 30 {
		_, _, err := e.svc.Login(e.ctx, "Ana Maria", otherPw, "", "")
		var te *account.ThrottledError
		if errors.As(err, &te) {
			if te.RetryAfter > 15*time.Minute {
				e.t.Fatalf("RetryAfter %v exceeds the 15 min cap", te.RetryAfter)
			}
			e.clk.Advance(te.RetryAfter)
		}
	}
	unknown := throttleRun(e, "Nobody Here")
	if len(known) != len(unknown) {
		e.t.Fatalf("known and unknown pseudonyms answered differently: %q vs %q", known, unknown)
	}
	for i := range known {
		if known[i] != unknown[i] {
			e.t.Errorf("answer %d: known %q, unknown %q", i, known[i], unknown[i])
		}
	}
}

func testEnumeration(e *env) {
	e.register("Ana Maria")
	try := func(pseudonym string) (error, uint64) {
		before := e.svc.PasswordVerifications()
		_, _, err := e.svc.Login(e.ctx, pseudonym, otherPw, "", "")
		return err, e.svc.PasswordVerifications() - before
	}
	errKnown, nKnown := try("Ana Maria")
	errUnknown, nUnknown := try("Nobody Here")
	if !errors.Is(errKnown, account.ErrInvalidCredentials) || !errors.Is(errUnknown, account.ErrInvalidCredentials) ||
		errKnown.Error() != errUnknown.Error() {
		e.t.Errorf("got %v (known) and %v (unknown), want the same ErrInvalidCredentials", errKnown, errUnknown)
	}
	if nKnown != 1 || nUnknown != 1 {
		e.t.Errorf("argon2 verifications: got %d (known) and %d (unknown), want 1 and 1", nKnown, nUnknown)
	}
}
