package web

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"testing"
	"testing/fstest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// startTimeoutServer serves the app on a loopback port with short timeouts.
func startTimeoutServer(t *testing.T, to Timeouts) string {
	t.Helper()
	app := New(Config{
		Origin:   testOrigin,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Frontend: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}},
		Timeouts: to,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()
	t.Cleanup(func() {
		_ = app.Shutdown()
		<-done
	})
	return ln.Addr().String()
}

// waitClosed reads until the server closes the connection, failing after limit.
func waitClosed(t *testing.T, conn net.Conn, limit time.Duration) {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(limit))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("connection still open after %v", limit)
	}
}

func TestSlowClientsAreDisconnected(t *testing.T) {
	addr := startTimeoutServer(t, Timeouts{Read: 300 * time.Millisecond, Write: time.Second, Idle: 300 * time.Millisecond})

	t.Run("request never finished", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n")); err != nil {
			t.Fatal(err)
		}
		waitClosed(t, conn, 5*time.Second)
	})

	t.Run("idle keep-alive", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		status, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil || status != "HTTP/1.1 200 OK\r\n" {
			t.Fatalf("got %q, %v; want a 200 first", status, err)
		}
		waitClosed(t, conn, 5*time.Second)
	})
}
