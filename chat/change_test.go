package chat_test

import (
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// clock is a test clock that only moves when told to.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestEditAndDelete(t *testing.T) {
	clk := &clock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.Now = clk.Now })
	watcher := h.dial("w")
	watcher.join("r", nil)
	a, b := h.dial("a"), h.dial("b")
	a.join("r", nil)
	b.join("r", nil)
	a.post("r", "1", "first")
	a.post("r", "2", "second")
	first, second := a.next("ack"), a.next("ack")

	a.send(map[string]any{"type": "edit", "room": "r", "seq": first.Seq, "body": "first, edited", "ref": "e1"})
	if f := a.next("ack"); f.Ref != "e1" || f.Seq <= second.Seq {
		t.Fatalf("edit ack: got %+v, want ref e1 and a seq of its own", f)
	}
	watcher.next("message")
	watcher.next("message")
	if f := watcher.next("edit"); f.Target != first.Seq || *f.Body != "first, edited" {
		t.Fatalf("got %+v, want an edit of %d", f, first.Seq)
	}

	tests := []struct {
		name  string
		by    *client
		frame map[string]any
		code  string
	}{
		{"someone else's message", b, map[string]any{"type": "delete", "room": "r", "seq": first.Seq}, chat.CodeNotEditable},
		{"missing message", a, map[string]any{"type": "delete", "room": "r", "seq": 999}, chat.CodeNotFound},
		{"a tombstone", a, map[string]any{"type": "delete", "room": "r", "seq": first.Seq + 2}, chat.CodeNotFound},
	}
	for _, tt := range tests {
		tt.by.send(tt.frame)
		if f := tt.by.next("error"); f.Code != tt.code {
			t.Errorf("%s: got %+v, want %s", tt.name, f, tt.code)
		}
	}

	clk.add(16 * time.Minute)
	a.send(map[string]any{"type": "edit", "room": "r", "seq": second.Seq, "body": "late"})
	if f := a.next("error"); f.Code != chat.CodeNotEditable {
		t.Fatalf("edit after the window: got %+v, want not_editable", f)
	}
	a.send(map[string]any{"type": "delete", "room": "r", "seq": first.Seq, "client_id": "d1"})
	a.send(map[string]any{"type": "delete", "room": "r", "seq": first.Seq, "client_id": "d1"})
	if d1, d2 := a.next("ack"), a.next("ack"); d1.Seq != d2.Seq {
		t.Fatalf("retried delete: got acks %+v and %+v, want one tombstone", d1, d2)
	}
	if f := watcher.next("delete"); f.Target != first.Seq {
		t.Fatalf("got %+v, want a delete of %d", f, first.Seq)
	}
	a.send(map[string]any{"type": "edit", "room": "r", "seq": first.Seq, "body": "again"})
	if f := a.next("error"); f.Code != chat.CodeNotEditable {
		t.Fatalf("edit after delete: got %+v, want not_editable", f)
	}

	// A fresh join with history shows the deleted message as a tombstone, edits wiped.
	c := h.dial("c")
	zero := int64(0)
	_, replay := c.join("r", &zero)
	if len(replay) != 4 || !replay[0].Deleted || *replay[0].Body != "" || *replay[2].Body != "" {
		t.Fatalf("replay: got %+v, want 4 records with the deleted message and its edit wiped", replay)
	}
}

func TestDeadPeerClosed(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) {
		c.PingInterval, c.PongWait = 50*time.Millisecond, 300*time.Millisecond
	})
	h.dial("silent") // never reads, so never answers a ping
	waitFor(t, "the silent peer to be closed", func() bool { return h.hub.Conns() == 0 })
}

func TestServeAfterClose(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	if err := h.hub.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if code := h.dial("late").closeCode(); code != 1012 {
		t.Fatalf("got close %d, want 1012", code)
	}
}
