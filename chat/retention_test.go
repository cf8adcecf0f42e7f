package chat_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// bodies returns the bodies of the message frames among fs, in order.
func bodies(fs []chat.ServerFrame) []string {
	var out []string
	for _, f := range fs {
		if f.Type == "message" {
			out = append(out, *f.Body)
		}
	}
	return out
}

// Expired messages vanish from join replay (from the tail and from the store), history
// and edit targets at once; a retention change applies to the next read.
func TestRetention(t *testing.T) {
	clk := &clock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	var keep atomic.Int64
	st := newMemStore()
	h := newHarness(t, st, func(c *chat.Config) {
		c.Now = clk.Now
		c.TailSize = 2 // a replay from 0 reads the store, not only the tail
		c.Retention = func(room string) time.Duration {
			if room != "r" {
				return 0
			}
			return time.Duration(keep.Load())
		}
	})
	a := h.dial("a")
	a.join("r", nil)
	all := []*client{a}
	for _, b := range []string{"old1", "old2", "old3"} {
		a.post("r", b, b)
		a.next("ack")
	}
	clk.add(25 * time.Hour)
	for _, b := range []string{"new1", "new2"} {
		a.post("r", b, b)
		a.next("ack")
	}
	zero := int64(0)
	replayAll := func(user string) []string {
		t.Helper()
		c := h.dial(user)
		all = append(all, c)
		_, replay := c.join("r", &zero)
		c.send(map[string]any{"type": "history", "room": "r", "limit": 100})
		hist := c.next("history")
		if got, want := bodies(hist.Messages), bodies(replay); len(got) != len(want) {
			t.Errorf("%s: history %v, replay %v: want the same messages", user, got, want)
		}
		return bodies(replay)
	}
	if got := replayAll("b"); len(got) != 5 {
		t.Fatalf("no retention: replay %v, want all 5", got)
	}

	keep.Store(int64(24 * time.Hour))
	if got := replayAll("c"); len(got) != 2 || got[0] != "new1" || got[1] != "new2" {
		t.Fatalf("1 day: replay %v, want [new1 new2]", got)
	}
	// A resume from the tail drops what expired too.
	clk.add(23 * time.Hour)
	a.post("r", "new3", "new3")
	a.next("ack")
	clk.add(2 * time.Hour) // new1 and new2 are now 25 h old, new3 2 h
	d := h.dial("d")
	all = append(all, d)
	_, replay := d.join("r", &zero)
	if got := bodies(replay); len(got) != 1 || got[0] != "new3" {
		t.Fatalf("resume after more time: replay %v, want [new3]", got)
	}
	a.send(map[string]any{"type": "delete", "room": "r", "seq": 4})
	if f := a.next("error"); f.Code != chat.CodeNotFound {
		t.Fatalf("deleting an expired message: got %+v, want not_found", f)
	}

	// Off again: what the sweeper has not deleted yet is back, as stored.
	keep.Store(0)
	if got := replayAll("e"); len(got) != 6 {
		t.Fatalf("retention off: replay %v, want all 6", got)
	}

	// Everything expired and the room reloads: seqs go on after the expired ones.
	keep.Store(int64(time.Hour))
	clk.add(2 * time.Hour)
	for _, c := range all {
		_ = c.ws.Close()
	}
	waitFor(t, "the room to retire", func() bool { return chat.ActiveRooms(h.hub) == 0 })
	f := h.dial("f")
	if j, replay := f.join("r", &zero); len(replay) != 0 || *j.LastSeq != 6 {
		t.Fatalf("reloaded: got joined %+v with %d replayed, want last_seq 6 and nothing", j, len(replay))
	}
	f.post("r", "f1", "after")
	if ack := f.next("ack"); ack.Seq != 7 {
		t.Fatalf("first message after the reload: got seq %d, want 7", ack.Seq)
	}
}
