package chat_test

import (
	"slices"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

func TestPresenceTypingRead(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.PresenceEvery = 20 * time.Millisecond })
	b := h.dial("b")
	b.join("r", nil)
	a := h.dial("a")
	if j, _ := a.join("r", nil); !slices.Equal(j.Present, []string{"a", "b"}) {
		t.Fatalf("joined: got present %v, want [a b]", j.Present)
	}
	for online := []string{}; !slices.Contains(online, "a"); {
		online = append(online, b.next("presence").Online...)
	}
	a.send(map[string]any{"type": "typing", "room": "r"})
	a.send(map[string]any{"type": "typing", "room": "r"}) // throttled
	a.send(map[string]any{"type": "read", "room": "r", "seq": 4})
	a.send(map[string]any{"type": "read", "room": "r", "seq": 3}) // not forward: dropped
	a.send(map[string]any{"type": "leave", "room": "r"})
	a.next("left")
	if f := b.next("typing", "read", "presence"); f.Type != "typing" || f.User != "a" {
		t.Fatalf("got %+v, want typing from a", f)
	}
	if f := b.next("typing", "read", "presence"); f.Type != "read" || f.User != "a" || f.Seq != 4 {
		t.Fatalf("got %+v, want a's read marker 4", f)
	}
	if f := b.next("typing", "read", "presence"); f.Type != "presence" || !slices.Equal(f.Offline, []string{"a"}) || len(f.Online) != 0 {
		t.Fatalf("got %+v, want a offline", f)
	}
}
