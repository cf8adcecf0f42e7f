package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestDeleteBefore(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var batch []chat.Message
	for seq := int64(1); seq <= 4; seq++ {
		m := msg("r", seq, "a", "r"+string(rune('0'+seq)))
		m.Sent = t0.Add(time.Duration(seq) * time.Hour)
		batch = append(batch, m)
	}
	other := msg("other", 1, "a", "o")
	other.Sent = t0
	if dups, err := db.InsertBatch(ctx, append(batch, other)); err != nil || len(dups) != 0 {
		t.Fatalf("insert: %v %v", dups, err)
	}
	n, err := db.DeleteBefore(ctx, "r", t0.Add(3*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("got %d deleted (%v), want 2", n, err)
	}
	if got, _ := db.Range(ctx, "r", 0, 10); len(got) != 2 || got[0].Seq != 3 {
		t.Errorf("room r after the sweep: got %v, want seqs 3 and 4", got)
	}
	if got, _ := db.Range(ctx, "other", 0, 10); len(got) != 1 {
		t.Errorf("another room lost records: got %v", got)
	}
	// When everything has expired, the newest record stays, wiped, to hold the room's seq.
	if n, err := db.DeleteBefore(ctx, "r", t0.Add(9*time.Hour)); err != nil || n != 1 {
		t.Fatalf("got %d deleted (%v), want 1", n, err)
	}
	got, _ := db.Range(ctx, "r", 0, 10)
	if len(got) != 1 || got[0].Seq != 4 || got[0].Body != "" || !got[0].Deleted {
		t.Errorf("room r after everything expired: got %+v, want seq 4 wiped", got)
	}
	if n, err := db.DeleteBefore(ctx, "r", t0.Add(10*time.Hour)); err != nil || n != 0 {
		t.Errorf("sweeping again: got %d deleted (%v), want 0", n, err)
	}
	if n, err := db.DeleteBefore(ctx, "empty", t0); err != nil || n != 0 {
		t.Errorf("empty room: got %d, %v", n, err)
	}
	// Nothing expired: the room stays as it is. Its only record expired: it is wiped.
	if n, err := db.DeleteBefore(ctx, "other", t0); err != nil || n != 0 {
		t.Fatalf("nothing expired: got %d, %v", n, err)
	}
	if got, _ := db.Range(ctx, "other", 0, 10); len(got) != 1 || got[0].Body == "" {
		t.Errorf("room other before its record expired: got %+v", got)
	}
	if n, err := db.DeleteBefore(ctx, "other", t0.Add(time.Minute)); err != nil || n != 0 {
		t.Fatalf("only record expired: got %d, %v", n, err)
	}
	if got, _ := db.Range(ctx, "other", 0, 10); len(got) != 1 || got[0].Body != "" || !got[0].Deleted {
		t.Errorf("room other after its only record expired: got %+v, want it wiped", got)
	}
}
