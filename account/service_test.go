package account_test

import (
	"context"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/account/accounttest"
	"github.com/cascade-platform/cascade/internal/fakeclock"
)

func TestService(t *testing.T) {
	accounttest.Run(t, func(testing.TB) account.Store { return newMemStore() })
}

// TestAuthenticateHotPath proves the cache: no database reads per request, and LastSeen
// written at most once a minute.
func TestAuthenticateHotPath(t *testing.T) {
	ctx := context.Background()
	st, clk := newMemStore(), fakeclock.New()
	svc := account.NewService(st, account.Options{Now: clk.Now, HashParams: accounttest.FastHash})
	if _, _, err := svc.Register(ctx, "Ana Maria", "correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	tok, _, err := svc.Login(ctx, "Ana Maria", "correct horse battery staple", "", "")
	if err != nil {
		t.Fatal(err)
	}
	reads := st.reads.Load()
	for range 600 { // ten minutes of a request a second
		clk.Advance(time.Second)
		if _, _, err := svc.Authenticate(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.reads.Load() - reads; got != 0 {
		t.Errorf("database reads for 600 requests: got %d, want 0", got)
	}
	if got := st.touches.Load(); got != 10 {
		t.Errorf("LastSeen writes over ten minutes: got %d, want 10", got)
	}
}
