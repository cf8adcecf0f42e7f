package chat_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/chat"
)

// lossyBroker is an in-process broker that loses the record events drop picks, as core
// NATS may, and can tell rooms they missed something, as a reconnect does.
type lossyBroker struct {
	*chat.LocalBroker
	mu   sync.Mutex
	drop func(chat.Event) bool
}

func (b *lossyBroker) Publish(ctx context.Context, ev chat.Event) error {
	b.mu.Lock()
	drop := b.drop != nil && len(ev.Records) > 0 && b.drop(ev)
	b.mu.Unlock()
	if drop {
		return nil
	}
	return b.LocalBroker.Publish(ctx, ev)
}

func (b *lossyBroker) setDrop(drop func(chat.Event) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.drop = drop
}

func hasSeq(seqs ...int64) func(chat.Event) bool {
	return func(ev chat.Event) bool {
		return slices.ContainsFunc(ev.Records, func(m chat.Message) bool { return slices.Contains(seqs, m.Seq) })
	}
}

// sendAcked posts one message and waits for its ack.
func sendAcked(c *client, room, clientID string) chat.ServerFrame {
	c.t.Helper()
	c.post(room, clientID, "hello")
	return c.next("ack")
}

// messages reads n message frames and returns their seqs.
func messages(c *client, n int) []int64 {
	c.t.Helper()
	var seqs []int64
	for len(seqs) < n {
		seqs = append(seqs, c.next("message").Seq)
	}
	return seqs
}

func TestGapFilledFromStore(t *testing.T) {
	cases := []struct {
		name  string
		drop  []int64 // events lost on the way
		crash []int64 // seqs then removed from the store, as holes a crash leaves
		want  []int64
	}{
		{name: "lost event", drop: []int64{2}, want: []int64{1, 2, 3}},
		{name: "two lost events", drop: []int64{2, 3}, want: []int64{1, 2, 3, 4}},
		{name: "hole", drop: []int64{2}, crash: []int64{2}, want: []int64{1, 3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := newMemStore()
			b := &lossyBroker{LocalBroker: chat.NewLocalBroker()}
			h := newHarness(t, st, func(c *chat.Config) { c.Broker = b })
			sub, sender := h.dial("sub"), h.dial("sender")
			sub.join("r", nil)
			sender.join("r", nil)
			b.setDrop(hasSeq(tc.drop...))
			for i := range len(tc.want) + len(tc.crash) {
				if ack := sendAcked(sender, "r", "c"+string(rune('a'+i))); slices.Contains(tc.crash, ack.Seq) {
					st.remove("r", ack.Seq)
				}
			}
			if got := messages(sub, len(tc.want)); !slices.Equal(got, tc.want) {
				t.Errorf("got seqs %v, want %v", got, tc.want)
			}
		})
	}
}

// A record whose event was lost and that no later record reveals arrives once the
// broker says events may have been missed.
func TestMissedEventResyncs(t *testing.T) {
	b := &lossyBroker{LocalBroker: chat.NewLocalBroker()}
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.Broker = b })
	sub, sender := h.dial("sub"), h.dial("sender")
	sub.join("r", nil)
	sender.join("r", nil)
	sendAcked(sender, "r", "c1")
	b.setDrop(hasSeq(2))
	sendAcked(sender, "r", "c2")
	if err := b.Publish(context.Background(), chat.Event{Room: "r", Missed: true}); err != nil {
		t.Fatal(err)
	}
	if got, want := messages(sub, 2), []int64{1, 2}; !slices.Equal(got, want) {
		t.Errorf("got seqs %v, want %v", got, want)
	}
}

// A resend of a record the tail no longer holds is refused as a duplicate by the store
// and leaves its seq empty; the next record must not wait for it.
func TestDuplicateLeavesNoWait(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.GapWait, c.TailSize = 1<<62, 1 })
	sub, sender := h.dial("sub"), h.dial("sender")
	sub.join("r", nil)
	sender.join("r", nil)
	sendAcked(sender, "r", "c1")
	sendAcked(sender, "r", "c2")
	sendAcked(sender, "r", "c1")
	sendAcked(sender, "r", "c3")
	if got, want := messages(sub, 3), []int64{1, 2, 4}; !slices.Equal(got, want) {
		t.Errorf("got seqs %v, want %v", got, want)
	}
}

// remove deletes a stored record, as if its write had never completed.
func (s *memStore) remove(room string, seq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rooms[room] = slices.DeleteFunc(s.rooms[room], func(m chat.Message) bool { return m.Seq == seq })
}
