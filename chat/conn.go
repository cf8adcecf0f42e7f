package chat

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// conn is one WebSocket. Its reader goroutine (serve's) decodes and handles frames and
// owns rooms, typed and readSeq. A frame for an idle socket is written at once, without
// waiting, by whoever sends it (enqueue); what the socket does not take, and everything
// while it is busy, goes to a writer goroutine that runs only while there is something
// to write (frames, a ping, the close), so an idle connection costs one goroutine.
type conn struct {
	hub     *Hub
	ws      *websocket.Conn
	sc      *sockConn // ws's connection
	user    User
	limit   *limiter
	refused refusals

	qmu      sync.Mutex
	queue    [][][]byte // bounded (SendQueue items): a full queue drops the connection, never the room
	rest     []byte     // of a frame enqueue began writing; the socket stays held until the writer writes it
	pingDue  bool
	writing  bool          // a writer goroutine runs; stays true once the connection is finished
	ping     *time.Timer   // sets pingDue every PingInterval; nil until admitted
	finished chan struct{} // closed once the close frame is written and the socket closed
	closing  chan struct{}
	once     sync.Once
	code     int // close code to send, 0 for none; written once before closing is closed
	reason   string
	// closingRead: finish has set the read deadline of the closing handshake, which
	// extendRead must no longer move. Guarded by qmu.
	closingRead bool

	rooms   map[string]*room
	typed   map[string]time.Time // last typing frame published, per room
	readSeq map[string]int64     // last read marker published, per room
}

func newConn(h *Hub, ws *websocket.Conn, sc *sockConn, user User) *conn {
	return &conn{
		hub: h, ws: ws, sc: sc, user: user,
		finished: make(chan struct{}), closing: make(chan struct{}),
		rooms: make(map[string]*room), typed: make(map[string]time.Time), readSeq: make(map[string]int64),
	}
}

// startPing pings the peer every PingInterval until the connection finishes.
func (c *conn) startPing() {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	c.ping = time.AfterFunc(c.hub.cfg.PingInterval, c.pingSoon)
}

// enqueue has frames (wsText's) written in order without blocking. An idle socket
// takes a single frame at once, from the calling goroutine, as far as its buffer
// allows: no writer goroutine to start and wake for the common case. The rest is
// queued for the writer. A connection that cannot keep up is closed with 1013 so that
// it resumes later instead of slowing others.
func (c *conn) enqueue(frames ...[]byte) {
	c.qmu.Lock()
	if !c.writing && len(frames) == 1 {
		// Not writing: nothing is queued, and the socket is not closing.
		n, held := c.sc.tryWrite(frames[0])
		if held {
			c.rest = frames[0][n:]
			c.startWriter()
		}
		if held || n == len(frames[0]) {
			c.qmu.Unlock()
			return
		}
	}
	if len(c.queue) >= c.hub.cfg.SendQueue {
		c.qmu.Unlock()
		c.kill(websocket.CloseTryAgainLater, "slow consumer")
		return
	}
	c.queue = append(c.queue, frames)
	c.startWriter()
	c.qmu.Unlock()
}

func (c *conn) pingSoon() {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.killed() {
		return // finish stops the timer, or has stopped it
	}
	c.pingDue = true
	c.startWriter()
	c.ping.Reset(c.hub.cfg.PingInterval)
}

// startWriter starts the writer goroutine unless one runs. Caller holds qmu.
func (c *conn) startWriter() {
	if !c.writing {
		c.writing = true
		go c.writeLoop()
	}
}

// next hands the writer everything queued and whether a ping is due, and reuses the
// batch it wrote before (done, cleared) as the new queue when that was large; else the
// queue starts from nil, so an idle connection keeps none. With nothing to do it ends
// the writer (exit), unless the connection is closing: then the writer must finish it.
func (c *conn) next(done [][][]byte) (items [][][]byte, ping, exit bool) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	items, ping = c.queue, c.pingDue
	c.pingDue = false
	if cap(done) > 8 {
		c.queue = done[:0]
	} else {
		c.queue = nil
	}
	if len(items) == 0 && !ping && !c.killed() {
		c.writing = false
		return nil, false, true
	}
	return items, ping, false
}

// kill asks the writer to send a close frame with code (none if 0) and close the socket.
// The first call wins.
func (c *conn) kill(code int, reason string) {
	c.once.Do(func() {
		c.code, c.reason = code, reason
		close(c.closing)
		c.qmu.Lock()
		c.startWriter()
		c.qmu.Unlock()
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

// writeLoop writes until nothing is left, or finishes a closing connection. Frames still
// queued when it closes are dropped: the client resumes from its last seq.
func (c *conn) writeLoop() {
	c.qmu.Lock()
	rest := c.rest // set only before this writer started
	c.rest = nil
	c.qmu.Unlock()
	if rest != nil {
		if err := c.sc.finishHeld(rest); err != nil {
			c.kill(0, "")
		}
	}
	var items [][][]byte
	var bufs net.Buffers
	for {
		if c.killed() {
			c.finish()
			return
		}
		var ping, exit bool
		items, ping, exit = c.next(items)
		if exit {
			return
		}
		bufs = bufs[:0]
		for _, frames := range items {
			bufs = append(bufs, frames...)
		}
		if ping {
			bufs = append(bufs, pingFrame)
		}
		out := bufs // WriteTo consumes its receiver; bufs keeps the array for reuse
		if err := c.sc.writeFrames(&out); err != nil {
			c.kill(0, "")
		}
		clear(items) // the frames are garbage once written
		clear(bufs)
	}
}

// closeWait is how long a closing connection waits for the peer's close frame.
const closeWait = time.Second

// finish sends the close frame, if any, and starts the closing handshake: the reader
// reads on, dropping frames, until the peer answers with its own close frame or
// closeWait passes, and serve then closes the socket. Closed at once, with frames of the
// peer still unread, the socket would send a reset, which can destroy the close frame
// (and its code) before the peer reads it. The writer never runs again (writing stays
// true).
func (c *conn) finish() {
	c.qmu.Lock()
	if c.ping != nil {
		c.ping.Stop()
	}
	c.qmu.Unlock()
	if c.code != 0 {
		msg := websocket.FormatCloseMessage(c.code, c.reason)
		_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(c.hub.cfg.WriteWait))
	}
	c.qmu.Lock()
	c.closingRead = true
	_ = c.ws.SetReadDeadline(time.Now().Add(closeWait))
	c.qmu.Unlock()
	close(c.finished)
}

// extendRead gives the peer PongWait more to send something, unless the connection is
// closing: then finish has set when the peer's close frame must have come.
func (c *conn) extendRead() {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if !c.closingRead {
		_ = c.ws.SetReadDeadline(time.Now().Add(c.hub.cfg.PongWait))
	}
}

// readLoop reads frames until the peer goes away or closes, stays silent past PongWait,
// or the connection is killed and the peer has answered the close or closeWait has
// passed; it returns why it stopped. A frame over MaxFrameBytes kills the connection with
// 1009 and, like every frame of a killed connection, is dropped unread (gorilla skips
// what is left of it), so the closing handshake goes on as for any other close: gorilla's
// own read limit would close the socket at once, with the frame's rest unread.
func (c *conn) readLoop(ctx context.Context) error {
	c.extendRead()
	c.ws.SetPongHandler(func(string) error { c.extendRead(); return nil })
	c.ws.SetCloseHandler(c.peerClosed)
	for {
		typ, r, err := c.ws.NextReader()
		if err != nil {
			return err
		}
		if c.killed() {
			continue
		}
		c.extendRead()
		data, err := io.ReadAll(io.LimitReader(r, MaxFrameBytes+1))
		if err != nil {
			return err
		}
		if len(data) > MaxFrameBytes {
			c.kill(websocket.CloseMessageTooBig, "frame too large")
			continue
		}
		if typ != websocket.TextMessage {
			c.refuse(CodeBadFrame, "only text frames are accepted", "")
			continue
		}
		c.handle(ctx, data)
	}
}

// peerClosed answers a close frame the peer sent first with the same code; a close frame
// that answers the server's own needs no answer.
func (c *conn) peerClosed(code int, _ string) error {
	if c.killed() {
		return nil
	}
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""), time.Now().Add(c.hub.cfg.WriteWait))
	return nil
}

// closeAfterRead is the close frame to send once the reader has stopped by itself: 1001
// when the peer stayed silent past PongWait (it is likely gone; the socket closes without
// waiting for an answer), none when the peer closed (peerClosed answered) or the
// connection failed.
func closeAfterRead(err error) (code int, reason string) {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return websocket.CloseGoingAway, "ping timeout"
	}
	return 0, ""
}
