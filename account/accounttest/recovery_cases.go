package accounttest

import (
	"errors"
	"slices"
	"sync"

	"github.com/cascade-platform/cascade/account"
)

func testRecovery(e *env) {
	u, codes := e.register("Ana Maria")
	t1 := e.login("Ana Maria", pw)
	t2 := e.login("Ana Maria", pw)
	if _, err := e.svc.Recover(e.ctx, "Ana Maria", codes[0], "short"); !errors.Is(err, account.ErrWeakPassword) {
		e.t.Errorf("Recover(weak): got %v, want ErrWeakPassword", err)
	}
	if _, err := e.svc.Recover(e.ctx, "Nobody Here", codes[0], otherPw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover(unknown pseudonym): got %v, want ErrInvalidRecoveryCode", err)
	}
	if _, err := e.svc.Recover(e.ctx, "Ana Maria", "2222-3333-4444-5555", otherPw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover(wrong code): got %v, want ErrInvalidRecoveryCode", err)
	}
	typed := " " + codes[0][:9] + " " + codes[0][10:] // spaces for a dash, lower case
	if _, err := e.svc.Recover(e.ctx, "ana maria", lower(typed), otherPw); err != nil {
		e.t.Fatalf("Recover: %v", err)
	}
	e.wantAuth(t1, false)
	e.wantAuth(t2, false)
	if list, _ := e.svc.Sessions(e.ctx, u.ID); len(list) != 0 {
		e.t.Errorf("Sessions after reset: got %d, want 0", len(list))
	}
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", pw, "", ""); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("Login(old password): got %v, want ErrInvalidCredentials", err)
	}
	e.login("Ana Maria", otherPw)
	if _, err := e.svc.Recover(e.ctx, "Ana Maria", codes[0], pw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover(used code): got %v, want ErrInvalidRecoveryCode", err)
	}
	if _, err := e.svc.Recover(e.ctx, "Ana Maria", codes[1], pw); err != nil {
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
		wg.Go(func() { _, errs[i] = e.svc.Recover(e.ctx, "Ana Maria", codes[3], otherPw) })
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

func testChangePassword(e *env) {
	u, _ := e.register("Ana Maria")
	current, sess, err := e.svc.Login(e.ctx, "Ana Maria", pw, firefox, "")
	if err != nil {
		e.t.Fatal(err)
	}
	other1, other2 := e.login("Ana Maria", pw), e.login("Ana Maria", pw)
	if _, err := e.svc.ChangePassword(e.ctx, u.ID, sess.ID, otherPw, otherPw); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("ChangePassword(wrong old): got %v, want ErrInvalidCredentials", err)
	}
	if _, err := e.svc.ChangePassword(e.ctx, u.ID, sess.ID, pw, "qwertyuiop12"); !errors.Is(err, account.ErrWeakPassword) {
		e.t.Errorf("ChangePassword(common): got %v, want ErrWeakPassword", err)
	}
	e.wantAuth(other1, true) // failed changes end nothing
	ended, err := e.svc.ChangePassword(e.ctx, u.ID, sess.ID, pw, otherPw)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(ended) != 2 || slices.Contains(ended, sess.ID) {
		e.t.Errorf("ChangePassword ended sessions %v, want the 2 others than %s", ended, sess.ID)
	}
	e.wantAuth(current, true)
	e.wantAuth(other1, false)
	e.wantAuth(other2, false)
	if list, err := e.svc.Sessions(e.ctx, u.ID); err != nil || len(list) != 1 || list[0].ID != sess.ID {
		e.t.Errorf("Sessions after ChangePassword: got %v, %v; want only the current one", list, err)
	}
	e.login("Ana Maria", otherPw)
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", pw, "", ""); !errors.Is(err, account.ErrInvalidCredentials) {
		e.t.Errorf("Login(old password): got %v, want ErrInvalidCredentials", err)
	}
}
