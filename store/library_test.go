package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"slices"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/library"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestLibraryFileRoundTrip(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	for _, size := range []int{0, 1, 255 << 10, 255<<10 + 1, 3<<20 + 17} {
		data := make([]byte, size)
		rand.Read(data)
		id := "f" + rand.Text()
		if err := db.PutFile(ctx, id, data); err != nil {
			t.Fatal(err)
		}
		got, err := db.ReadFile(ctx, id, int64(size))
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("size %d: read back %d bytes that differ", size, len(got))
		}
		if err := db.DeleteFile(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReadFile(ctx, id, int64(size)); size > 0 && err == nil {
			t.Fatalf("size %d: read after delete succeeded", size)
		}
	}
}

func TestLibrarySweepKeepsNamedFiles(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	for _, id := range []string{"kept", "orphan"} {
		if err := db.PutFile(ctx, id, bytes.Repeat([]byte(id), 100_000)); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.SweepFiles(ctx, func(id string) bool { return id == "kept" })
	if err != nil || n != 1 {
		t.Fatalf("swept %d, %v; want 1", n, err)
	}
	if _, err := db.ReadFile(ctx, "kept", 400_000); err != nil {
		t.Fatalf("kept file: %v", err)
	}
	if _, err := db.ReadFile(ctx, "orphan", 400_000); err == nil {
		t.Fatal("orphan file still there")
	}
}

func TestLibraryResourceRoundTrip(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	r := library.Resource{ID: "r1", Kind: library.KindFile, Title: "Manual", Topics: []string{"peer_outreach"}, Language: "pt",
		Audience: []string{"police"}, Licence: "cc_by", Visibility: library.VisiblePartners, Org: "o1", Source: "r0",
		Adaptation: &library.Adaptation{Language: "pt", Context: "Maputo", Changes: "translated"},
		File:       &library.File{ID: "f1", Name: "m.pdf", Size: 3, ContentType: "application/pdf"},
		Exchanges:  []string{"x1"}, Created: time.Now().UTC().Truncate(time.Millisecond)}
	if err := db.InsertResource(ctx, r); err != nil {
		t.Fatal(err)
	}
	r.Title = "Manual 2"
	if err := db.SaveResource(ctx, r); err != nil {
		t.Fatal(err)
	}
	list, err := db.Resources(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("resources = %v, %v", list, err)
	}
	got := list[0]
	if got.Title != "Manual 2" || *got.File != *r.File || *got.Adaptation != *r.Adaptation || got.Exchanges[0] != "x1" || !got.Created.Equal(r.Created) {
		t.Fatalf("got %+v, want %+v", got, r)
	}
	if err := db.DeleteResource(ctx, "r1"); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.Resources(ctx); len(list) != 0 {
		t.Fatalf("after delete: %v", list)
	}
}

// TestMessageResourceReference: a message keeps the resource it refers to through
// every read, and loses it with its body when deleted.
func TestMessageResourceReference(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	sent := time.Now().UTC().Truncate(time.Millisecond)
	msgs := []chat.Message{
		{ID: "m1", Room: "r", Seq: 1, Author: "a", ClientID: "c1", Body: "see this", Sent: sent, Resource: "res1"},
		{ID: "m2", Room: "r", Seq: 2, Author: "a", ClientID: "c2", Body: "plain", Sent: sent},
	}
	if _, err := db.InsertBatch(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	got, err := db.Range(ctx, "r", 0, 10)
	if err != nil || len(got) != 2 || got[0].Resource != "res1" || got[1].Resource != "" {
		t.Fatalf("range = %+v, %v", got, err)
	}
	if before, err := db.Before(ctx, "r", 3, 10); err != nil || before[0].Resource != "res1" {
		t.Fatalf("before = %+v, %v", before, err)
	}
	if m, err := db.ByClientID(ctx, "r", "a", "c1"); err != nil || m.Resource != "res1" {
		t.Fatalf("by client id = %+v, %v", m, err)
	}
	if err := db.MarkDeleted(ctx, "r", 1); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Range(ctx, "r", 0, 1); got[0].Resource != "" || got[0].Body != "" {
		t.Errorf("deleted message still refers to %q", got[0].Resource)
	}
}

// TestLibraryChunksWrittenAsFerretDBWrites: chunks inserted straight into the embedded
// store's file are the rows FerretDB itself writes, byte for byte.
func TestLibraryChunksWrittenAsFerretDBWrites(t *testing.T) {
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
	data := make([]byte, 600_000)
	rand.Read(data)
	for _, db := range []*store.DB{direct, viaWire} {
		if err := db.PutFile(ctx, "f1", data); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ReadFile(ctx, "f1", int64(len(data))); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s: read back %d bytes, %v", db.Name(), len(got), err)
		}
	}
	got, want := rawRows(t, direct.Name(), "library_chunks"), rawRows(t, viaWire.Name(), "library_chunks")
	if len(got) != 3 || !slices.Equal(got, want) {
		t.Fatalf("rows differ: %d direct, %d through FerretDB; first direct %.200s, through FerretDB %.200s", len(got), len(want), got[0], want[0])
	}
}
