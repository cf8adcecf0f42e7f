package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store"
)

// BenchmarkExport10k asks for and downloads, through HTTP, the export of a person who
// wrote 10,000 messages in a space, on the embedded store as cascade runs it, which also
// holds 40,000 messages of other people in other rooms. One op is the POST and the GET;
// delete-s is how long deleting that account (messages wiped) then takes, once.
func BenchmarkExport10k(b *testing.B) {
	const mine, others = 10_000, 40_000
	dir := b.TempDir()
	srv := startServer(b, dir)
	anon := apitest.New(b, srv.URL, srv.URL)
	admin := adminOf(b, srv)
	lead, orgID := apply(b, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
	teresa := joinedMember(b, lead, anon, orgID, "Teresa")
	m := teresa.client
	space := openSpace(b, lead, m)
	srv.stop()
	seed(b, dir, func(i int) chat.Message {
		if i < mine {
			return chat.Message{Room: space.ID, Seq: int64(i + 1), Author: teresa.id}
		}
		return chat.Message{Room: fmt.Sprintf("other%d", i%50), Seq: int64(i/50 + 1), Author: "someone"}
	}, mine+others)

	srv = startServer(b, dir)
	m = login(b, apitest.New(b, srv.URL, srv.URL), "Teresa")
	b.ResetTimer()
	for b.Loop() {
		var link struct {
			URL string `json:"url"`
		}
		m.Do(http.MethodPost, "/api/v1/me/export", nil).Want(201).JSON(&link)
		r := m.Do(http.MethodGet, strings.TrimPrefix(link.URL, srv.URL), nil).Want(200)
		var x struct {
			Messages []json.RawMessage `json:"messages"`
		}
		r.JSON(&x)
		if len(x.Messages) != mine {
			b.Fatalf("export holds %d messages, want %d", len(x.Messages), mine)
		}
	}
	// Then the same person deletes the account with the messages wiped: once, reported
	// as a metric of its own.
	b.StopTimer()
	at := time.Now()
	m.Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": testPassword, "messages": "wipe"}).Want(204)
	b.ReportMetric(time.Since(at).Seconds(), "delete-s")
}

// seed writes n messages made by gen into the embedded store in dir, as cascade's database.
func seed(b *testing.B, dir string, gen func(i int) chat.Message, n int) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	e, err := store.StartEmbedded(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	db, err := e.Open(ctx, "cascade")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close(ctx)
	sent := time.Now().Add(-time.Hour)
	batch := make([]chat.Message, 0, 1000)
	for i := range n {
		msg := gen(i)
		msg.ID, msg.ClientID = fmt.Sprintf("m%d", i), fmt.Sprintf("c%d", i)
		msg.Body, msg.Sent = fmt.Sprintf("message %d: a few words about the outreach this week", i), sent
		batch = append(batch, msg)
		if len(batch) == cap(batch) || i == n-1 {
			if bad, err := db.InsertBatch(ctx, batch); err != nil || len(bad) > 0 {
				b.Fatalf("seed: %v %v", bad, err)
			}
			batch = batch[:0]
		}
	}
}
