package chat_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// A room's first record after a quiet spell goes to its members at once; one that
// follows within FanoutEvery waits for the window's end (ephemeral frames overtake it),
// yet is in the tail at once for anyone joining or resuming.
func TestFanoutPacesBusyRoom(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.FanoutEvery = time.Hour })
	w := h.dial("w")
	w.join("r", nil)
	a := h.dial("a")
	a.join("r", nil)

	a.post("r", "1", "one")
	a.next("ack")
	first := w.next("message")
	if *first.Body != "one" {
		t.Fatalf("got %q, want the first message at once", *first.Body)
	}
	a.post("r", "2", "two")
	a.next("ack")
	a.send(map[string]any{"type": "typing", "room": "r"})
	if f := w.next("typing", "message"); f.Type != "typing" {
		t.Fatalf("got %s %q before typing: a record within the window was not held", f.Type, *f.Body)
	}
	w2 := h.dial("w")
	if _, replay := w2.join("r", &first.Seq); len(replay) != 1 || *replay[0].Body != "two" {
		t.Fatalf("resume after seq %d replayed %+v, want the held record", first.Seq, replay)
	}
}

// Records held by the pacing all arrive, once each and in order, at members dealt
// into every slot of the sweep.
func TestFanoutPacedRecordsArriveInOrder(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.FanoutEvery = 16 * time.Millisecond })
	var watchers []*client
	for i := range 17 { // more members than slots: each slot holds two or three
		w := h.dial(fmt.Sprint("w", i))
		w.join("r", nil)
		watchers = append(watchers, w)
	}
	a := h.dial("a")
	a.join("r", nil)
	const n = 40
	for i := range n {
		a.post("r", fmt.Sprint(i), fmt.Sprint(i))
	}
	for wi, w := range watchers {
		var last int64
		for i := range n {
			f := w.next("message")
			if *f.Body != fmt.Sprint(i) || f.Seq <= last {
				t.Fatalf("watcher %d, message %d: got body %q seq %d after seq %d", wi, i, *f.Body, f.Seq, last)
			}
			last = f.Seq
		}
	}
}
