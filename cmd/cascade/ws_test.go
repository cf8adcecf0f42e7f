package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// frame is the part of a server frame these tests read.
type frame struct {
	Type     string `json:"type"`
	Room     string `json:"room"`
	Seq      int64  `json:"seq"`
	ID       string `json:"id"`
	Author   string `json:"author"`
	Body     string `json:"body"`
	ClientID string `json:"client_id"`
	Code     string `json:"code"`
	Resource string `json:"resource"`
}

// dialSocket opens /ws as the holder of c's session, with the given Origin.
func dialSocket(t *testing.T, srv *instance, c *apitest.Client, origin string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	if tok := c.Cookie("__Host-cascade_session"); tok != "" {
		h.Set("Cookie", "__Host-cascade_session="+tok)
	}
	ws, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", h)
	if err == nil {
		t.Cleanup(func() { ws.Close() })
	}
	return ws, resp, err
}

func mustDial(t *testing.T, srv *instance, c *apitest.Client) *websocket.Conn {
	t.Helper()
	ws, resp, err := dialSocket(t, srv, c, srv.URL)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial /ws: %v (status %d)", err, status)
	}
	return ws
}

func send(t *testing.T, ws *websocket.Conn, v any) {
	t.Helper()
	if err := ws.WriteJSON(v); err != nil {
		t.Fatalf("write frame: %v", err)
	}
}

// next reads frames until one of type typ arrives, within a deadline.
func next(t *testing.T, ws *websocket.Conn, typ string) frame {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		var f frame
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("frame %s: %v", data, err)
		}
		if f.Type == typ {
			return f
		}
	}
}

// collect reads frames until one of each type has arrived.
func collect(t *testing.T, ws *websocket.Conn, types ...string) map[string]frame {
	t.Helper()
	got := map[string]frame{}
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for len(got) < len(types) {
		var f frame
		if err := ws.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for %v (have %v): %v", types, got, err)
		}
		for _, typ := range types {
			if _, seen := got[typ]; f.Type == typ && !seen {
				got[typ] = f
			}
		}
	}
	return got
}

// TestRealtimeSpace walks a community space through the real server: upgrade checks,
// join, send, identical delivery with ack, staff kept out, and a graceful shutdown.
func TestRealtimeSpace(t *testing.T) {
	srv, anon, admin := withAdmin(t)
	leadA, orgA := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	leadB, orgB := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	for _, id := range []string{orgA, orgB} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}

	var space struct {
		ID string `json:"id"`
	}
	leadA.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&space)
	leadB.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)

	for name, tc := range map[string]struct {
		client *apitest.Client
		origin string
		want   int
	}{
		"no session":     {anon.Clone(), srv.URL, 401},
		"foreign origin": {leadA, "https://evil.example", 403},
		"no origin":      {leadA, "", 403},
	} {
		_, resp, err := dialSocket(t, srv, tc.client, tc.origin)
		if !errors.Is(err, websocket.ErrBadHandshake) || resp == nil || resp.StatusCode != tc.want {
			status := 0
			if resp != nil {
				status = resp.StatusCode
			}
			t.Errorf("%s: got %v with status %d, want a refused handshake with %d", name, err, status, tc.want)
		}
	}

	a, b := mustDial(t, srv, leadA), mustDial(t, srv, leadB)
	for _, ws := range []*websocket.Conn{a, b} {
		send(t, ws, map[string]any{"type": "join", "room": space.ID, "last_seq": 0})
		next(t, ws, "joined")
	}
	send(t, a, map[string]any{"type": "send", "room": space.ID, "client_id": "c1", "body": "Bom dia"})
	// The sender's ack and its copy of the message may come in either order.
	got := collect(t, a, "ack", "message")
	ack := got["ack"]
	for name, m := range map[string]frame{"sender": got["message"], "other": next(t, b, "message")} {
		if m.Body != "Bom dia" || m.Seq != ack.Seq || m.ID != ack.ID || m.Seq == 0 {
			t.Errorf("%s got %+v, want the acked message (seq %d, id %s)", name, m, ack.Seq, ack.ID)
		}
	}

	staff := mustDial(t, srv, admin)
	send(t, staff, map[string]any{"type": "join", "room": space.ID, "last_seq": 0})
	if e := next(t, staff, "error"); e.Code != "forbidden" {
		t.Errorf("admin joining a space: got error %q, want forbidden", e.Code)
	}

	srv.stop()
	_ = a.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err := a.ReadMessage(); err != nil {
			if !websocket.IsCloseError(err, websocket.CloseServiceRestart) {
				t.Errorf("on shutdown the socket ended with %v, want close 1012 (reconnect)", err)
			}
			break
		}
	}
}

// TestRecoveryClosesSockets: resetting a password with a recovery code ends every
// session, and the sockets those sessions opened close within a second.
func TestRecoveryClosesSockets(t *testing.T) {
	srv := startServer(t, t.TempDir())
	admin := apitest.New(t, srv.URL, srv.URL)
	var setup struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201).JSON(&setup)
	ws := mustDial(t, srv, admin)

	admin.Clone().Do(http.MethodPost, "/api/v1/auth/recover", map[string]string{
		"pseudonym": "Kestrel", "code": setup.RecoveryCodes[0], "new_password": "another long pass phrase",
	}).Want(204)
	start := time.Now()
	_ = ws.SetReadDeadline(start.Add(5 * time.Second))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			if took := time.Since(start); took > time.Second || !websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
				t.Errorf("socket ended after %v with %v, want close 1008 within 1 s", took, err)
			}
			break
		}
	}
	admin.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
}
