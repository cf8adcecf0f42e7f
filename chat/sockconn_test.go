package chat

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// serverSock accepts one WebSocket from a gorilla client and returns the server side's
// sockConn, unwrapped from the upgrade, and the client.
func serverSock(t *testing.T) (*sockConn, *websocket.Conn) {
	t.Helper()
	got := make(chan net.Conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		got <- ws.NetConn()
	}))
	t.Cleanup(srv.Close)
	client, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	nc := <-got
	t.Cleanup(func() { nc.Close(); client.Close() })
	return newSockConn(nc, time.Second), client
}

// Frames of every length class reach a gorilla client intact, in order, from one
// writeFrames, together with a ping (answered by the client's default handler).
func TestWriteFrames(t *testing.T) {
	sc, client := serverSock(t)
	sizes := []int{0, 1, 125, 126, 127, 65535, 65536, 70000}
	var bufs net.Buffers
	for i, n := range sizes {
		bufs = append(bufs, wsText(bytes.Repeat([]byte{'a' + byte(i)}, n)))
	}
	bufs = append(bufs, pingFrame)
	pinged := make(chan struct{}, 1)
	client.SetPingHandler(func(string) error { pinged <- struct{}{}; return nil })
	go func() {
		if err := sc.writeFrames(&bufs); err != nil {
			t.Error(err)
		}
	}()
	_ = client.SetReadDeadline(time.Now().Add(5 * time.Second))
	for i, n := range sizes {
		typ, p, err := client.ReadMessage()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if typ != websocket.TextMessage || !bytes.Equal(p, bytes.Repeat([]byte{'a' + byte(i)}, n)) {
			t.Fatalf("frame %d: type %d, %d bytes, want text of %d", i, typ, len(p), n)
		}
	}
	go func() { _, _, _ = client.ReadMessage() }() // the ping is handled while reading
	select {
	case <-pinged:
	case <-time.After(5 * time.Second):
		t.Fatal("no ping")
	}
}

// A failed write is sticky: gorilla's control frames fail after it too.
func TestWriteFramesErrorSticks(t *testing.T) {
	sc, _ := serverSock(t)
	sc.Conn.Close()
	if err := sc.writeFrames(&net.Buffers{wsText([]byte("lost"))}); err == nil {
		t.Fatal("write on a closed socket succeeded")
	}
	if _, err := sc.Write(pingFrame); err == nil {
		t.Fatal("write after a failed writeFrames succeeded")
	}
}

// deadlines is a net.Conn that records the write deadlines set on it.
type deadlines struct {
	net.Conn
	set []time.Time
}

func (d *deadlines) SetWriteDeadline(t time.Time) error { d.set = append(d.set, t); return nil }
func (d *deadlines) Write(p []byte) (int, error)        { return len(p), nil }

// writeFrames moves the socket's write deadline only once half of it is spent, and a
// deadline gorilla sets for a control frame counts as the current one.
func TestWriteFramesDeadline(t *testing.T) {
	const wait = time.Hour
	d := &deadlines{}
	sc := &sockConn{Conn: d, wait: wait}
	write := func() {
		t.Helper()
		if err := sc.writeFrames(&net.Buffers{[]byte("x")}); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	write()
	write()
	if len(d.set) != 1 || d.set[0].Before(start.Add(wait)) {
		t.Fatalf("after two writes: deadlines %v, want one, ≥ %v", d.set, start.Add(wait))
	}
	soon := time.Now().Add(wait / 4) // a control frame's own, shorter deadline
	_ = sc.SetWriteDeadline(soon)
	write()
	if n := len(d.set); n != 3 || !d.set[2].After(soon) {
		t.Fatalf("after a short control-frame deadline: deadlines %v, want a third, later one", d.set)
	}
}

// A frame the socket takes only in part keeps the socket held until its rest is
// written: a control frame written meanwhile (gorilla's pong) waits, and the peer reads
// both frames whole and in order.
func TestTryWriteHoldsPartFrame(t *testing.T) {
	sc, client := serverSock(t)
	sc.wait = 10 * time.Second
	_ = sc.Conn.(*net.TCPConn).SetWriteBuffer(16 << 10)
	big := bytes.Repeat([]byte("x"), 4<<20) // far more than the socket buffers hold
	frame := wsText(big)
	n, held := sc.tryWrite(frame)
	if !held || n == 0 || n >= len(frame) {
		t.Fatalf("tryWrite of %d bytes: wrote %d, held %v; want part of it, held", len(frame), n, held)
	}
	pinged := make(chan error, 1)
	go func() { _, err := sc.Write(pingFrame); pinged <- err }() // must wait for the rest
	finished := make(chan error, 1)
	go func() { finished <- sc.finishHeld(frame[n:]) }()

	pongs := make(chan struct{}, 1)
	client.SetPingHandler(func(string) error { pongs <- struct{}{}; return nil })
	_ = client.SetReadDeadline(time.Now().Add(10 * time.Second))
	typ, p, err := client.ReadMessage()
	if err != nil || typ != websocket.TextMessage || !bytes.Equal(p, big) {
		t.Fatalf("first frame: type %d, %d bytes, %v; want the whole text frame (writer: %v)", typ, len(p), err, <-finished)
	}
	if err := <-finished; err != nil {
		t.Fatal(err)
	}
	if err := <-pinged; err != nil {
		t.Fatal(err)
	}
	go func() { _, _, _ = client.ReadMessage() }() // the ping is handled while reading
	select {
	case <-pongs:
	case <-time.After(10 * time.Second):
		t.Fatal("no ping after the frame")
	}
}
