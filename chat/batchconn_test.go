package chat

import (
	"io"
	"net"
	"testing"
	"time"
)

func tcpPair(t *testing.T) (server, client net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	t.Cleanup(func() { server.Close(); client.Close() })
	return server, client
}

func TestBatchConn(t *testing.T) {
	server, client := tcpPair(t)
	b := &batchConn{Conn: server, wait: time.Second}

	if _, err := b.Write([]byte("now")); err != nil { // no batch: straight out
		t.Fatal(err)
	}
	got := make([]byte, 3)
	_ = client.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := io.ReadFull(client, got); err != nil || string(got) != "now" {
		t.Fatalf("got %q, %v", got, err)
	}

	b.begin()
	for _, s := range []string{"a", "bb", "ccc"} {
		if n, err := b.Write([]byte(s)); err != nil || n != len(s) {
			t.Fatalf("write %q: %d, %v", s, n, err)
		}
	}
	_ = client.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, _ := client.Read(got); n != 0 {
		t.Fatalf("%d bytes left before flush", n)
	}
	if err := b.flush(); err != nil {
		t.Fatal(err)
	}
	got = make([]byte, 6)
	_ = client.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := io.ReadFull(client, got); err != nil || string(got) != "abbccc" {
		t.Fatalf("got %q, %v", got, err)
	}

	// A failed flush is sticky: later writes fail too.
	server.Close()
	b.begin()
	_, _ = b.Write([]byte("lost"))
	if err := b.flush(); err == nil {
		t.Fatal("flush on a closed socket succeeded")
	}
	if _, err := b.Write([]byte("x")); err == nil {
		t.Fatal("write after a failed flush succeeded")
	}
}

// deadlines is a net.Conn that records the write deadlines set on it.
type deadlines struct {
	net.Conn
	set []time.Time
}

func (d *deadlines) SetWriteDeadline(t time.Time) error { d.set = append(d.set, t); return nil }
func (d *deadlines) Write(p []byte) (int, error)        { return len(p), nil }

// A flush moves the socket's write deadline only once half of it is spent, and a
// deadline set from outside a batch (a control frame) counts as the current one.
func TestBatchConnDeadline(t *testing.T) {
	const wait = time.Hour
	d := &deadlines{}
	b := &batchConn{Conn: d, wait: wait}
	flush := func() {
		t.Helper()
		b.begin()
		_, _ = b.Write([]byte("x"))
		if err := b.flush(); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	flush()
	flush()
	if len(d.set) != 1 || d.set[0].Before(start.Add(wait)) {
		t.Fatalf("after two flushes: deadlines %v, want one, ≥ %v", d.set, start.Add(wait))
	}
	soon := time.Now().Add(wait / 4) // a control frame's own, shorter deadline
	_ = b.SetWriteDeadline(soon)
	flush()
	if n := len(d.set); n != 3 || !d.set[2].After(soon) {
		t.Fatalf("after a short outside deadline: deadlines %v, want a third, later one", d.set)
	}
}
