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
