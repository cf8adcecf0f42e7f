package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/account/accounttest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// TestAccountService runs the account behaviour suite against the real store.
func TestAccountService(t *testing.T) {
	accounttest.Run(t, func(tb testing.TB) account.Store { return storetest.NewDB(tb) })
}

func TestAccountStoreErrors(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewDB(t)
	u := account.UserRecord{ID: "u1", Pseudonym: "Ana", Key: "ana", Skeleton: "ana", PasswordHash: "h", Created: time.Now()}
	if err := db.InsertUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	u.ID = "u2"
	if err := db.InsertUser(ctx, u); !errors.Is(err, account.ErrPseudonymTaken) {
		t.Errorf("InsertUser(same key): got %v, want ErrPseudonymTaken", err)
	}
	tests := []struct {
		name string
		err  error
	}{
		{"UserByKey", func() error { _, err := db.UserByKey(ctx, "nobody"); return err }()},
		{"UserByID", func() error { _, err := db.UserByID(ctx, "nobody"); return err }()},
		{"UpdatePasswordHash", db.UpdatePasswordHash(ctx, "nobody", "h")},
		{"SetUserDisabled", db.SetUserDisabled(ctx, "nobody", true)},
		{"DeleteUser", db.DeleteUser(ctx, "nobody")},
		{"SessionByHash", func() error { _, err := db.SessionByHash(ctx, "nothing"); return err }()},
		{"ClaimRecoveryCode", db.ClaimRecoveryCode(ctx, "u1", "nothing")},
	}
	for _, tc := range tests {
		if !errors.Is(tc.err, account.ErrNotFound) {
			t.Errorf("%s: got %v, want ErrNotFound", tc.name, tc.err)
		}
	}
}

// TestClaimRecoveryCodeConcurrent: the unique claim insert lets exactly one of many
// concurrent uses of a code through, where an update would not be atomic.
func TestClaimRecoveryCodeConcurrent(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewDB(t)
	if err := db.InsertRecoveryCodes(ctx, "u1", []string{"h1", "h2"}); err != nil {
		t.Fatal(err)
	}
	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = db.ClaimRecoveryCode(ctx, "u1", "h1") })
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, account.ErrNotFound):
			t.Errorf("ClaimRecoveryCode: got %v, want nil or ErrNotFound", err)
		}
	}
	if wins != 1 {
		t.Errorf("got %d successful claims of one code, want 1", wins)
	}
	if err := db.ClaimRecoveryCode(ctx, "u2", "h2"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("ClaimRecoveryCode(another user's code): got %v, want ErrNotFound", err)
	}
	if err := db.DeleteRecoveryCodes(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimRecoveryCode(ctx, "u1", "h2"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("ClaimRecoveryCode after delete: got %v, want ErrNotFound", err)
	}
}

func TestTouchSessionNeverGoesBack(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewDB(t)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := account.SessionRecord{Hash: "h", ID: "s", UserID: "u", Device: "d", Created: t0, LastSeen: t0}
	if err := db.InsertSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{t0.Add(2 * time.Minute), t0.Add(time.Minute)} {
		if err := db.TouchSession(ctx, "h", at); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.SessionByHash(ctx, "h")
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(2 * time.Minute); !got.LastSeen.Equal(want) {
		t.Errorf("LastSeen: got %v, want %v", got.LastSeen, want)
	}
	if err := db.TouchSession(ctx, "missing", t0); err != nil {
		t.Errorf("TouchSession(missing): got %v, want nil", err)
	}
}

// BenchmarkLoginConcurrent4 is account's login benchmark against the embedded store, with
// the default hashing concurrency: the latency a person sees, database work included.
func BenchmarkLoginConcurrent4(b *testing.B) {
	accounttest.BenchLogins(b, storetest.NewDB(b), account.DefaultHashConcurrency)
}
