package chat_test

import "testing"

func TestPresenceTypingRead(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	b := h.dial("b")
	b.join("r", nil)
	a := h.dial("a")
	a.join("r", nil)
	if f := b.next("presence"); f.User != "b" {
		t.Fatalf("got %+v, want b's own presence first", f)
	}
	if f := b.next("presence"); f.User != "a" || !*f.Online {
		t.Fatalf("got %+v, want a online", f)
	}
	a.send(map[string]any{"type": "typing", "room": "r"})
	a.send(map[string]any{"type": "typing", "room": "r"}) // throttled
	a.send(map[string]any{"type": "read", "room": "r", "seq": 4})
	a.send(map[string]any{"type": "read", "room": "r", "seq": 3}) // not forward: dropped
	a.send(map[string]any{"type": "leave", "room": "r"})
	a.next("left")
	want := []string{"typing", "read", "presence"}
	for _, typ := range want {
		f := b.next("typing", "read", "presence")
		if f.Type != typ || f.User != "a" {
			t.Fatalf("got %+v, want %s from a", f, typ)
		}
		if typ == "read" && f.Seq != 4 {
			t.Fatalf("got read marker %d, want 4", f.Seq)
		}
		if typ == "presence" && *f.Online {
			t.Fatalf("got %+v, want a offline", f)
		}
	}
}
