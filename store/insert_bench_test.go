package store_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

// BenchmarkInsertBatch measures one InsertMany of n messages spread over rooms rooms:
// the cost a group commit pays per batch, and how it grows with the batch.
func BenchmarkInsertBatch(b *testing.B) {
	for _, bc := range []struct{ n, rooms int }{{1, 1}, {10, 10}, {100, 100}, {500, 100}} {
		b.Run(fmt.Sprintf("msgs=%d/rooms=%d", bc.n, bc.rooms), func(b *testing.B) {
			db := storetest.NewDB(b)
			ctx := context.Background()
			seq := make([]int64, bc.rooms)
			batch := make([]chat.Message, bc.n)
			i := 0
			for b.Loop() {
				for j := range batch {
					r := j % bc.rooms
					seq[r]++
					i++
					batch[j] = msg(fmt.Sprint("room", r), seq[r], "alice", fmt.Sprint(i))
				}
				if dups, err := db.InsertBatch(ctx, batch); err != nil || len(dups) > 0 {
					b.Fatalf("insert: dups %v, err %v", dups, err)
				}
			}
			b.ReportMetric(float64(b.N*bc.n)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkRoomTail reads a room's newest 500 records, as a room does when it becomes
// active, with 20,000 records stored in 100 rooms: straight from SQLite by index
// (direct, what cascade does on the embedded store) and through FerretDB (wire), which
// reads and filters every stored record.
func BenchmarkRoomTail(b *testing.B) {
	if storetest.External() {
		b.Skip("direct reads exist only on the embedded store")
	}
	db := storetest.NewDB(b)
	ctx := context.Background()
	const rooms, perRoom = 100, 200
	for s := int64(1); s <= perRoom; s += 5 {
		var batch []chat.Message
		for r := range rooms {
			for seq := s; seq < s+5; seq++ {
				batch = append(batch, msg(fmt.Sprint("room", r), seq, "alice", fmt.Sprint(seq)))
			}
		}
		if dups, err := db.InsertBatch(ctx, batch); err != nil || len(dups) > 0 {
			b.Fatalf("insert: dups %v, err %v", dups, err)
		}
	}
	wire, err := store.Open(ctx, storetest.URI(b), db.Name())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = wire.Close(context.Background()) })
	for _, bc := range []struct {
		name string
		db   *store.DB
	}{{"direct", db}, {"wire", wire}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				recs, err := bc.db.Before(ctx, "room42", math.MaxInt64, 500)
				if err != nil || len(recs) != perRoom {
					b.Fatalf("got %d records, %v", len(recs), err)
				}
			}
		})
	}
}
