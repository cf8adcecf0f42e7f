package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store/storetest"
)

func msg(room string, seq int64, author, clientID string) chat.Message {
	return chat.Message{
		ID: fmt.Sprintf("%s-%d-%s-%s", room, seq, author, clientID), Room: room, Seq: seq,
		Author: author, ClientID: clientID, Body: "b", Sent: time.Now().Truncate(time.Millisecond),
	}
}

// 50 concurrent inserts of one (room, author, client_id), each with its own seq and id,
// store exactly one record.
func TestMessagesConcurrentClientIDStoresOne(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	var stored atomic.Int32
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			dups, err := db.InsertBatch(ctx, []chat.Message{msg("r", int64(i+1), "alice", "same")})
			if err != nil {
				t.Errorf("insert %d: %v", i, err)
			}
			if len(dups) == 0 {
				stored.Add(1)
			}
		})
	}
	wg.Wait()
	if n := stored.Load(); n != 1 {
		t.Fatalf("got %d stored, want 1", n)
	}
	recs, err := db.Range(ctx, "r", 0, 100)
	if err != nil || len(recs) != 1 {
		t.Fatalf("got %d records (err %v), want 1", len(recs), err)
	}
	orig, err := db.ByClientID(ctx, "r", "alice", "same")
	if err != nil || orig.ID != recs[0].ID || orig.Seq != recs[0].Seq {
		t.Fatalf("by client id: got %+v, %v; want the stored record %+v", orig, err, recs[0])
	}
}

// Concurrent writers that take the same seq: exactly one wins, the others are told
// which of their records were refused, and the rest of their batch is stored.
func TestMessagesConcurrentSeqConflict(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	var won atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			batch := []chat.Message{msg("r", 1, fmt.Sprint("u", i), "a"), msg("r", int64(100+i), fmt.Sprint("u", i), "b")}
			dups, err := db.InsertBatch(ctx, batch)
			switch {
			case err != nil:
				t.Errorf("insert %d: %v", i, err)
			case len(dups) == 0:
				won.Add(1)
			case len(dups) != 1 || dups[0] != 0:
				t.Errorf("writer %d: got dups %v, want [0]", i, dups)
			}
		})
	}
	wg.Wait()
	if n := won.Load(); n != 1 {
		t.Fatalf("got %d writers owning seq 1, want 1", n)
	}
	if max, err := db.MaxSeq(ctx, "r"); err != nil || max != 119 {
		t.Fatalf("max seq: got %d, %v; want 119", max, err)
	}
	if recs, _ := db.Range(ctx, "r", 0, 100); len(recs) != 21 {
		t.Fatalf("got %d records, want 21", len(recs))
	}
}

func TestMessagesHistoryEditDelete(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	var batch []chat.Message
	for seq := int64(1); seq <= 10; seq++ {
		batch = append(batch, msg("r", seq, "a", fmt.Sprint(seq)))
	}
	batch = append(batch, msg("other", 1, "a", "1"))
	if dups, err := db.InsertBatch(ctx, batch); err != nil || len(dups) != 0 {
		t.Fatalf("insert: %v %v", dups, err)
	}
	if max, _ := db.MaxSeq(ctx, "empty"); max != 0 {
		t.Errorf("max seq of an empty room: got %d, want 0", max)
	}
	got, err := db.Before(ctx, "r", 8, 3)
	if err != nil || len(got) != 3 || got[0].Seq != 5 || got[2].Seq != 7 {
		t.Fatalf("before 8: got %v (%v), want seqs 5..7", got, err)
	}
	got, _ = db.Range(ctx, "r", 8, 5)
	if len(got) != 2 || got[0].Seq != 9 {
		t.Fatalf("after 8: got %v, want seqs 9, 10", got)
	}

	at := time.Now().Truncate(time.Millisecond).UTC()
	if err := db.MarkEdited(ctx, "r", 3, "new", at); err != nil {
		t.Fatal(err)
	}
	edit := msg("r", 11, "a", "e")
	edit.Kind, edit.Target, edit.Body, edit.Edited = chat.KindEdit, 3, "new", at
	if _, err := db.InsertBatch(ctx, []chat.Message{edit}); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Range(ctx, "r", 2, 1)
	if got[0].Body != "new" || !got[0].Edited.Equal(at) {
		t.Fatalf("edited: got %+v", got[0])
	}
	if err := db.MarkDeleted(ctx, "r", 3); err != nil {
		t.Fatal(err)
	}
	for _, seq := range []int64{3, 11} {
		got, _ = db.Range(ctx, "r", seq-1, 1)
		if got[0].Body != "" || !got[0].Deleted {
			t.Errorf("seq %d after delete: got %+v, want its body wiped", seq, got[0])
		}
	}
	if err := db.MarkDeleted(ctx, "r", 99); !errors.Is(err, chat.ErrNotFound) {
		t.Errorf("delete of a missing message: got %v, want chat.ErrNotFound", err)
	}
}
