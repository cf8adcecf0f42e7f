// Package accounttest holds a behaviour suite for account.Service that runs against any
// account.Store (the in-memory fake and the real store).
package accounttest

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/internal/fakeclock"
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
	clk *fakeclock.Clock
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
			clk := fakeclock.New()
			st := newStore(t)
			tc.fn(&env{t: t, ctx: context.Background(), st: st, clk: clk, svc: newService(st, clk)})
		})
	}
}

func newService(st account.Store, clk *fakeclock.Clock) *account.Service {
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
	tok, _, err := e.svc.Login(e.ctx, pseudonym, password, firefox, "")
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
	e.register("CanaryLeadAlpha")
	e.register("Olga")
	taken := []string{
		"Ana Maria", "ana maria", "ANA MARIA", " Ana Maria", "Ａｎａ Ｍａｒｉａ",
		// Look-alikes: Greek capital alpha, Cyrillic a, capital I and digit 1 for l, 0 for O.
		"CanaryLeadΑlpha", "CanaryLeadAlphа", "CanaryLeadAIpha", "CanaryLeadA1pha", "0lga", "0LGA",
	}
	for _, p := range taken {
		if _, _, err := e.svc.Register(e.ctx, p, pw); !errors.Is(err, account.ErrPseudonymTaken) {
			e.t.Errorf("Register(%q): got %v, want ErrPseudonymTaken", p, err)
		}
	}
	if n, _ := e.svc.Count(e.ctx); n != 3 {
		e.t.Errorf("Count: got %d, want 3", n)
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
