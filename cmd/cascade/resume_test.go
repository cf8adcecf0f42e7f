package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// TestResumeAfterRestart: a member of a space sees some messages, the server stops
// (1012) and starts again on the same data, more messages are sent, and the member
// rejoins with the last seq it saw and gets exactly what it missed, in order, once.
func TestResumeAfterRestart(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	anon := apitest.New(t, srv.URL, srv.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	leadA, orgA := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	leadB, orgB := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	for _, id := range []string{orgA, orgB} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	var space struct {
		ID string `json:"id"`
	}
	leadA.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Outreach", "access": "open"}).Want(201).JSON(&space)
	leadB.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)

	sent := map[int64]string{} // seq → body, from the acks
	post := func(ws *websocket.Conn, from, to int) {
		t.Helper()
		for i := from; i <= to; i++ {
			body := fmt.Sprintf("m%d", i)
			send(t, ws, map[string]any{"type": "send", "room": space.ID, "client_id": body, "body": body})
			sent[next(t, ws, "ack").Seq] = body
		}
	}

	a, b := mustDial(t, srv, leadA), mustDial(t, srv, leadB)
	for _, ws := range []*websocket.Conn{a, b} {
		send(t, ws, map[string]any{"type": "join", "room": space.ID, "last_seq": 0})
		next(t, ws, "joined")
	}
	post(a, 1, 3)
	var last int64
	for range 3 {
		last = next(t, b, "message").Seq
	}
	send(t, b, map[string]any{"type": "read", "room": space.ID, "seq": last - 1})
	next(t, b, "read") // the marker is taken; the server stores it by the time it stops
	srv.stop()
	_ = b.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var f frame
		err := b.ReadJSON(&f)
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseServiceRestart) {
				t.Fatalf("on shutdown b's socket ended with %v, want close 1012", err)
			}
			break
		}
		if f.Type == "message" {
			if f.Seq <= last || sent[f.Seq] != f.Body {
				t.Fatalf("before the restart b got %+v after seq %d", f, last)
			}
			last = f.Seq
		}
	}

	srv = startServer(t, dir)
	a = mustDial(t, srv, leadA)
	send(t, a, map[string]any{"type": "join", "room": space.ID})
	next(t, a, "joined")
	post(a, 4, 6)

	b = mustDial(t, srv, leadB)
	send(t, b, map[string]any{"type": "join", "room": space.ID, "last_seq": last})
	var joined struct {
		Type     string `json:"type"`
		Replayed int    `json:"replayed"`
		ReadSeq  int64  `json:"read_seq"`
		Unread   int    `json:"unread"`
	}
	_ = b.SetReadDeadline(time.Now().Add(10 * time.Second))
	for joined.Type != "joined" {
		if err := b.ReadJSON(&joined); err != nil {
			t.Fatalf("waiting for joined: %v", err)
		}
	}
	// The read marker survived the restart: m3 to m6 are unread.
	if joined.ReadSeq != last-1 || joined.Unread != 4 || joined.Replayed != 3 {
		t.Errorf("joined after the restart: got %+v, want read_seq %d, unread 4, replayed 3", joined, last-1)
	}
	post(a, 7, 7)
	var want []string
	for seq := last + 1; seq <= int64(len(sent)); seq++ {
		want = append(want, sent[seq])
	}
	var got []string
	for len(got) < len(want) {
		f := next(t, b, "message")
		got = append(got, f.Body)
		if f.Seq != last+int64(len(got)) {
			t.Fatalf("message %q has seq %d, want %d (in order, no duplicates)", f.Body, f.Seq, last+int64(len(got)))
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after the restart b got %v, want %v (joined %+v)", got, want, joined)
	}
	// Nothing more: a probe answered by the server proves no duplicate was queued.
	send(t, b, map[string]any{"type": "history", "room": space.ID, "limit": 1})
	for {
		var f frame
		if err := b.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for history: %v", err)
		}
		if f.Type == "history" {
			break
		}
		if f.Type == "message" {
			t.Fatalf("got %+v again", f)
		}
	}
}
