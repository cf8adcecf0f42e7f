package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

// Messages inserted straight into the embedded store's SQLite file are stored byte for
// byte as FerretDB stores them, and refused by the same unique indexes.
func TestDirectInsertWritesFerretDBRows(t *testing.T) {
	if storetest.External() {
		t.Skip("direct inserts exist only on the embedded store")
	}
	ctx := context.Background()
	direct := storetest.NewDB(t)
	viaWire, err := store.Open(ctx, storetest.URI(t), storetest.DBName())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = viaWire.Drop(ctx); _ = viaWire.Close(ctx) })

	sent := time.Date(2026, 11, 27, 10, 0, 0, 123e6, time.UTC)
	edited := sent.Add(time.Minute)
	batch := []chat.Message{
		{ID: "m1", Room: "r", Seq: 1, Author: "a", ClientID: "c1", Body: `plain`, Sent: sent},
		{ID: "m2", Room: "r", Seq: 2, Author: "a", ClientID: "c2", Body: `<b>&"quotes"\ née 🙂` + "\n\t\u2028", Sent: sent, Edited: edited},
		{ID: "m3", Room: "r", Seq: 3, Author: "b", ClientID: "c3", Body: "", Sent: sent, Deleted: true},
		{ID: "m4", Room: "r", Seq: 4, Author: "a", ClientID: "c4", Sent: sent, Kind: chat.KindEdit, Target: 2, Body: "new"},
		{ID: "m5", Room: "r", Seq: 5, Author: "a", ClientID: "c5", Sent: sent, Kind: chat.KindDelete, Target: 1},
		{ID: "m6", Room: "r", Seq: 6, Author: "a", ClientID: "c1", Body: "same client id", Sent: sent}, // refused
		{ID: "m7", Room: "r", Seq: 2, Author: "b", ClientID: "c7", Body: "same seq", Sent: sent},       // refused
		{ID: "m8", Room: "<r>", Seq: 1, Author: "a", ClientID: "c1", Body: "other room", Sent: sent},
		{ID: "m9", Room: "r", Seq: 9, Author: "a", ClientID: "c9", Body: "see the manual", Sent: sent, Resource: "res1"},
	}
	for _, db := range []*store.DB{direct, viaWire} {
		dups, err := db.InsertBatch(ctx, batch)
		if err != nil || !reflect.DeepEqual(dups, []int{5, 6}) {
			t.Fatalf("%s: refused %v, %v; want [5 6]", db.Name(), dups, err)
		}
	}
	if got, want := rawMessages(t, direct.Name()), rawMessages(t, viaWire.Name()); !reflect.DeepEqual(got, want) {
		t.Fatalf("rows differ:\ndirect: %q\nFerretDB: %q", got, want)
	}
}

// rawMessages returns the stored text of every row of a database's messages table.
func rawMessages(t *testing.T, name string) []string {
	t.Helper()
	return rawRows(t, name, "messages")
}

// rawRows returns the stored text of every row of a database's collection.
func rawRows(t *testing.T, name, collection string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(sqliteFile(t, name))+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var table string
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT _ferretdb_sjson FROM "` + table + `" ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sqliteFile is the SQLite file of a test database on the embedded store (storetest
// runs it in a temporary folder of its own).
func sqliteFile(t *testing.T, name string) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(os.TempDir(), "cascade-test-ferretdb-*", "ferretdb", name+".sqlite"))
	if err != nil || len(paths) != 1 {
		t.Fatalf("database file of %s: %v, %v", name, paths, err)
	}
	return paths[0]
}
