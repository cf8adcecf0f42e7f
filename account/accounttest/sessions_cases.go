package accounttest

import (
	"errors"
	"time"

	"github.com/cascade-platform/cascade/account"
)

func testLoginAuthenticate(e *env) {
	u, _ := e.register("Ana Maria")
	tok, sess, err := e.svc.Login(e.ctx, "ana maria", pw, firefox, "")
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
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", otherPw, firefox, ""); !errors.Is(err, account.ErrInvalidCredentials) {
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
	_, s2, err := e.svc.Login(e.ctx, "Ana Maria", pw, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1", "")
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

func testDisable(e *env) {
	u, _ := e.register("Ana Maria")
	tok := e.login("Ana Maria", pw)
	if err := e.svc.SetDisabled(e.ctx, u.ID, true); err != nil {
		e.t.Fatal(err)
	}
	e.wantAuth(tok, false)
	if _, _, err := e.svc.Login(e.ctx, "Ana Maria", pw, "", ""); !errors.Is(err, account.ErrInvalidCredentials) {
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
	if _, err := e.svc.Recover(e.ctx, "Ana Maria", codes[0], otherPw); !errors.Is(err, account.ErrInvalidRecoveryCode) {
		e.t.Errorf("Recover after Delete: got %v, want ErrInvalidRecoveryCode", err)
	}
	if err := e.svc.Delete(e.ctx, u.ID); !errors.Is(err, account.ErrNotFound) {
		e.t.Errorf("second Delete: got %v, want ErrNotFound", err)
	}
	e.register("Ana Maria") // the name is free again
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
