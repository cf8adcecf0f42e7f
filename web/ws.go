package web

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Sockets runs real-time connections once the HTTP layer has let them in.
type Sockets interface {
	// ServeConn upgrades nc with the request r and serves it for userID, signed in
	// with sessionID; it blocks for the connection's life and closes nc.
	ServeConn(ctx context.Context, nc net.Conn, r *http.Request, userID, sessionID string)
}

// maxSocketsPerUser bounds one person's open connections (one per browser tab).
const maxSocketsPerUser = 5

// socketGate counts open connections per user.
type socketGate struct {
	mu   sync.Mutex
	open map[string]int
}

// admit reserves one connection for userID, or reports that the user has too many.
func (g *socketGate) admit(userID string) (release func(), ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.open[userID] >= maxSocketsPerUser {
		return nil, false
	}
	g.open[userID]++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.open[userID]--; g.open[userID] == 0 {
				delete(g.open, userID)
			}
		})
	}, true
}

// websocket upgrades /ws after the route's guard has authenticated the session.
// Everything that can be refused is refused here, with a status and no 101: an
// Origin other than the public origin (a missing one too, since the cookie would
// make that a cross-site hijack), a request that is not an upgrade, too many sockets.
// fasthttp's limits do not cover hijacked connections, so chat keeps its own.
func (s *server) websocket(c *fiber.Ctx) error {
	if c.Get(fiber.HeaderOrigin) != s.Origin {
		return errorf(fiber.StatusForbidden, "bad_origin", "the WebSocket's Origin must be %s", s.Origin)
	}
	if !strings.EqualFold(c.Get(fiber.HeaderUpgrade), "websocket") || !headerHasToken(c.Get(fiber.HeaderConnection), "upgrade") {
		return errorf(fiber.StatusUpgradeRequired, "upgrade_required", "this address only speaks WebSocket")
	}
	user, session := currentUser(c), currentSession(c)
	release, ok := s.gate.admit(user.ID)
	if !ok {
		return errorf(fiber.StatusTooManyRequests, "too_many_connections", "at most %d connections per person; close another tab", maxSocketsPerUser)
	}
	// The fiber context is pooled and reused after this handler returns, so the
	// request is copied out before the hijack.
	req := &http.Request{Method: http.MethodGet, Header: http.Header{}, Host: c.Hostname(), RequestURI: "/ws", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
	c.Request().Header.VisitAll(func(k, v []byte) { req.Header.Add(string(k), string(v)) })
	c.Context().HijackSetNoResponse(true)
	c.Context().Hijack(func(nc net.Conn) {
		// fasthttp's read and write deadlines would otherwise cut the socket off.
		_ = nc.SetDeadline(time.Time{})
		// The server keeps hijacked connections (KeepHijackedConns), so this handler
		// returns at once and fasthttp's goroutine, request context and read buffer
		// go; ServeConn owns and closes the connection.
		raw := detach(nc)
		go func() {
			defer release()
			s.Sockets.ServeConn(context.Background(), raw, req, user.ID, session.ID)
		}()
	})
	return nil
}

// detach returns the socket under fasthttp's hijacked connection, which reads through
// fasthttp's 8 KiB buffer, so that the buffer is not kept for the socket's life. Bytes
// fasthttp had already read (a client should send nothing before the 101) are read out
// first, under a deadline in the past, which fails without consuming the socket, and
// are served before it.
func detach(nc net.Conn) net.Conn {
	u, ok := nc.(interface{ UnsafeConn() net.Conn })
	if !ok {
		return nc
	}
	raw := u.UnsafeConn()
	if raw.SetReadDeadline(time.Unix(1, 0)) != nil {
		return nc
	}
	var pending []byte
	var buf [512]byte
	for {
		n, err := nc.Read(buf[:])
		pending = append(pending, buf[:n]...)
		if err != nil {
			break
		}
	}
	_ = raw.SetReadDeadline(time.Time{})
	if len(pending) == 0 {
		return raw
	}
	return &prefixedConn{Conn: raw, r: io.MultiReader(bytes.NewReader(pending), raw)}
}

// prefixedConn reads what was buffered before the connection itself.
type prefixedConn struct {
	net.Conn
	r io.Reader
}

func (c *prefixedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func headerHasToken(header, token string) bool {
	for _, t := range strings.Split(header, ",") {
		if strings.EqualFold(strings.TrimSpace(t), token) {
			return true
		}
	}
	return false
}
