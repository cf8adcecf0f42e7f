package account_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/account/accounttest"
)

// BenchmarkArgon2Hash is one password hash with the production parameters.
func BenchmarkArgon2Hash(b *testing.B) {
	st := newMemStore()
	svc := account.NewService(st, account.Options{HashConcurrency: 1})
	ctx := context.Background()
	if _, _, err := svc.Register(ctx, "Ana Maria", "correct horse battery staple"); err != nil {
		b.Fatal(err)
	}
	uid := func() string { u, _ := st.UserByKey(ctx, account.PseudonymKey("Ana Maria")); return u.ID }()
	for b.Loop() {
		// ChangePassword = one verification + one hash; report per argon2 run.
		if _, err := svc.ChangePassword(ctx, uid, "", "correct horse battery staple", "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(2*b.N), "ms/argon2")
}

// BenchmarkLoginConcurrent4 runs rounds of 4 simultaneous logins (production argon2id
// parameters) for each hashing concurrency and reports the latency percentiles of one login.
func BenchmarkLoginConcurrent4(b *testing.B) {
	for _, sem := range []int{1, 2, 3, 4} {
		b.Run(fmt.Sprintf("sem=%d", sem), func(b *testing.B) {
			accounttest.BenchLogins(b, newMemStore(), sem)
		})
	}
}
