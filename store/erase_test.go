package store_test

import (
	"context"
	"testing"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

// EraseAuthor rewrites one author's records, and only theirs, so that both the embedded
// store's direct reads and FerretDB itself read them back as rewritten (the embedded store
// writes the rows straight into SQLite).
func TestEraseAuthor(t *testing.T) {
	for _, wipe := range []bool{true, false} {
		t.Run(map[bool]string{true: "wipe", false: "keep"}[wipe], func(t *testing.T) {
			ctx := context.Background()
			db := storetest.NewDB(t)
			edit := msg("r", 3, "u1", "c3")
			edit.Kind, edit.Target, edit.Body = chat.KindEdit, 1, "hello again"
			recs := []chat.Message{msg("r", 1, "u1", "c1"), msg("r", 2, "u2", "c2"), edit}
			recs[0].Body = "hello"
			if bad, err := db.InsertBatch(ctx, recs); err != nil || len(bad) > 0 {
				t.Fatalf("insert: %v %v", bad, err)
			}
			if err := db.EraseAuthor(ctx, "u1", "former-x", wipe); err != nil {
				t.Fatal(err)
			}
			plain, err := store.Open(ctx, storetest.URI(t), db.Name()) // through FerretDB only
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Close(ctx)
			for name, r := range map[string]*store.DB{"as cascade reads": db, "through FerretDB": plain} {
				got, err := r.Range(ctx, "r", 0, 10)
				if err != nil || len(got) != 3 {
					t.Fatalf("%s: %d records, %v", name, len(got), err)
				}
				want := []struct {
					author, body string
					deleted      bool
				}{{"former-x", "hello", false}, {"u2", "b", false}, {"former-x", "hello again", false}}
				if wipe {
					want[0].body, want[0].deleted, want[2].body = "", true, ""
				}
				for i, w := range want {
					if g := got[i]; g.Author != w.author || g.Body != w.body || g.Deleted != w.deleted || g.Seq != int64(i+1) {
						t.Errorf("%s: seq %d is %+v, want author %s, body %q, deleted %v", name, i+1, g, w.author, w.body, w.deleted)
					}
				}
				if got[2].Kind != chat.KindEdit || got[2].Target != 1 {
					t.Errorf("%s: the edit record lost its kind or target: %+v", name, got[2])
				}
				if mine, err := r.MessagesBy(ctx, "u1"); err != nil || len(mine) != 0 {
					t.Errorf("%s: u1 still has %d records (%v)", name, len(mine), err)
				}
			}
		})
	}
}
