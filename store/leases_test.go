package store_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/store/storetest"
)

// A lease has one holder at a time: the others wait for its release, a lease whose
// holder died is taken over once its ttl has passed, and a wait ends with its context.
func TestLeaseOneHolderAtATime(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()

	// Ten holders, each counting itself in and out: never two at once.
	var mu sync.Mutex
	in, most := 0, 0
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			release, err := db.Lease(ctx, "k", time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			in++
			most = max(most, in)
			mu.Unlock()
			runtime.Gosched() // let the others try while it is held
			mu.Lock()
			in--
			mu.Unlock()
			if err := release(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most != 1 {
		t.Errorf("%d holders at once, want 1", most)
	}

	// A holder that never releases: the next waits until its ttl has passed, not forever.
	if _, err := db.Lease(ctx, "dead", 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := db.Lease(short, "dead", time.Minute); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("taking a live lease: %v, want the context's deadline", err)
	}
	wait, cancel2 := context.WithTimeout(ctx, 10*time.Second)
	defer cancel2()
	release, err := db.Lease(wait, "dead", time.Minute)
	if err != nil {
		t.Fatalf("taking over a lapsed lease: %v", err)
	}
	if err := release(); err != nil {
		t.Error(err)
	}
}
