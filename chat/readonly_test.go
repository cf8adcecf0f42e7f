package chat_test

import (
	"context"
	"testing"

	"github.com/cascade-platform/cascade/chat"
)

// A read-only room (an exchange that stopped running) can be joined and read; a write
// is refused with read_only, not forbidden, and the socket stays open.
func TestReadOnlyRoom(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	c := h.dial("a")
	c.join("archive", nil)
	c.post("archive", "k1", "x")
	if f := c.next("error"); f.Code != chat.CodeReadOnly || f.Ref != "k1" {
		t.Fatalf("got %+v, want read_only for k1", f)
	}
	c.join("r", nil) // the socket goes on
}

// MemberChanged reaches the sockets that joined the room, and only them.
func TestMemberChanged(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	in, out := h.dial("a"), h.dial("b")
	in.join("r", nil)
	out.join("other", nil)
	h.hub.MemberChanged(context.Background(), "r", "c")
	if f := in.next("member_changed"); f.Room != "r" || f.User != "c" {
		t.Fatalf("got %+v, want member_changed for c in r", f)
	}
	h.hub.MemberChanged(context.Background(), "other", "d")
	if f := out.next("member_changed"); f.User != "d" {
		t.Fatalf("got %+v, want the change in other (and none from r before it)", f)
	}
}
