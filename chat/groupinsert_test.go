package chat

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
)

// keyedInserts is an InsertBatch that refuses a record whose ID it has seen, records the
// size of every call, and holds its first call until released.
type keyedInserts struct {
	Store            // only InsertBatch is called
	entered, release chan struct{}
	fail             error

	mu    sync.Mutex
	seen  map[string]bool
	sizes []int
}

func newKeyedInserts() *keyedInserts {
	return &keyedInserts{entered: make(chan struct{}), release: make(chan struct{}), seen: make(map[string]bool)}
}

func (s *keyedInserts) InsertBatch(_ context.Context, msgs []Message) ([]int, error) {
	s.mu.Lock()
	s.sizes = append(s.sizes, len(msgs))
	first := len(s.sizes) == 1
	s.mu.Unlock()
	if first {
		close(s.entered)
		<-s.release
	}
	if s.fail != nil {
		return nil, s.fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var dups []int
	for i := len(msgs) - 1; i >= 0; i-- { // descending: the group must not rely on order
		if s.seen[msgs[i].ID] {
			dups = append(dups, i)
		}
	}
	for _, m := range msgs {
		s.seen[m.ID] = true
	}
	return dups, nil
}

func (s *keyedInserts) calls() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sizes)
}

func (g *insertGroup) queued() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.queue)
}

func records(ids ...string) []Message {
	out := make([]Message, len(ids))
	for i, id := range ids {
		out[i] = Message{ID: id}
	}
	return out
}

// waitQueued waits (in a synctest bubble) until every goroutine is blocked, then checks
// that n calls wait behind the running insert.
func waitQueued(t *testing.T, g *insertGroup, n int) {
	t.Helper()
	synctest.Wait()
	if got := g.queued(); got != n {
		t.Fatalf("%d calls queued, want %d", got, n)
	}
}

// Batches that arrive while an insert runs go out in one insert, and each caller learns
// which of its own records were refused, by its own indexes.
func TestInsertGroupMergesWaitingBatches(t *testing.T) {
	synctest.Test(t, testInsertGroupMerges)
}

func testInsertGroupMerges(t *testing.T) {
	st := newKeyedInserts()
	st.seen["b1"], st.seen["d0"], st.seen["d2"] = true, true, true
	g := &insertGroup{st: st}
	ctx := context.Background()

	type result struct {
		dups []int
		err  error
	}
	batches := map[string][]Message{
		"a": records("a0"),
		"b": records("b0", "b1", "b2"),
		"c": records("c0"),
		"d": records("d0", "d1", "d2"),
	}
	results := make(map[string]result)
	var mu sync.Mutex
	var wg sync.WaitGroup
	run := func(name string) {
		wg.Go(func() {
			dups, err := g.insert(ctx, batches[name])
			mu.Lock()
			results[name] = result{dups, err}
			mu.Unlock()
		})
	}
	run("a")
	<-st.entered
	for i, name := range []string{"b", "c", "d"} {
		run(name)
		waitQueued(t, g, i+1)
	}
	close(st.release)
	wg.Wait()

	if got := st.calls(); !slices.Equal(got, []int{1, 7}) {
		t.Fatalf("insert sizes %v, want [1 7]", got)
	}
	want := map[string][]int{"a": nil, "b": {1}, "c": nil, "d": {0, 2}}
	for name, w := range want {
		if r := results[name]; r.err != nil || !slices.Equal(r.dups, w) {
			t.Errorf("%s: dups %v err %v, want %v", name, r.dups, r.err, w)
		}
	}
	if g.busy || g.queued() != 0 {
		t.Fatalf("group left busy=%v with %d queued", g.busy, g.queued())
	}
}

// A backlog larger than one insert is written in steps of at most maxGroupInsert
// records, and every caller is answered; a store error reaches every caller of its insert.
func TestInsertGroupBoundsAndErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail error
	}{{"stored", nil}, {"store error", errors.New("disk full")}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				st := newKeyedInserts()
				st.fail = tc.fail
				g := &insertGroup{st: st}
				ctx := context.Background()
				var wg sync.WaitGroup
				errs := make(chan error, 4)
				wg.Go(func() { _, err := g.insert(ctx, records("first")); errs <- err })
				<-st.entered
				for i := range 3 {
					ids := make([]string, 400)
					for j := range ids {
						ids[j] = fmt.Sprint(i, "-", j)
					}
					wg.Go(func() { _, err := g.insert(ctx, records(ids...)); errs <- err })
					waitQueued(t, g, i+1)
				}
				close(st.release)
				wg.Wait()
				close(errs)
				for err := range errs {
					if !errors.Is(err, tc.fail) {
						t.Errorf("got error %v, want %v", err, tc.fail)
					}
				}
				if got := st.calls(); !slices.Equal(got, []int{1, 800, 400}) {
					t.Fatalf("insert sizes %v, want [1 800 400]", got)
				}
			})
		})
	}
}
