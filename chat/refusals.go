package chat

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// A connection that has more than MaxRefused of its frames refused within
// RefuseWindow is closed with 1008: a client that keeps sending what it may not has a
// bug or is probing, and each refusal costs an error frame.
const (
	MaxRefused   = 50
	RefuseWindow = 10 * time.Second
)

// refusals counts a connection's refused frames per RefuseWindow, so that the log
// gets one line per connection and window (with how many the window before had
// besides), not one per frame. Refusals come from the reader and, for writes the store
// refused, from the room's writer.
type refusals struct {
	mu    sync.Mutex
	start time.Time // of the current window
	n     int       // refused in it
}

// add counts one refusal at now. It reports whether to log it (the first of a window),
// how many refusals of the previous window went unlogged, and whether this one is the
// first over MaxRefused.
func (r *refusals) add(now time.Time) (log bool, unlogged int, over bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if now.Sub(r.start) >= RefuseWindow {
		unlogged = max(r.n-1, 0)
		r.start, r.n, log = now, 0, true
	}
	r.n++
	return log, unlogged, r.n == MaxRefused+1
}

// unlogged returns how many refusals of the current window went unlogged.
func (r *refusals) unlogged() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return max(r.n-1, 0)
}

// refuse answers a client frame with an error frame. A refusal the client caused is
// counted: logged sampled (attrs: what to log besides the code, never a body), and past
// MaxRefused in a window the connection is closed. A store failure (unavailable) and a
// rate-limited send (the limiter has its own abuse rule) are not the frame's fault.
func (c *conn) refuse(code, msg, ref string, attrs ...any) {
	c.enqueue(wsFrame(ServerFrame{Type: "error", Code: code, Message: msg, Ref: ref}))
	if code == CodeUnavailable || code == CodeRateLimited {
		return
	}
	log, unlogged, over := c.refused.add(c.hub.cfg.Now())
	if log {
		c.hub.log.Warn("chat: refused", append([]any{"code", code, "user", c.user.ID, "unlogged_before", unlogged}, attrs...)...)
	}
	if over {
		c.hub.log.Warn("chat: too many refused frames, closing", "user", c.user.ID, "refused", MaxRefused+1, "within", RefuseWindow)
		c.kill(websocket.ClosePolicyViolation, "too many refused frames")
	}
}

// logUnlogged tells, when the connection ends, how many refusals of its last window
// went unlogged.
func (c *conn) logUnlogged() {
	if n := c.refused.unlogged(); n > 0 {
		c.hub.log.Warn("chat: refused, unlogged until the connection ended", "user", c.user.ID, "unlogged", n)
	}
}
