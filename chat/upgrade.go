package chat

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/gorilla/websocket"
)

// ServeConn upgrades a raw connection that the HTTP server handed over (hijacked)
// and runs it for user until it ends, ctx is cancelled or the hub closes. r is the
// upgrade request, copied out of the HTTP server's own request type. ServeConn blocks
// for the connection's life and closes nc.
func (h *Hub) ServeConn(ctx context.Context, nc net.Conn, r *http.Request, user User) {
	// The HTTP layer has already checked the session and that Origin equals the public
	// origin exactly, so CheckOrigin accepts. Compression stays off: it costs memory per
	// connection and invites CRIME-style leaks.
	// gorilla writes only control frames (data frames leave through sockConn), so its
	// write buffers come from a pool for the length of one frame and an idle connection
	// holds none.
	upgrader := websocket.Upgrader{
		ReadBufferSize:    1024,
		WriteBufferSize:   1024,
		WriteBufferPool:   &writeBufPool,
		EnableCompression: false,
		CheckOrigin:       func(*http.Request) bool { return true },
	}
	sc := newSockConn(nc, h.cfg.WriteWait)
	w := &hijackedWriter{nc: sc, header: http.Header{}}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		// Upgrade has answered the client with an HTTP error already.
		_ = nc.Close()
		return
	}
	h.serve(ctx, ws, sc, user)
}

// hijackedWriter is the http.ResponseWriter and http.Hijacker gorilla needs, over a
// connection no net/http server owns.
type hijackedWriter struct {
	nc      net.Conn
	header  http.Header
	status  int
	written bool
}

func (w *hijackedWriter) Header() http.Header { return w.header }

// WriteHeader writes the status line and headers of a refusal; a successful upgrade
// writes its own 101 through the hijacked connection instead.
func (w *hijackedWriter) WriteHeader(status int) {
	if w.written {
		return
	}
	w.written, w.status = true, status
	bw := bufio.NewWriter(w.nc)
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	w.header.Set("Connection", "close")
	_ = w.header.Write(bw)
	_, _ = bw.WriteString("\r\n")
	_ = bw.Flush()
}

func (w *hijackedWriter) Write(p []byte) (int, error) {
	if !w.written {
		w.header.Set("Content-Length", strconv.Itoa(len(p)))
		w.WriteHeader(http.StatusOK)
	}
	return w.nc.Write(p)
}

// writeBufPool lends gorilla its write buffers (websocket.BufferPool).
var writeBufPool sync.Pool

// Hijack returns a minimal bufio pair: gorilla only checks that nothing is buffered
// and reads and writes through buffers of its own (ReadBufferSize, WriteBufferPool),
// so 4 KiB + 4 KiB per upgrade would be garbage.
func (w *hijackedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.nc, bufio.NewReadWriter(bufio.NewReaderSize(w.nc, 16), bufio.NewWriterSize(w.nc, 16)), nil
}
