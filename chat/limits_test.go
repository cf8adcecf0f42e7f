package chat_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/chat"
)

func TestSlowConsumerIsolated(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) {
		c.SendQueue, c.RatePerMin, c.WriteWait = 4, 1e6, 200e6
	})
	slowDialer := *websocket.DefaultDialer
	slowDialer.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		nc, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			_ = nc.(*net.TCPConn).SetReadBuffer(4096)
		}
		return nc, err
	}
	slow := h.dialWith("slow", &slowDialer)
	slow.join("r", nil)
	fast := h.dial("fast")
	fast.join("r", nil)
	sender := h.dial("sender")
	sender.join("r", nil)

	body := strings.Repeat("x", 3000)
	sent := 0
	for h.hub.Conns() == 3 {
		if sent == 5000 {
			t.Fatal("slow consumer never dropped")
		}
		sender.post("r", fmt.Sprint(sent), body)
		sender.next("ack")
		sent++
		fast.next("message")
	}
	// The others still get every message, in order.
	sender.post("r", "last", "last")
	for {
		if f := fast.next("message"); *f.Body == "last" {
			break
		}
	}
	if code := slow.closeCode(); code != websocket.CloseTryAgainLater && code != websocket.CloseAbnormalClosure {
		t.Fatalf("slow consumer closed with %d", code)
	}
}

// A frame over the limit closes with 1009 through the closing handshake: the server
// reads on (dropping the rest of the frame) until the client's close frame, so the code
// arrives even when much of the frame is still unread. Closed at once, the socket would
// send a reset that can destroy the close frame (1006).
func TestReadLimit(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	for _, size := range []int{chat.MaxFrameBytes + 1, 1 << 20, 4 << 20} {
		for range 5 {
			c := h.dial("a")
			c.send(strings.Repeat("x", size))
			if code := c.closeCode(); code != websocket.CloseMessageTooBig {
				t.Fatalf("%d bytes: got close %d, want 1009", size, code)
			}
			_ = c.ws.Close()
		}
	}
	// Fragments count together.
	c := h.dial("b")
	w, err := c.ws.NextWriter(websocket.TextMessage)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := w.Write([]byte(strings.Repeat("y", chat.MaxFrameBytes/2))); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Close()
	if code := c.closeCode(); code != websocket.CloseMessageTooBig {
		t.Fatalf("fragmented: got close %d, want 1009", code)
	}
	waitFor(t, "every connection to end", func() bool { return h.hub.Conns() == 0 })
}

func TestMalformedFrames(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	c := h.dial("a")
	for _, in := range []string{`nope`, `{"type":"shout","room":"r"}`, `{"type":"join"}`, `{"type":"send","room":"r","client_id":"k","body":"x","extra":1}`} {
		c.send(in)
		if f := c.next("error"); f.Code != chat.CodeBadFrame {
			t.Errorf("%s: got %+v, want bad_frame", in, f)
		}
	}
	if err := c.ws.WriteMessage(websocket.BinaryMessage, []byte{1, 2}); err != nil {
		t.Fatal(err)
	}
	c.next("error")
	c.post("r", "k", "not joined")
	if f := c.next("error"); f.Code != chat.CodeNotJoined || f.Ref != "k" {
		t.Errorf("got %+v, want not_joined for k", f)
	}
	c.post("r", "k", strings.Repeat("é", chat.MaxBodyChars+1))
	if f := c.next("error"); f.Code != chat.CodeTooLong {
		t.Errorf("got %+v, want too_long", f)
	}
	c.join("r", nil) // still usable
}

func TestUnauthorisedJoin(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	c := h.dial("a")
	c.send(map[string]any{"type": "join", "room": "secret", "ref": "j1"})
	if f := c.next("error"); f.Code != chat.CodeForbidden || f.Ref != "j1" {
		t.Fatalf("got %+v, want forbidden for j1", f)
	}
	c.post("secret", "k", "x")
	if f := c.next("error"); f.Code != chat.CodeNotJoined {
		t.Fatalf("got %+v, want not_joined", f)
	}
}

func TestRateLimit(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.RatePerMin = 5 })
	c := h.dial("a")
	c.join("r", nil)
	for i := range 5 {
		c.post("r", fmt.Sprint(i), "x")
		c.next("ack")
	}
	c.post("r", "over", "x")
	if f := c.next("error"); f.Code != chat.CodeRateLimited {
		t.Fatalf("got %+v, want rate_limited", f)
	}
	for i := range 60 {
		frame := fmt.Sprintf(`{"type":"send","room":"r","client_id":"x%d","body":"x"}`, i)
		if c.ws.WriteMessage(websocket.TextMessage, []byte(frame)) != nil {
			break // closed by the server already
		}
	}
	if code := c.closeCode(); code != websocket.ClosePolicyViolation {
		t.Fatalf("got close %d, want 1008", code)
	}
}

func TestGracefulClose(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	var cs []*client
	for i := range 3 {
		c := h.dial(fmt.Sprint("u", i))
		c.join("r", nil)
		cs = append(cs, c)
	}
	if err := h.hub.Close(context.Background()); err != nil {
		t.Fatalf("close: %v", err)
	}
	for _, c := range cs {
		if code := c.closeCode(); code != websocket.CloseServiceRestart {
			t.Errorf("%s: got close %d, want 1012", c.user, code)
		}
	}
	if n := h.hub.Conns(); n != 0 {
		t.Errorf("got %d connections after Close, want 0", n)
	}
}

func TestMaxConnsPerUser(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) { c.MaxConnsPerUser = 2 })
	h.dial("a").join("r", nil)
	h.dial("a").join("r", nil)
	if code := h.dial("a").closeCode(); code != websocket.ClosePolicyViolation {
		t.Fatalf("third connection: got close %d, want 1008", code)
	}
	h.dial("b").join("r", nil) // others are unaffected
}

func TestDisconnect(t *testing.T) {
	h := newHarness(t, newMemStore(), nil)
	inRoom, elsewhere, other := h.dial("a"), h.dial("a"), h.dial("b")
	inRoom.join("r", nil)
	elsewhere.join("s", nil)
	other.join("r", nil)

	h.hub.Disconnect("a", "r") // removed from room r
	if code := inRoom.closeCode(); code != websocket.ClosePolicyViolation {
		t.Fatalf("got close %d, want 1008", code)
	}
	elsewhere.post("s", "1", "still here")
	elsewhere.next("ack")

	h.hub.Disconnect("a", "") // session revoked
	if code := elsewhere.closeCode(); code != websocket.ClosePolicyViolation {
		t.Fatalf("got close %d, want 1008", code)
	}
	other.post("r", "1", "still here")
	other.next("ack")
}

// A peer that answers no ping is closed with 1001 (going away) once PongWait passes.
func TestPingTimeout(t *testing.T) {
	h := newHarness(t, newMemStore(), func(c *chat.Config) {
		c.PingInterval, c.PongWait = 50*time.Millisecond, 300*time.Millisecond
	})
	c := h.dial("deaf")
	c.ws.SetPingHandler(func(string) error { return nil }) // reads, but never pongs
	if code := c.closeCode(); code != websocket.CloseGoingAway {
		t.Fatalf("got close %d, want 1001", code)
	}
	waitFor(t, "the connection to end", func() bool { return h.hub.Conns() == 0 })
}
