package accounttest

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/account"
)

// FastHash makes argon2id cheap enough for tests (stored hashes carry their parameters).
var FastHash = account.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

const (
	pw      = "correct horse battery staple"
	otherPw = "a different long passphrase"
	firefox = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"
)

// env is one test's service, store and clock.
type env struct {
	t   *testing.T
	ctx context.Context
	st  account.Store
	clk *Clock
	svc *account.Service
}

// Run runs the behaviour suite; newStore returns a fresh, empty store for each subtest.
func Run(t *testing.T, newStore func(testing.TB) account.Store) {
	tests := []struct {
		name string
		fn   func(*env)
	}{
		{"Register", testRegister},
		{"DuplicatePseudonym", testDuplicate},
		{"RegisterValidation", testRegisterValidation},
		{"LoginAuthenticate", testLoginAuthenticate},
		{"IdleTimeout", testIdleTimeout},
		{"AbsoluteTimeout", testAbsoluteTimeout},
		{"RotationAndLogout", testRotationLogout},
		{"ListAndRevokeSessions", testSessions},
		{"Recovery", testRecovery},
		{"RecoveryConcurrent", testRecoveryConcurrent},
		{"Throttle", testThrottle},
		{"Enumeration", testEnumeration},
		{"Disable", testDisable},
		{"Delete", testDelete},
		{"ChangePassword", testChangePassword},
		{"PurgeExpired", testPurge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := NewClock()
			st := newStore(t)
			tc.fn(&env{t: t, ctx: context.Background(), st: st, clk: clk, svc: newService(st, clk)})
		})
	}
}

func newService(st account.Store, clk *Clock) *account.Service {
	return account.NewService(st, account.Options{Now: clk.Now, HashParams: FastHash})
}

func (e *env) register(pseudonym string) (account.User, []string) {
	e.t.Helper()
	u, codes, err := e.svc.Register(e.ctx, pseudonym, pw)
	if err != nil {
		e.t.Fatalf("Register(%q): %v", pseudonym, err)
	}
	return u, codes
}

func (e *env) login(pseudonym, password string) string {
	e.t.Helper()
	tok, _, err := e.svc.Login(e.ctx, pseudonym, password, firefox)
	if err != nil {
		e.t.Fatalf("Login(%q): %v", pseudonym, err)
	}
	return tok
}

// wantAuth checks whether token authenticates, with the error kind when it must not.
func (e *env) wantAuth(token string, ok bool) {
	e.t.Helper()
	_, _, err := e.svc.Authenticate(e.ctx, token)
	switch {
	case ok && err != nil:
		e.t.Fatalf("Authenticate: got %v, want success", err)
	case !ok && !errors.Is(err, account.ErrUnauthenticated):
		e.t.Fatalf("Authenticate: got %v, want ErrUnauthenticated", err)
	}
}

var codeShape = regexp.MustCompile(`^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$`)

func testRegister(e *env) {
	u, codes := e.register("  Ana Maria ")
	if u.Pseudonym != "Ana Maria" || u.ID == "" || u.Disabled || !u.Created.Equal(e.clk.Now()) {
		e.t.Errorf("got user %+v, want pseudonym %q, an id, enabled, created now", u, "Ana Maria")
	}
	if len(codes) != account.RecoveryCodeCount {
		e.t.Fatalf("got %d recovery codes, want %d", len(codes), account.RecoveryCodeCount)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if !codeShape.MatchString(c) || seen[c] {
			e.t.Errorf("recovery code %q: malformed or repeated", c)
		}
		seen[c] = true
	}
	got, err := e.svc.User(e.ctx, u.ID)
	if err != nil || got != u {
		e.t.Errorf("User: got %+v, %v; want %+v", got, err, u)
	}
	if n, err := e.svc.Count(e.ctx); n != 1 || err != nil {
		e.t.Errorf("Count: got %d, %v; want 1", n, err)
	}
	if _, err := e.svc.User(e.ctx, "no-such-id"); !errors.Is(err, account.ErrNotFound) {
		e.t.Errorf("User(unknown): got %v, want ErrNotFound", err)
	}
}

func testDuplicate(e *env) {
	e.register("Ana Maria")
	for _, p := range []string{"Ana Maria", "ana maria", "ANA MARIA", " Ana Maria", "Ａｎａ Ｍａｒｉａ"} {
		if _, _, err := e.svc.Register(e.ctx, p, pw); !errors.Is(err, account.ErrPseudonymTaken) {
			e.t.Errorf("Register(%q): got %v, want ErrPseudonymTaken", p, err)
		}
	}
	if n, _ := e.svc.Count(e.ctx); n != 1 {
		e.t.Errorf("Count: got %d, want 1", n)
	}
}

func testRegisterValidation(e *env) {
	tests := []struct {
		pseudonym, password string
		want                error
	}{
		{"ab", pw, account.ErrInvalidPseudonym},
		{"ana\u202Emaria", pw, account.ErrInvalidPseudonym},
		{"Adm1n", pw, account.ErrReservedPseudonym},
		{"Ana Maria", "short", account.ErrWeakPassword},
		{"Ana Maria", "password1234", account.ErrWeakPassword},
		{"Ana Maria", "ana maria 12", account.ErrWeakPassword},
	}
	for _, tc := range tests {
		if _, _, err := e.svc.Register(e.ctx, tc.pseudonym, tc.password); !errors.Is(err, tc.want) {
			e.t.Errorf("Register(%q, %q): got %v, want %v", tc.pseudonym, tc.password, err, tc.want)
		}
	}
}

func testLoginAuthenticate(e *env) {
	u, _ := e.register("Ana Maria")
	tok, sess, err := e.svc.Login(e.ctx, "ana maria", pw, firefox)
	if err != nil {
		e.t.Fatalf("Login: %v", err)
	}
	if sess.UserID != u.ID || sess.Device != "Firefox on Android" || sess.ID == "" {
		e.t.Errorf("got session %+v, want user %s on Firefox on Android", sess, u.ID)
	}
	gu, gs, err := e.svc.Authenticate(e.ctx, tok)
	if err != nil || gu != u || gs.ID != sess.ID {
		e.t.Errorf("Authenticate: got %+v, %+v, %v; want %+v, session %s", gu, gs, err, u, sess.ID)
	}
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", otherPw, firefox); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("Login(wrong password): got %v, want ErrInvalidCredentials", err)
	}
	for _, bad := range []string{"", "x", tok + "A", tok[:42] + "!"} {
		e.wantAuth(bad, false)
	}
	// Another instance, with a cold cache, accepts the same token from the store.
	gu, _, err = newService(e.st, e.clk).Authenticate(e.ctx, tok)
	if err != nil || gu != u {
		e.t.Errorf("Authenticate on a cold service: got %+v, %v; want %+v", gu, err, u)
	}
}

func testIdleTimeout(e *env) {
	e.register("Ana Maria")
	tok := e.login("Ana Maria", pw)
	for range 3 { // use keeps it alive well past one idle period
		e.clk.Advance(29 * time.Minute)
		e.wantAuth(tok, true)
	}
	e.clk.Advance(30 * time.Minute)
	e.wantAuth(tok, false)
	// and from the store alone (another instance)
	tok = e.login("Ana Maria", pw)
	e.clk.Advance(30 * time.Minute)
	cold := newService(e.st, e.clk)
	if _, _, err := cold.Authenticate(e.ctx, tok); !errors.Is(err, account.ErrUnauthenticated) {
		e.t.Errorf("cold Authenticate after idle: got %v, want ErrUnauthenticated", err)
	}
}

func testAbsoluteTimeout(e *env) {
	e.register("Ana Maria")
	tok := e.login("Ana Maria", pw)
	for elapsed := 20 * time.Minute; elapsed < 12*time.Hour; elapsed += 20 * time.Minute {
		e.clk.Advance(20 * time.Minute)
		e.wantAuth(tok, true)
	}
	e.clk.Advance(20 * time.Minute) // now exactly 12 h
	e.wantAuth(tok, false)
}

func testRotationLogout(e *env) {
	e.register("Ana Maria")
	t1 := e.login("Ana Maria", pw)
	t2 := e.login("Ana Maria", pw)
	if t1 == t2 {
		e.t.Fatalf("two logins gave the same token")
	}
	e.wantAuth(t1, true)
	e.wantAuth(t2, true)
	if err := e.svc.Logout(e.ctx, t1); err != nil {
		e.t.Fatalf("Logout: %v", err)
	}
	e.wantAuth(t1, false)
	e.wantAuth(t2, true)
	if _, _, err := newService(e.st, e.clk).Authenticate(e.ctx, t1); !errors.Is(err, account.ErrUnauthenticated) {
		e.t.Errorf("cold Authenticate after logout: got %v, want ErrUnauthenticated", err)
	}
	if err := e.svc.Logout(e.ctx, t1); err != nil {
		e.t.Errorf("second Logout: got %v, want nil", err)
	}
}

func testSessions(e *env) {
	u, _ := e.register("Ana Maria")
	other, _, _ := e.svc.Register(e.ctx, "Beatriz", pw)
	t1 := e.login("Ana Maria", pw)
	e.clk.Advance(time.Minute)
	_, s2, err := e.svc.Login(e.ctx, "Ana Maria", pw, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1")
	if err != nil {
		e.t.Fatal(err)
	}
	list, err := e.svc.Sessions(e.ctx, u.ID)
	if err != nil || len(list) != 2 {
		e.t.Fatalf("Sessions: got %d, %v; want 2", len(list), err)
	}
	if list[0].ID != s2.ID || list[0].Device != "Safari on iOS" || list[1].Device != "Firefox on Android" {
		e.t.Errorf("Sessions: got %+v, want the iOS session first", list)
	}
	if err := e.svc.RevokeSession(e.ctx, other.ID, s2.ID); !errors.Is(err, account.ErrNotFound) {
		e.t.Errorf("RevokeSession(other user): got %v, want ErrNotFound", err)
	}
	if err := e.svc.RevokeSession(e.ctx, u.ID, s2.ID); err != nil {
		e.t.Fatalf("RevokeSession: %v", err)
	}
	if list, _ = e.svc.Sessions(e.ctx, u.ID); len(list) != 1 {
		e.t.Errorf("Sessions after revoke: got %d, want 1", len(list))
	}
	e.wantAuth(t1, true)
	t3 := e.login("Ana Maria", pw)
	if err := e.svc.RevokeAll(e.ctx, u.ID); err != nil {
		e.t.Fatal(err)
	}
	e.wantAuth(t1, false)
	e.wantAuth(t3, false)
}

func testRecovery(e *env) {
	u, codes := e.register("Ana Maria")
	t1 := e.login("Ana Maria", pw)
	t2 := e.login("Ana Maria", pw)
	if err := e.svc.Recover(e.ctx, "Ana Maria", codes[0], "short"); !errors.Is(err, account.ErrWeakPassword) {
		e.t.Errorf("Recover(weak): got %v, want ErrWeakPassword", err)
	}
	if err := e.svc.Recover(e.ctx, "Nobody Here", codes[0], otherPw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover(unknown pseudonym): got %v, want ErrInvalidRecoveryCode", err)
	}
	if err := e.svc.Recover(e.ctx, "Ana Maria", "2222-3333-4444-5555", otherPw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover(wrong code): got %v, want ErrInvalidRecoveryCode", err)
	}
	typed := " " + codes[0][:9] + " " + codes[0][10:] // spaces for a dash, lower case
	if err := e.svc.Recover(e.ctx, "ana maria", lower(typed), otherPw); err != nil {
		e.t.Fatalf("Recover: %v", err)
	}
	e.wantAuth(t1, false)
	e.wantAuth(t2, false)
	if list, _ := e.svc.Sessions(e.ctx, u.ID); len(list) != 0 {
		e.t.Errorf("Sessions after reset: got %d, want 0", len(list))
	}
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", pw, ""); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("Login(old password): got %v, want ErrInvalidCredentials", err)
	}
	e.login("Ana Maria", otherPw)
	if err := e.svc.Recover(e.ctx, "Ana Maria", codes[0], pw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover(used code): got %v, want ErrInvalidRecoveryCode", err)
	}
	if err := e.svc.Recover(e.ctx, "Ana Maria", codes[1], pw); err != nil {
		e.t.Errorf("Recover(second code): %v", err)
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func testRecoveryConcurrent(e *env) {
	_, codes := e.register("Ana Maria")
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = e.svc.Recover(e.ctx, "Ana Maria", codes[3], otherPw) })
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, account.ErrInvalidRecoveryCode) && !errors.Is(err, account.ErrThrottled):
			e.t.Errorf("Recover: got %v, want ErrInvalidRecoveryCode or ErrThrottled", err)
		}
	}
	if wins != 1 {
		e.t.Errorf("got %d successful uses of one code, want 1", wins)
	}
}

// throttleRun makes 10 failed logins for pseudonym, then checks the doubling pauses and
// that no argon2 runs while paused; it returns the errors seen, for comparison.
func throttleRun(e *env, pseudonym string) []string {
	var seen []string
	fail := func() {
		e.t.Helper()
		_, _, err := e.svc.Login(e.ctx, pseudonym, otherPw, "")
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
		_, _, err := e.svc.Login(e.ctx, pseudonym, pw, "")
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
		if _, _, err := e.svc.Login(e.ctx, "Ana Maria", otherPw, ""); !errors.Is(err, account.ErrInvalidCredentials) {
			e.t.Fatalf("Login after reset: got %v, want ErrInvalidCredentials", err)
		}
	}
	// Never longer than the cap, however long the attack.
	for range 30 {
		_, _, err := e.svc.Login(e.ctx, "Ana Maria", otherPw, "")
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
		_, _, err := e.svc.Login(e.ctx, pseudonym, otherPw, "")
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

func testDisable(e *env) {
	u, _ := e.register("Ana Maria")
	tok := e.login("Ana Maria", pw)
	if err := e.svc.SetDisabled(e.ctx, u.ID, true); err != nil {
		e.t.Fatal(err)
	}
	e.wantAuth(tok, false)
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", pw, ""); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("Login(disabled): got %v, want ErrInvalidCredentials", err)
	}
	if got, _ := e.svc.User(e.ctx, u.ID); !got.Disabled {
		e.t.Errorf("User: got Disabled false, want true")
	}
	if err := e.svc.SetDisabled(e.ctx, u.ID, false); err != nil {
		e.t.Fatal(err)
	}
	e.login("Ana Maria", pw)
	if err := e.svc.SetDisabled(e.ctx, "no-such-id", true); !errors.Is(err, account.ErrNotFound) {
		e.t.Errorf("SetDisabled(unknown): got %v, want ErrNotFound", err)
	}
}

func testDelete(e *env) {
	u, codes := e.register("Ana Maria")
	tok := e.login("Ana Maria", pw)
	if err := e.svc.Delete(e.ctx, u.ID); err != nil {
		e.t.Fatal(err)
	}
	e.wantAuth(tok, false)
	if _, err := e.svc.User(e.ctx, u.ID); !errors.Is(err, account.ErrNotFound) {
		e.t.Errorf("User after Delete: got %v, want ErrNotFound", err)
	}
	if list, _ := e.svc.Sessions(e.ctx, u.ID); len(list) != 0 {
		e.t.Errorf("Sessions after Delete: got %d, want 0", len(list))
	}
	if err := e.svc.Recover(e.ctx, "Ana Maria", codes[0], otherPw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover after Delete: got %v, want ErrInvalidRecoveryCode", err)
	}
	if err := e.svc.Delete(e.ctx, u.ID); !errors.Is(err, account.ErrNotFound) {
		e.t.Errorf("second Delete: got %v, want ErrNotFound", err)
	}
	e.register("Ana Maria") // the name is free again
}

func testChangePassword(e *env) {
	u, _ := e.register("Ana Maria")
	if err := e.svc.ChangePassword(e.ctx, u.ID, otherPw, otherPw); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("ChangePassword(wrong old): got %v, want ErrInvalidCredentials", err)
	}
	if err := e.svc.ChangePassword(e.ctx, u.ID, pw, "qwertyuiop12"); !errors.Is(err, account.ErrWeakPassword) {
		e.t.Errorf("ChangePassword(common): got %v, want ErrWeakPassword", err)
	}
	if err := e.svc.ChangePassword(e.ctx, u.ID, pw, otherPw); err != nil {
		e.t.Fatal(err)
	}
	e.login("Ana Maria", otherPw)
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", pw, ""); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("Login(old password): got %v, want ErrInvalidCredentials", err)
	}
}

func testPurge(e *env) {
	u, _ := e.register("Ana Maria")
	e.login("Ana Maria", pw)
	e.clk.Advance(20 * time.Minute)
	e.login("Ana Maria", pw)
	e.clk.Advance(11 * time.Minute) // the first has idled 31 min: expired, but within the write margin
	if n, err := e.svc.PurgeExpired(e.ctx); n != 0 || err != nil {
		e.t.Errorf("PurgeExpired: got %d, %v; want 0", n, err)
	}
	e.clk.Advance(time.Millisecond)
	if n, err := e.svc.PurgeExpired(e.ctx); n != 1 || err != nil {
		e.t.Errorf("PurgeExpired: got %d, %v; want 1", n, err)
	}
	if list, _ := e.svc.Sessions(e.ctx, u.ID); len(list) != 1 {
		e.t.Errorf("Sessions: got %d, want 1", len(list))
	}
}
