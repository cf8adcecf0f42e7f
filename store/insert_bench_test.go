package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cascade-platform/cascade/chat"
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
