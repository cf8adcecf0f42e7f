package chat_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/chat"
)

func mem(*testing.T) chat.Store { return newMemStore() }

func TestOrderTenSenders(t *testing.T)     { testOrderTenSenders(t, mem) }
func TestIdempotentSend(t *testing.T)      { testIdempotentSend(t, mem) }
func TestResumeAfterGap(t *testing.T)      { testResumeAfterGap(t, mem) }
func TestSeqTakenElsewhere(t *testing.T)   { testSeqTakenElsewhere(t, mem) }
func TestResendsLeaveNoHoles(t *testing.T) { testResendsLeaveNoHoles(t, mem) }

// testOrderTenSenders: 10 users send concurrently; every subscriber sees the same
// messages in the same order, seqs strictly increasing.
func testOrderTenSenders(t *testing.T, newStore func(*testing.T) chat.Store) {
	h := newHarness(t, newStore(t), nil)
	const senders, each = 10, 20
	var subs []*client
	for i := range 3 {
		c := h.dial(fmt.Sprintf("sub%d", i))
		c.join("r", nil)
		subs = append(subs, c)
	}
	var wg sync.WaitGroup
	for i := range senders {
		c := h.dial(fmt.Sprintf("u%d", i))
		c.join("r", nil)
		wg.Go(func() {
			for k := range each {
				c.post("r", fmt.Sprintf("c%d", k), fmt.Sprintf("%s-%d", c.user, k))
			}
			acks := 0
			for acks < each {
				if f, err := c.read(); err != nil {
					t.Errorf("%s: %v", c.user, err)
					return
				} else if f.Type == "ack" {
					acks++
				} else if f.Type == "error" {
					t.Errorf("%s: error frame %+v", c.user, f)
				}
			}
		})
	}
	var got [][]string
	for _, c := range subs {
		var seen []string
		last := int64(0)
		for len(seen) < senders*each {
			f := c.next("message")
			if f.Seq <= last {
				t.Fatalf("%s: seq %d after %d", c.user, f.Seq, last)
			}
			last = f.Seq
			seen = append(seen, fmt.Sprintf("%d:%s", f.Seq, *f.Body))
		}
		got = append(got, seen)
	}
	wg.Wait()
	for i := 1; i < len(got); i++ {
		if !slices.Equal(got[0], got[i]) {
			t.Fatalf("subscriber %d saw another order than subscriber 0", i)
		}
	}
}

// testIdempotentSend: one client_id sent twice in a row, then concurrently from two
// connections, then again after a reconnect, stores one message each time; every ack
// carries the original id and seq.
func testIdempotentSend(t *testing.T, newStore func(*testing.T) chat.Store) {
	h := newHarness(t, newStore(t), nil)
	watcher := h.dial("w")
	watcher.join("r", nil)
	a := h.dial("alice")
	a.join("r", nil)
	a.post("r", "same", "hello")
	a.post("r", "same", "hello")
	first, second := a.next("ack"), a.next("ack")
	if first.ID != second.ID || first.Seq != second.Seq {
		t.Fatalf("sequential: got acks %+v and %+v, want the same id and seq", first, second)
	}

	b := h.dial("alice")
	b.join("r", nil)
	var wg sync.WaitGroup
	acks := make([]chat.ServerFrame, 2)
	for i, c := range []*client{a, b} {
		c.post("r", "twice", "again")
		wg.Go(func() { acks[i] = c.next("ack") })
	}
	wg.Wait()
	if acks[0].ID != acks[1].ID || acks[0].Seq != acks[1].Seq {
		t.Fatalf("concurrent: got acks %+v and %+v, want the same id and seq", acks[0], acks[1])
	}

	_ = a.ws.Close()
	a2 := h.dial("alice")
	a2.join("r", nil)
	a2.post("r", "same", "hello")
	if f := a2.next("ack"); f.ID != first.ID || f.Seq != first.Seq {
		t.Fatalf("after reconnect: got ack %+v, want id %s seq %d", f, first.ID, first.Seq)
	}

	// The watcher saw exactly two messages: nothing was stored twice.
	watcher.post("r", "end", "end")
	var bodies []string
	for len(bodies) == 0 || bodies[len(bodies)-1] != "end" {
		if f := watcher.next("message", "ack"); f.Type == "message" {
			bodies = append(bodies, *f.Body)
		}
	}
	if want := []string{"hello", "again", "end"}; !slices.Equal(bodies, want) {
		t.Fatalf("watcher saw %q, want %q", bodies, want)
	}
}

// testResumeAfterGap: a client that missed 500 messages and two deletes (one of a
// message it had seen, one in the gap) gets exactly those records back, in order,
// whether they come from the tail or the store.
func testResumeAfterGap(t *testing.T, newStore func(*testing.T) chat.Store) {
	for _, tail := range []int{1000, 50} {
		t.Run(fmt.Sprintf("tail %d", tail), func(t *testing.T) {
			h := newHarness(t, newStore(t), func(c *chat.Config) { c.TailSize, c.RatePerMin = tail, 1e6 })
			sender := h.dial("s")
			sender.join("r", nil)
			reader := h.dial("reader")
			reader.join("r", nil)
			sender.post("r", "seen", "seen before the gap")
			seen := sender.next("ack")
			last := reader.next("message").Seq
			_ = reader.ws.Close()

			const gap = 500
			var inGap chat.ServerFrame
			for i := range gap {
				sender.post("r", fmt.Sprint(i), fmt.Sprint("m", i))
				// Read as we go: a sender that never reads is itself a slow consumer.
				if i%50 == 49 {
					for k := i - 49; k <= i; k++ {
						if f := sender.next("ack"); k == 10 {
							inGap = f
						}
					}
				}
			}
			sender.send(map[string]any{"type": "delete", "room": "r", "seq": seen.Seq})
			sender.send(map[string]any{"type": "delete", "room": "r", "seq": inGap.Seq})
			sender.next("ack")
			sender.next("ack")

			back := h.dial("reader")
			j, replay := back.join("r", &last)
			if j.Reload || len(replay) != gap+2 {
				t.Fatalf("got joined %+v with %d records, want %d records", j, len(replay), gap+2)
			}
			for i, f := range replay {
				if i > 0 && f.Seq <= replay[i-1].Seq {
					t.Fatalf("record %d: seq %d after %d", i, f.Seq, replay[i-1].Seq)
				}
				switch {
				case i < gap && f.Seq == inGap.Seq:
					if !f.Deleted || *f.Body != "" {
						t.Errorf("deleted message in the gap: got %+v, want a tombstone", f)
					}
				case i < gap && (f.Type != "message" || *f.Body != fmt.Sprint("m", i)):
					t.Fatalf("record %d: got %+v, want message m%d", i, f, i)
				case i == gap && (f.Type != "delete" || f.Target != seen.Seq):
					t.Fatalf("record %d: got %+v, want delete of %d", i, f, seen.Seq)
				}
			}
			if *j.LastSeq != replay[len(replay)-1].Seq {
				t.Errorf("joined last_seq %d, want %d", *j.LastSeq, replay[len(replay)-1].Seq)
			}
			// Live delivery continues after the replay without a duplicate.
			sender.post("r", "after", "after")
			if f := back.next("message"); *f.Body != "after" {
				t.Fatalf("after resume: got %+v, want the next live message", f)
			}
		})
	}
}

// testSeqTakenElsewhere: another instance took the seq this process would assign next;
// the writer re-reads the highest seq and stores the message after it.
func testSeqTakenElsewhere(t *testing.T, newStore func(*testing.T) chat.Store) {
	st := newStore(t)
	h := newHarness(t, st, nil)
	a := h.dial("a")
	a.join("r", nil)
	a.post("r", "1", "one")
	one := a.next("ack")
	other := []chat.Message{{ID: "x1", Room: "r", Seq: one.Seq + 1, Author: "b", ClientID: "elsewhere", Body: "x"}}
	if dups, err := st.InsertBatch(context.Background(), other); err != nil || len(dups) != 0 {
		t.Fatalf("insert from another instance: dups %v, err %v", dups, err)
	}
	a.post("r", "2", "two")
	if f := a.next("ack"); f.Seq != one.Seq+2 {
		t.Fatalf("got seq %d, want %d", f.Seq, one.Seq+2)
	}
}

// A gap larger than MaxReplay is not replayed: the client is told to reload.
func TestResumeTooFarBackReloads(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.TailSize, c.MaxReplay = 3, 5 })
	a := h.dial("a")
	a.join("r", nil)
	for i := range 10 {
		a.post("r", fmt.Sprint(i), "x")
		a.next("ack")
	}
	zero := int64(0)
	j, replay := h.dial("b").join("r", &zero)
	if !j.Reload || len(replay) != 0 || *j.LastSeq != 10 {
		t.Fatalf("got joined %+v with %d records, want reload at last_seq 10", j, len(replay))
	}
	five := int64(5) // within MaxReplay, beyond the tail: read from the store
	j, replay = h.dial("c").join("r", &five)
	if j.Reload || len(replay) != 5 || replay[0].Seq != 6 {
		t.Fatalf("got joined %+v with %d records, want seqs 6..10", j, len(replay))
	}
}

// testResendsLeaveNoHoles: resends of a stored client_id, two in a row and then 200 sent
// as fast as the socket takes them (many in one batch), are acked with the original seq
// and take none: the next message's seq follows at once, and a watcher sees seqs 1, 2, 3,
// 4 with nothing missing.
func testResendsLeaveNoHoles(t *testing.T, newStore func(*testing.T) chat.Store) {
	h := newHarness(t, newStore(t), func(c *chat.Config) { c.RatePerMin = 1e6 })
	watcher := h.dial("w")
	watcher.join("r", nil)
	a := h.dial("alice")
	a.join("r", nil)

	a.post("r", "one", "one")
	one := a.next("ack")
	for range 2 {
		a.post("r", "one", "one")
		if ack := a.next("ack"); ack.Seq != one.Seq || ack.ID != one.ID {
			t.Fatalf("resend: got ack %+v, want seq %d id %s", ack, one.Seq, one.ID)
		}
	}
	a.post("r", "two", "two")
	if ack := a.next("ack"); ack.Seq != one.Seq+1 {
		t.Fatalf("after 2 resends: next message got seq %d, want %d", ack.Seq, one.Seq+1)
	}

	for range 201 {
		a.post("r", "three", "three")
	}
	a.post("r", "four", "four")
	var three, four chat.ServerFrame
	for range 202 {
		ack := a.next("ack")
		switch {
		case ack.ClientID == "four":
			four = ack
		case three.Seq == 0:
			three = ack
		case ack.Seq != three.Seq:
			t.Fatalf("fast resends: got acks with seqs %d and %d, want one", three.Seq, ack.Seq)
		}
	}
	if three.Seq != one.Seq+2 || four.Seq != one.Seq+3 {
		t.Fatalf("after 200 fast resends: seqs %d and %d, want %d and %d", three.Seq, four.Seq, one.Seq+2, one.Seq+3)
	}

	var seqs []int64
	for len(seqs) < 4 {
		seqs = append(seqs, watcher.next("message").Seq)
	}
	if want := []int64{1, 2, 3, 4}; !slices.Equal(seqs, want) {
		t.Fatalf("watcher saw seqs %v, want %v", seqs, want)
	}
}
