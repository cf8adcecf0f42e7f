package chat

import (
	"context"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// conn is one WebSocket. Its reader goroutine (Serve's) decodes and handles frames and
// owns rooms, typed and readSeq; its writer goroutine owns every write except control frames.
type conn struct {
	hub   *Hub
	ws    *websocket.Conn
	bc    *batchConn // ws's connection
	user  User
	limit *limiter

	qmu     sync.Mutex
	queue   [][][]byte    // bounded (SendQueue items): a full queue drops the connection, never the room
	wake    chan struct{} // one token: the queue is not empty
	closing chan struct{}
	once    sync.Once
	code    int // close code to send, 0 for none; written once before closing is closed
	reason  string

	rooms   map[string]*room
	typed   map[string]time.Time // last typing frame published, per room
	readSeq map[string]int64     // last read marker published, per room
}

func newConn(h *Hub, ws *websocket.Conn, user User) *conn {
	bc, _ := ws.NetConn().(*batchConn)
	return &conn{
		hub: h, ws: ws, bc: bc, user: user,
		wake: make(chan struct{}, 1), closing: make(chan struct{}),
		rooms: make(map[string]*room), typed: make(map[string]time.Time), readSeq: make(map[string]int64),
	}
}

// enqueue queues frames to be written in order without blocking. A connection that
// cannot keep up is closed with 1013 so that it resumes later instead of slowing others.
func (c *conn) enqueue(frames [][]byte) {
	c.qmu.Lock()
	if len(c.queue) >= c.hub.cfg.SendQueue {
		c.qmu.Unlock()
		c.kill(websocket.CloseTryAgainLater, "slow consumer")
		return
	}
	c.queue = append(c.queue, frames)
	c.qmu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// take hands the writer everything queued, and reuses the batch it wrote before (done,
// cleared) as the new queue when that was large; else the queue starts from nil, so an
// idle connection keeps none. While the writer works through a batch, up to SendQueue
// more items can queue.
func (c *conn) take(done [][][]byte) [][][]byte {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	items := c.queue
	if cap(done) > 8 {
		c.queue = done[:0]
	} else {
		c.queue = nil
	}
	return items
}

// kill asks the writer to send a close frame with code (none if 0) and close the socket.
// The first call wins.
func (c *conn) kill(code int, reason string) {
	c.once.Do(func() {
		c.code, c.reason = code, reason
		close(c.closing)
	})
}

func (c *conn) killed() bool {
	select {
	case <-c.closing:
		return true
	default:
		return false
	}
}

func (c *conn) writeLoop() {
	cfg := c.hub.cfg
	ping := time.NewTicker(cfg.PingInterval)
	defer ping.Stop()
	defer c.ws.Close()
	var items [][][]byte
	for {
		select {
		case <-c.closing:
			if c.code != 0 {
				msg := websocket.FormatCloseMessage(c.code, c.reason)
				_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(cfg.WriteWait))
			}
			return
		case <-c.wake:
			// Everything queued goes out with one write: gorilla's frame writes land in
			// bc's buffer until flush.
			items = c.take(items)
			if c.bc != nil {
				c.bc.begin()
			}
			for _, frames := range items {
				for _, f := range frames {
					_ = c.ws.SetWriteDeadline(time.Now().Add(cfg.WriteWait))
					if err := c.ws.WriteMessage(websocket.TextMessage, f); err != nil {
						c.kill(0, "")
						return
					}
				}
			}
			clear(items) // the frames are garbage once written
			if c.bc != nil {
				if err := c.bc.flush(); err != nil {
					c.kill(0, "")
					return
				}
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(cfg.WriteWait)); err != nil {
				c.kill(0, "")
				return
			}
		}
	}
}

// readLoop reads frames until the peer goes away, stays silent past PongWait, sends a
// frame over the read limit (gorilla then closes with 1009) or the connection is killed.
func (c *conn) readLoop(ctx context.Context) {
	wait := c.hub.cfg.PongWait
	c.ws.SetReadLimit(MaxFrameBytes)
	_ = c.ws.SetReadDeadline(time.Now().Add(wait))
	c.ws.SetPongHandler(func(string) error { return c.ws.SetReadDeadline(time.Now().Add(wait)) })
	for !c.killed() {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		_ = c.ws.SetReadDeadline(time.Now().Add(wait))
		if typ != websocket.TextMessage {
			c.refuse(CodeBadFrame, "only text frames are accepted", "")
			continue
		}
		c.handle(ctx, data)
	}
}
