package store_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

// Reads straight from the embedded store's SQLite file answer exactly what the same
// reads through FerretDB answer: every record, field and order, for every read.
func TestDirectReadsMatchFerretDB(t *testing.T) {
	if storetest.External() {
		t.Skip("direct reads exist only on the embedded store")
	}
	direct := storetest.NewDB(t)
	ctx := context.Background()
	viaWire, err := store.Open(ctx, storetest.URI(t), direct.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = viaWire.Close(context.Background()) })

	sent := time.Date(2026, 11, 27, 10, 0, 0, 123e6, time.UTC)
	var batch []chat.Message
	for room := range 3 {
		for seq := int64(1); seq <= 40; seq++ {
			m := msg(fmt.Sprint("room", room), seq, fmt.Sprint("author", seq%3), fmt.Sprint("c", seq))
			m.Sent = sent.Add(time.Duration(seq) * time.Second)
			if seq%10 == 0 {
				m.Kind, m.Target = chat.KindEdit, seq-1
			}
			batch = append(batch, m)
		}
	}
	if dups, err := direct.InsertBatch(ctx, batch); err != nil || len(dups) > 0 {
		t.Fatalf("insert: %v %v", dups, err)
	}
	if err := direct.MarkEdited(ctx, "room1", 9, "edited", sent.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := direct.MarkDeleted(ctx, "room1", 19); err != nil {
		t.Fatal(err)
	}

	type read func(*store.DB) (any, error)
	reads := map[string]read{}
	for _, room := range []string{"room0", "room1", "room2", "none"} {
		reads[room+" max"] = func(d *store.DB) (any, error) { return d.MaxSeq(ctx, room) }
		reads[room+" all"] = func(d *store.DB) (any, error) { return d.Range(ctx, room, 0, 1000) }
		reads[room+" range"] = func(d *store.DB) (any, error) { return d.Range(ctx, room, 17, 5) }
		reads[room+" tail"] = func(d *store.DB) (any, error) { return d.Before(ctx, room, math.MaxInt64, 7) }
		reads[room+" before"] = func(d *store.DB) (any, error) { return d.Before(ctx, room, 12, 3) }
		reads[room+" client"] = func(d *store.DB) (any, error) { return d.ByClientID(ctx, room, "author1", "c10") }
		reads[room+" no client"] = func(d *store.DB) (any, error) { return d.ByClientID(ctx, room, "author2", "c10") }
	}
	for name, r := range reads {
		got, gotErr := r(direct)
		want, wantErr := r(viaWire)
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: direct %v (%v), via FerretDB %v (%v)", name, got, gotErr, want, wantErr)
		}
	}
	if recs, _ := direct.Range(ctx, "room1", 0, 1000); len(recs) != 40 || recs[8].Body != "edited" || recs[18].Body != "" || !recs[18].Deleted {
		t.Fatalf("room1 read directly: %d records, 9th %+v, 19th %+v", len(recs), recs[8], recs[18])
	}
}
