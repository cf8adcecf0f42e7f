package chat_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/chat"
)

// gate refuses what it is told to, per user and frame type.
type gate struct {
	mu    sync.Mutex
	codes map[[2]string]string // (user, frame type) → code
}

func (g *gate) set(user, frame, code string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.codes[[2]string{user, frame}] = code
}

func (g *gate) Refuse(userID, _, frame string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.codes[[2]string{userID, frame}]
}

// TestGateRefusesWithItsCode: a frame the gate refuses is answered with the gate's
// code and the frame's ref, and nothing is stored; the same frame goes through once the
// gate lets it.
func TestGateRefusesWithItsCode(t *testing.T) {
	st := newMemStore()
	g := &gate{codes: map[[2]string]string{}}
	h := newHarness(t, st, func(c *chat.Config) { c.Gate = g })
	g.set("ana", "join", chat.CodeBanned)
	g.set("ana", "send", chat.CodeMuted)
	ana := h.dial("ana")
	ana.send(map[string]any{"type": "join", "room": "r", "ref": "j1"})
	if e := ana.next("error"); e.Code != chat.CodeBanned || e.Ref != "j1" {
		t.Fatalf("join: got %+v, want error banned for j1", e)
	}
	g.set("ana", "join", "")
	ana.join("r", nil)
	ana.post("r", "c1", "hello")
	if e := ana.next("error"); e.Code != chat.CodeMuted || e.Ref != "c1" {
		t.Fatalf("send: got %+v, want error muted for c1", e)
	}
	if n, _ := st.MaxSeq(context.Background(), "r"); n != 0 {
		t.Fatalf("a refused send was stored (max seq %d)", n)
	}
	g.set("ana", "send", "")
	ana.post("r", "c1", "hello")
	if a := ana.next("ack"); a.ClientID != "c1" || a.Seq != 1 {
		t.Fatalf("the send again: got %+v, want it acked at seq 1", a)
	}
}

// TestRemove: a moderator's deletion wipes the body and reaches the room as a delete
// tombstone; deleting again, or a record that is not a message, is refused.
func TestRemove(t *testing.T) {
	st := newMemStore()
	h := newHarness(t, st, nil)
	ana, bea := h.dial("ana"), h.dial("bea")
	ana.join("r", nil)
	bea.join("r", nil)
	ana.post("r", "c1", "to be removed")
	seq := ana.next("ack").Seq
	ctx := context.Background()
	author, err := h.hub.Remove(ctx, "r", seq)
	if err != nil || author != "ana" {
		t.Fatalf("remove: got %q, %v; want the author ana", author, err)
	}
	d := bea.next("delete")
	if d.Target != seq || d.Author != "ana" {
		t.Fatalf("tombstone: got %+v, want the delete of %d", d, seq)
	}
	recs, _ := st.Range(ctx, "r", seq-1, 1)
	if len(recs) != 1 || !recs[0].Deleted || recs[0].Body != "" {
		t.Fatalf("stored message: %+v, want it deleted with its body wiped", recs)
	}
	if _, err := h.hub.Remove(ctx, "r", seq); !errors.Is(err, chat.ErrNotEditable) {
		t.Errorf("removing again: got %v, want ErrNotEditable", err)
	}
	if _, err := h.hub.Remove(ctx, "r", d.Seq); !errors.Is(err, chat.ErrNotFound) {
		t.Errorf("removing a tombstone: got %v, want ErrNotFound", err)
	}
	if _, err := h.hub.Remove(ctx, "r", 99); !errors.Is(err, chat.ErrNotFound) {
		t.Errorf("removing nothing: got %v, want ErrNotFound", err)
	}
}
