package store_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store/storetest"
)

// A stored message reaches the database file itself (not only SQLite's write-ahead log)
// within moments, although the log is far below the 1,000 pages at which SQLite would
// checkpoint inside a commit: the background checkpoints copy it.
func TestWALCheckpointedInBackground(t *testing.T) {
	if storetest.External() {
		t.Skip("the embedded store only")
	}
	db := storetest.NewDB(t)
	path := sqliteFile(t, db.Name())
	m := msg("room", 1, "author", "c1")
	m.Body = "marker-" + storetest.DBName()
	if dups, err := db.InsertBatch(context.Background(), []chat.Message{m}); err != nil || len(dups) > 0 {
		t.Fatalf("insert: %v %v", dups, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(m.Body)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the message is still only in the write-ahead log after 10 s")
		}
		<-tick.C
	}
}
