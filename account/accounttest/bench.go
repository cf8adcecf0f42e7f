package accounttest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/account"
)

// BenchLogins measures logins with production argon2id parameters and hashing
// concurrency sem: each benchmark iteration is a round of 4 simultaneous logins, and the
// latency percentiles of one login are reported as p50_ms, p95_ms and max_ms.
func BenchLogins(b *testing.B, st account.Store, sem int) {
	ctx := context.Background()
	svc := account.NewService(st, account.Options{HashConcurrency: sem})
	const users = 4
	for i := range users {
		if _, _, err := svc.Register(ctx, fmt.Sprintf("bench user %d", i), "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
	var lat []time.Duration
	var mu sync.Mutex
	for b.Loop() {
		var wg sync.WaitGroup
		for i := range users {
			wg.Go(func() {
				start := time.Now()
				if _, _, err := svc.Login(ctx, fmt.Sprintf("bench user %d", i), "correct horse battery staple", "", ""); err != nil {
					b.Error(err)
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.95), "p95_ms")
	b.ReportMetric(pct(1), "max_ms")
	b.ReportMetric(0, "ns/op")
}
