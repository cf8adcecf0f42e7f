package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// inFrame is the part of a server frame the load tool reads.
type inFrame struct {
	Type     string `json:"type"`
	Room     string `json:"room"`
	Seq      int64  `json:"seq"`
	Body     string `json:"body"`
	ClientID string `json:"client_id"`
	Ref      string `json:"ref"`
	Code     string `json:"code"`
	Replayed int    `json:"replayed"`
	Reload   bool   `json:"reload"`
}

// lconn is one load socket in one room. Its reader goroutine tracks what arrives; writes
// come from one goroutine at a time (setup, then the socket's sender).
type lconn struct {
	ws   *websocket.Conn
	user *loadUser
	room string
	st   *loadStats
	done chan struct{} // closed when the reader ends

	joined  chan inFrame  // the answer to the join in flight
	hold    chan struct{} // if set, the reader stops after the join until resume
	resumed sync.Once
	// caughtUp gets a token when the replay announced by a joined frame has arrived.
	caughtUp chan struct{}

	mu       sync.Mutex
	seen     seqSet
	last     int64
	replay   int                  // replayed messages still to come after a joined frame
	pending  map[string]time.Time // sent, not yet acked, by client_id
	closeErr error
}

// loadDialer is shared by every load socket. Small buffers: the tool may hold 10,000.
var loadDialer = websocket.Dialer{HandshakeTimeout: 60 * time.Second, ReadBufferSize: 2048, WriteBufferSize: 1024}

// dial opens /ws as u. A refusal for too many sockets is retried briefly: the server
// counts a socket the client closed until it has seen the close.
// With hold, the reader stops after the join until resume is called (a slow consumer).
func dial(ctx context.Context, c loadConfig, u *loadUser, room string, st *loadStats, hold bool) (*lconn, error) {
	h := http.Header{}
	h.Set("Origin", c.origin)
	h.Set("Cookie", sessionCookie+"="+u.token)
	wsURL := "ws" + strings.TrimPrefix(c.url, "http") + "/ws"
	backoff := 20 * time.Millisecond
	for attempt := 0; ; attempt++ {
		ws, resp, err := loadDialer.DialContext(ctx, wsURL, h)
		if err == nil {
			lc := &lconn{ws: ws, user: u, room: room, st: st, done: make(chan struct{}), joined: make(chan inFrame, 1), caughtUp: make(chan struct{}, 1), pending: map[string]time.Time{}}
			if hold {
				lc.hold = make(chan struct{})
			}
			go lc.read()
			return lc, nil
		}
		if resp == nil || resp.StatusCode != http.StatusTooManyRequests || attempt == 8 {
			if resp != nil {
				return nil, fmt.Errorf("dial /ws as %s: %w (status %d)", u.name, err, resp.StatusCode)
			}
			return nil, fmt.Errorf("dial /ws as %s: %w", u.name, err)
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		backoff *= 2
	}
}

// join subscribes to the socket's room: live only when lastSeq < 0, else replaying
// everything after lastSeq. It returns the joined frame.
func (lc *lconn) join(ctx context.Context, lastSeq int64) (inFrame, error) {
	f := map[string]any{"type": "join", "room": lc.room}
	if lastSeq >= 0 {
		f["last_seq"] = lastSeq
	}
	if err := lc.ws.WriteJSON(f); err != nil {
		return inFrame{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	select {
	case j := <-lc.joined:
		if j.Type == "error" {
			return j, fmt.Errorf("join %s as %s: %s", lc.room, lc.user.name, j.Code)
		}
		return j, nil
	case <-lc.done:
		return inFrame{}, fmt.Errorf("join %s as %s: socket closed: %v", lc.room, lc.user.name, lc.err())
	case <-ctx.Done():
		return inFrame{}, fmt.Errorf("join %s as %s: %w", lc.room, lc.user.name, ctx.Err())
	}
}

// send posts one message whose body starts with the send time, for latency.
func (lc *lconn) send(now time.Time, bodyBytes int) error {
	// Numbered per account, not per socket: a reused client_id would be acked as a retry.
	id := lc.user.name + "-" + strconv.FormatInt(lc.user.sent.Add(1), 10)
	lc.mu.Lock()
	lc.pending[id] = now
	lc.mu.Unlock()
	lc.st.sent.Add(1)
	body := strconv.FormatInt(now.UnixNano(), 10) + " "
	body += strings.Repeat("x", max(0, bodyBytes-len(body)))
	return lc.ws.WriteJSON(map[string]string{"type": "send", "room": lc.room, "client_id": id, "body": body})
}

func (lc *lconn) read() {
	defer close(lc.done)
	for {
		_, data, err := lc.ws.ReadMessage()
		if err != nil {
			lc.mu.Lock()
			lc.closeErr = err
			lc.mu.Unlock()
			return
		}
		now := time.Now()
		f, ok := quickMessage(data)
		if !ok {
			if err := json.Unmarshal(data, &f); err != nil {
				lc.st.badFrames.Add(1)
				continue
			}
		}
		switch f.Type {
		case "message", "edit", "delete":
			lc.deliver(f, now)
		case "ack":
			lc.acked(f, now)
		case "joined":
			lc.mu.Lock()
			lc.replay = f.Replayed
			lc.mu.Unlock()
			if f.Replayed == 0 {
				lc.signalCaughtUp()
			}
			lc.joined <- f
			if lc.hold != nil {
				<-lc.hold
			}
		case "error":
			if f.Ref == "" || lc.ref(f.Ref) {
				lc.st.errors.note(f.Code)
			}
			if f.Ref == "" {
				// Only a join is sent without a ref; its answer unblocks join.
				select {
				case lc.joined <- f:
				default:
				}
			}
		}
	}
}

// quickMessage reads the seq and the body's timestamp of a message frame without a JSON
// decoder: at 100,000 deliveries a second the decoder would make the tool, which shares
// the machine with the server, the bottleneck. Anything unexpected falls back to it.
func quickMessage(data []byte) (inFrame, bool) {
	rest, ok := bytes.CutPrefix(data, []byte(`{"type":"message",`))
	if !ok {
		return inFrame{}, false
	}
	_, after, ok := bytes.Cut(rest, []byte(`"seq":`))
	if !ok {
		return inFrame{}, false
	}
	end := bytes.IndexByte(after, ',')
	seq, err := strconv.ParseInt(string(after[:max(end, 0)]), 10, 64)
	if err != nil {
		return inFrame{}, false
	}
	_, body, ok := bytes.Cut(after, []byte(`"body":"`))
	if !ok {
		return inFrame{}, false
	}
	sent, _, ok := bytes.Cut(body, []byte(" "))
	if !ok || len(sent) > 20 {
		return inFrame{}, false
	}
	return inFrame{Type: "message", Seq: seq, Body: string(sent) + " "}, true
}

// deliver checks the per-room order (strictly increasing seq per subscriber) and counts
// the delivery; live messages also give a latency sample.
func (lc *lconn) deliver(f inFrame, now time.Time) {
	lc.mu.Lock()
	replayed := lc.replay > 0
	if replayed {
		if lc.replay--; lc.replay == 0 {
			lc.signalCaughtUp()
		}
	}
	switch {
	case lc.seen.has(f.Seq):
		lc.st.duplicates.Add(1)
	case f.Seq < lc.last:
		lc.st.orderViolations.Add(1)
	}
	lc.seen.add(f.Seq)
	lc.last = max(lc.last, f.Seq)
	lc.mu.Unlock()
	if replayed {
		lc.st.replayed.Add(1)
		return
	}
	lc.st.deliveries.Add(1)
	if sent, _, ok := strings.Cut(f.Body, " "); ok {
		if ns, err := strconv.ParseInt(sent, 10, 64); err == nil {
			lc.st.latency.record(now.Sub(time.Unix(0, ns)))
		}
	}
}

func (lc *lconn) signalCaughtUp() {
	select {
	case lc.caughtUp <- struct{}{}:
	default:
	}
}

func (lc *lconn) acked(f inFrame, now time.Time) {
	lc.mu.Lock()
	sent, ok := lc.pending[f.ClientID]
	delete(lc.pending, f.ClientID)
	lc.mu.Unlock()
	if !ok {
		return
	}
	lc.st.acked.Add(1)
	lc.st.ackLatency.record(now.Sub(sent))
	lc.st.ackedSeqs.add(lc.room, f.Seq)
}

// ref settles a refused send; it reports whether ref was one.
func (lc *lconn) ref(ref string) bool {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if _, ok := lc.pending[ref]; !ok {
		return false
	}
	delete(lc.pending, ref)
	return true
}

// lastSeq is the highest seq the socket has seen.
func (lc *lconn) lastSeq() int64 {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.last
}

func (lc *lconn) err() error {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.closeErr
}

// resume lets a held reader go on.
func (lc *lconn) resume() {
	if lc.hold != nil {
		lc.resumed.Do(func() { close(lc.hold) })
	}
}

// close says goodbye and waits for the reader to end, so that the server has released
// the socket before the caller reconnects.
func (lc *lconn) close() {
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
	_ = lc.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(5*time.Second))
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case <-lc.done:
	case <-t.C:
	}
	_ = lc.ws.Close()
	<-lc.done
}

// closeCode is the close code the server sent, or 0.
func (lc *lconn) closeCode() int {
	var ce *websocket.CloseError
	if errors.As(lc.err(), &ce) {
		return ce.Code
	}
	return 0
}
