package chat_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/chat"
)

// rooms is a test Authorizer: every user may use every room except those denied, and
// write in every room except those read-only.
type rooms struct {
	mu       sync.Mutex
	denied   map[string]bool
	readOnly map[string]bool
}

func (a *rooms) Allowed(_, room, action string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return !a.denied[room] && (action != chat.ActionWrite || !a.readOnly[room])
}

func (a *rooms) ReadOnly(room string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.readOnly[room]
}

type harness struct {
	t   *testing.T
	hub *chat.Hub
	url string
}

// newHarness serves a hub over a real listener: a net/http handler hijacks the
// connection and hands it to ServeConn, the user taken from the query string. It checks on cleanup
// that every goroutine the test started has ended.
func newHarness(t *testing.T, st chat.Store, configure func(*chat.Config)) *harness {
	t.Helper()
	checkGoroutines(t)
	cfg := chat.Config{Store: st, Auth: &rooms{denied: map[string]bool{"secret": true}, readOnly: map[string]bool{"archive": true}}}
	if configure != nil {
		configure(&cfg)
	}
	hub := chat.New(cfg)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nc, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		user := r.URL.Query().Get("user")
		if strings.HasPrefix(user, "slow") {
			// Small socket buffers make a non-reading client fill its queue quickly.
			_ = nc.(*net.TCPConn).SetWriteBuffer(4096)
		}
		hub.ServeConn(r.Context(), nc, r, chat.User{ID: user})
	}))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hub.Close(ctx); err != nil {
			t.Errorf("hub close: %v", err)
		}
		srv.Close()
	})
	return &harness{t: t, hub: hub, url: "ws" + strings.TrimPrefix(srv.URL, "http")}
}

// checkGoroutines fails the test if, after its cleanups, more goroutines run than before.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutines: got %d, want ≤ %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
				return
			}
			<-tick.C
		}
	})
}

type client struct {
	t    *testing.T
	user string
	ws   *websocket.Conn
}

func (h *harness) dial(user string) *client {
	return h.dialWith(user, websocket.DefaultDialer)
}

func (h *harness) dialWith(user string, d *websocket.Dialer) *client {
	h.t.Helper()
	ws, _, err := d.Dial(h.url+"?user="+user, nil)
	if err != nil {
		h.t.Fatalf("dial: %v", err)
	}
	h.t.Cleanup(func() { _ = ws.Close() })
	return &client{t: h.t, user: user, ws: ws}
}

func (c *client) send(v any) {
	c.t.Helper()
	var err error
	if s, ok := v.(string); ok {
		err = c.ws.WriteMessage(websocket.TextMessage, []byte(s))
	} else {
		err = c.ws.WriteJSON(v)
	}
	if err != nil {
		c.t.Fatalf("%s: write: %v", c.user, err)
	}
}

// read returns the next frame, or the error that ended the connection.
func (c *client) read() (chat.ServerFrame, error) {
	_ = c.ws.SetReadDeadline(time.Now().Add(15 * time.Second))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return chat.ServerFrame{}, err
	}
	var f chat.ServerFrame
	if err := json.Unmarshal(data, &f); err != nil {
		return chat.ServerFrame{}, fmt.Errorf("bad server frame %q: %w", data, err)
	}
	return f, nil
}

// next returns the next frame of one of types, skipping ephemeral frames and messages
// (unless asked for); any other frame fails the test.
func (c *client) next(types ...string) chat.ServerFrame {
	c.t.Helper()
	for {
		f, err := c.read()
		if err != nil {
			c.t.Fatalf("%s: read: %v (waiting for %v)", c.user, err, types)
		}
		for _, typ := range types {
			if f.Type == typ {
				return f
			}
		}
		if f.Type != "presence" && f.Type != "typing" && f.Type != "read" && f.Type != "message" && f.Type != "edit" && f.Type != "delete" {
			c.t.Fatalf("%s: got frame %+v, want one of %v", c.user, f, types)
		}
	}
}

// join joins room, replaying after lastSeq if given, and returns joined and the replay.
func (c *client) join(room string, lastSeq *int64) (chat.ServerFrame, []chat.ServerFrame) {
	c.t.Helper()
	f := map[string]any{"type": "join", "room": room}
	if lastSeq != nil {
		f["last_seq"] = *lastSeq
	}
	c.send(f)
	j := c.next("joined")
	var replay []chat.ServerFrame
	for range *j.Replayed {
		replay = append(replay, c.next("message", "edit", "delete"))
	}
	return j, replay
}

func (c *client) post(room, clientID, body string) {
	c.t.Helper()
	c.send(map[string]any{"type": "send", "room": room, "client_id": clientID, "body": body})
}

// closeCode reads until the connection ends and returns its close code (1006 if none).
func (c *client) closeCode() int {
	c.t.Helper()
	for {
		_, err := c.read()
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				c.t.Fatalf("%s: connection not closed", c.user)
			}
			return websocket.CloseAbnormalClosure
		}
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}
