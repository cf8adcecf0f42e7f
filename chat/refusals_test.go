package chat_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/chat"
)

// logBuffer collects a hub's log lines while its goroutines write them.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// count returns how many lines contain s.
func (b *logBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Count(b.buf.String(), s)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func loggedHarness(t *testing.T) (*harness, *logBuffer) {
	logs := &logBuffer{}
	h := newHarness(t, newMemStore(), func(c *chat.Config) {
		c.Log = slog.New(slog.NewTextHandler(logs, nil))
	})
	return h, logs
}

// A connection that keeps sending refused frames (here: typing in rooms it has not
// joined, and forbidden joins) is closed with 1008 once it passes MaxRefused within a
// window, and the log has a few lines, not one per frame.
func TestRefusedFramesClose(t *testing.T) {
	h, logs := loggedHarness(t)
	c := h.dial("prober")
	for i := range chat.MaxRefused + 20 {
		frame := `{"type":"typing","room":"r"}`
		if i%2 == 0 {
			frame = `{"type":"join","room":"secret"}`
		}
		if c.ws.WriteMessage(websocket.TextMessage, []byte(frame)) != nil {
			break // closed by the server already
		}
	}
	if code := c.closeCode(); code != websocket.ClosePolicyViolation {
		t.Fatalf("got close %d, want 1008", code)
	}
	waitFor(t, "the connection to end", func() bool { return h.hub.Conns() == 0 })
	if n := strings.Count(logs.String(), "\n"); n > 3 {
		t.Errorf("%d log lines for %d refused frames, want at most 3:\n%s", n, chat.MaxRefused+1, logs)
	}
	if logs.count("too many refused frames") != 1 {
		t.Errorf("want one line telling why the connection closed:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "unlogged=") {
		t.Errorf("the refusals left unlogged are not counted:\n%s", logs)
	}
}

// Refusals under the limit keep the connection open; they are logged once per window,
// and the rest counted when the connection ends.
func TestRefusedFramesLoggedOnce(t *testing.T) {
	h, logs := loggedHarness(t)
	c := h.dial("clumsy")
	for range 20 {
		c.send(map[string]any{"type": "typing", "room": "r", "ref": "t"})
		if f := c.next("error"); f.Code != chat.CodeNotJoined {
			t.Fatalf("got %+v, want not_joined", f)
		}
	}
	c.join("r", nil) // still open
	if n := logs.count("chat: refused"); n != 1 {
		t.Errorf("got %d refusal lines for 20 refusals, want 1:\n%s", n, logs)
	}
	_ = c.ws.Close()
	waitFor(t, "the connection to end", func() bool { return h.hub.Conns() == 0 })
	if !strings.Contains(logs.String(), "unlogged=19") {
		t.Errorf("want the 19 unlogged refusals counted at the end:\n%s", logs)
	}
}
