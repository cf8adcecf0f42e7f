package chat_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/chat"
)

// gatedStore holds its first InsertBatch until released and records batch sizes.
type gatedStore struct {
	*memStore
	entered chan struct{}
	release chan struct{}
	mu      sync.Mutex
	sizes   []int
}

func (s *gatedStore) InsertBatch(ctx context.Context, msgs []chat.Message) ([]int, error) {
	s.mu.Lock()
	s.sizes = append(s.sizes, len(msgs))
	first := len(s.sizes) == 1
	s.mu.Unlock()
	if first {
		close(s.entered)
		<-s.release
	}
	return s.memStore.InsertBatch(ctx, msgs)
}

// What arrives while a batch is being written goes into the next batch together.
func TestGroupCommit(t *testing.T) {
	st := &gatedStore{memStore: newMemStore(), entered: make(chan struct{}), release: make(chan struct{})}
	h := newHarness(t, st, nil)
	a := h.dial("a")
	a.join("r", nil)
	a.post("r", "0", "first")
	<-st.entered
	const more = 30
	for i := range more {
		a.post("r", fmt.Sprint(i+1), "queued")
	}
	// The reader handles frames in order: once this error comes back, all sends are queued.
	a.send(`{"type":"sync"}`)
	a.next("error")
	close(st.release)
	for range more + 1 {
		a.next("ack")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.sizes) != 2 || st.sizes[1] != more {
		t.Fatalf("got batches %v, want [1 %d]", st.sizes, more)
	}
}
