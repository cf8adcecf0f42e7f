package chat_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// memMarkers is a hand-written chat.MarkerStore that counts its writes.
type memMarkers struct {
	mu     sync.Mutex
	marks  map[[2]string]int64
	writes int
}

func (m *memMarkers) ReadMarkers(_ context.Context, room string) (map[string]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int64{}
	for k, seq := range m.marks {
		if k[0] == room {
			out[k[1]] = seq
		}
	}
	return out, nil
}

func (m *memMarkers) SaveReadMarkers(_ context.Context, marks []chat.ReadMarker) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes++
	for _, r := range marks {
		k := [2]string{r.Room, r.User}
		m.marks[k] = max(m.marks[k], r.Seq)
	}
	return nil
}

func (m *memMarkers) get(room, user string) (seq int64, writes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.marks[[2]string{room, user}], m.writes
}

// Read markers are coalesced (one write for a burst, made when the reader leaves), only
// move forward, and come back on join with the unread count, after the room was retired.
func TestReadMarkersAndUnread(t *testing.T) {
	mk := &memMarkers{marks: map[[2]string]int64{}}
	h := newHarness(t, newMemStore(), func(c *chat.Config) {
		c.Markers = mk
		c.MarkerEvery = time.Hour // only leaving (and Close) writes in this test
	})
	a := h.dial("a")
	a.join("r", nil)
	for _, id := range []string{"1", "2", "3", "4"} {
		a.post("r", id, "m"+id)
		a.next("ack")
	}
	b := h.dial("b")
	if j, _ := b.join("r", nil); *j.ReadSeq != 0 || *j.Unread != 4 || j.AtLeast {
		t.Fatalf("first join: got read_seq %d unread %d, want 0 and 4", *j.ReadSeq, *j.Unread)
	}
	for _, seq := range []int64{1, 2, 1, 99} { // backwards is ignored; past the end is clamped
		b.send(map[string]any{"type": "read", "room": "r", "seq": seq})
	}
	b.send(map[string]any{"type": "leave", "room": "r"})
	b.next("left")
	a.send(map[string]any{"type": "leave", "room": "r"})
	a.next("left")
	waitFor(t, "the marker to be written", func() bool { seq, _ := mk.get("r", "b"); return seq == 4 })
	if _, writes := mk.get("r", "b"); writes > 2 {
		t.Errorf("got %d marker writes for one reader's burst, want at most 2 (one per leave)", writes)
	}

	// The room has retired; a new message, then b comes back.
	a.join("r", nil)
	a.post("r", "5", "m5")
	a.next("ack")
	if j, _ := b.join("r", nil); *j.ReadSeq != 4 || *j.Unread != 1 {
		t.Fatalf("rejoin: got read_seq %d unread %d, want 4 and 1", *j.ReadSeq, *j.Unread)
	}
	// a's own messages are never unread to a.
	if j, _ := h.dial("a").join("r", nil); *j.Unread != 0 {
		t.Fatalf("author: got unread %d, want 0", *j.Unread)
	}
	b.send(map[string]any{"type": "read", "room": "r", "seq": 5})
	b.next("read")
	// Close writes what is pending, and a second Close is harmless.
	for range 2 {
		if err := h.hub.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if seq, _ := mk.get("r", "b"); seq != 5 {
		t.Fatalf("after Close: stored marker %d, want 5", seq)
	}
}

// A marker moved on one instance shows in joined on another that has the room active,
// before any store write.
func TestReadMarkerAcrossInstances(t *testing.T) {
	st, mk, broker := newMemStore(), &memMarkers{marks: map[[2]string]int64{}}, chat.NewLocalBroker()
	shared := func(c *chat.Config) {
		c.Broker, c.Markers, c.MarkerEvery = broker, mk, time.Hour
	}
	one, two := newHarness(t, st, shared), newHarness(t, st, shared)
	watcher := two.dial("w")
	watcher.join("r", nil)
	b := one.dial("b")
	b.join("r", nil)
	for _, id := range []string{"1", "2", "3"} {
		b.post("r", id, "m"+id)
		b.next("ack")
	}
	b.send(map[string]any{"type": "read", "room": "r", "seq": 2})
	if f := watcher.next("read"); f.User != "b" || f.Seq != 2 {
		t.Fatalf("got %+v, want b's marker 2", f)
	}
	if j, _ := two.dial("b").join("r", nil); *j.ReadSeq != 2 {
		t.Fatalf("joined on the other instance: got read_seq %d, want 2", *j.ReadSeq)
	}
	if _, writes := mk.get("r", "b"); writes != 0 {
		t.Fatalf("got %d store writes, want none yet", writes)
	}
}
