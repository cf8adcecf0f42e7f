package chat

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Config wires a Hub. Store and Auth are required; zero limits take the defaults below.
type Config struct {
	Store  Store
	Auth   Authorizer
	Gate   Gate         // moderation's refusals (mute, ban, lock, slow mode); nil: none
	Broker Broker       // default: an in-process LocalBroker
	Log    *slog.Logger // default: discard
	// GapWait is how long a seq gap waits for the broker before the room reads the
	// store (100 ms): records from several instances may arrive out of order.
	GapWait time.Duration

	TailSize        int           // records kept in memory per active room (500)
	MaxConnsPerUser int           // further connections are closed with 1008 (5)
	MaxReplay       int           // largest gap replayed on join; beyond it, reload (1000)
	SendQueue       int           // queued outbound items per connection before it is dropped (256)
	RatePerMin      int           // sends, edits and deletes per user per minute (100)
	PingInterval    time.Duration // 25 s
	PongWait        time.Duration // a peer silent this long is closed (35 s)
	WriteWait       time.Duration // deadline of one write (10 s)
	// FanoutEvery is the window of a busy room's paced sweep (fanout.go): each socket
	// gets the records it has not had at most once per window, several in one write(2),
	// and waits at most one window for them. It trades that latency, in busy rooms only,
	// for CPU (20 ms; negative: every record is sent at once).
	FanoutEvery   time.Duration
	StoreTimeout  time.Duration // bound on one store call (10 s)
	EditWindow    time.Duration // 15 min
	TypingEvery   time.Duration // at most one typing frame per connection and room (2 s)
	PresenceEvery time.Duration // presence changes of a room go out together, one frame per window (1 s)
	MarkerEvery   time.Duration // read markers are written at most this often, and on leave (3 s)
	Now           func() time.Time
	// Retention returns how long room keeps messages, 0 for ever (nil: all keep). Older
	// records are left out of every read at once; deleting them is the sweeper's job.
	Retention func(room string) time.Duration
	// Markers keeps read markers; nil keeps them in memory while a room is active.
	Markers MarkerStore
	// PresenceAnnounce is how often each instance repeats, per room with members there,
	// who they are; other instances drop the users of one silent for three periods (it
	// died without a goodbye), so they go offline within about four (30 s).
	PresenceAnnounce time.Duration
	// Resources decides whether userID may refer to a library resource in a message
	// (nil error: they may see it). It must answer from memory: it runs on every send
	// that carries a reference. nil refuses every reference.
	Resources func(ctx context.Context, userID, resourceID string) error
}

// MaxFrameBytes is the read limit; a larger frame closes the connection with 1009.
const MaxFrameBytes = 16 << 10

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.TailSize, 500)
	def(&c.MaxConnsPerUser, 5)
	def(&c.MaxReplay, 1000)
	def(&c.SendQueue, 256)
	def(&c.RatePerMin, 100)
	defDur(&c.PingInterval, 25*time.Second)
	defDur(&c.PongWait, 35*time.Second)
	defDur(&c.WriteWait, 10*time.Second)
	defDur(&c.StoreTimeout, 10*time.Second)
	defDur(&c.EditWindow, 15*time.Minute)
	defDur(&c.TypingEvery, 2*time.Second)
	defDur(&c.PresenceEvery, time.Second)
	defDur(&c.PresenceAnnounce, 30*time.Second)
	defDur(&c.MarkerEvery, 3*time.Second)
	defDur(&c.GapWait, 100*time.Millisecond)
	if c.FanoutEvery == 0 {
		c.FanoutEvery = 20 * time.Millisecond // negative: no pacing
	}
	if c.Broker == nil {
		c.Broker = NewLocalBroker()
	}
	if c.Log == nil {
		c.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Hub owns this process's connections and active rooms.
type Hub struct {
	cfg    Config
	broker Broker
	log    *slog.Logger
	ctx    context.Context // bounds store calls; cancelled when Close gives up waiting
	cancel context.CancelFunc
	marks  *markerBook // nil without Config.Markers
	writes *insertGroup

	mu     sync.Mutex
	closed bool
	rooms  map[string]*room
	conns  map[*conn]struct{}
	users  map[string]*userState
	wg     sync.WaitGroup // room goroutines and connections
}

// userState is shared by one user's connections on this process.
type userState struct {
	conns int
	limit *limiter
}

// New returns a running hub.
func New(cfg Config) *Hub {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		cfg: cfg, broker: cfg.Broker, log: cfg.Log, ctx: ctx, cancel: cancel,
		rooms: make(map[string]*room), conns: make(map[*conn]struct{}), users: make(map[string]*userState),
	}
	if cfg.Retention != nil {
		h.cfg.Store = retained{Store: cfg.Store, cutoff: h.cutoff}
	}
	h.writes = &insertGroup{st: h.cfg.Store}
	if cfg.Markers != nil {
		h.marks = newMarkerBook(cfg.Markers, cfg.MarkerEvery, func(err error) {
			h.log.Warn("chat: save read markers", "err", err)
		})
		go h.marks.run(ctx, cfg.StoreTimeout)
	}
	return h
}

// Conns returns the number of open connections.
func (h *Hub) Conns() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// serve runs one upgraded connection, then closes ws. It runs the connection's reader;
// a second goroutine writes while there is something to write.
func (h *Hub) serve(ctx context.Context, ws *websocket.Conn, sc *sockConn, user User) {
	c := newConn(h, ws, sc, user)
	h.mu.Lock()
	u := h.users[user.ID]
	switch {
	case h.closed:
		h.mu.Unlock()
		refuse(ws, websocket.CloseServiceRestart, "service restart", h.cfg.WriteWait)
		return
	case u != nil && u.conns >= h.cfg.MaxConnsPerUser:
		h.mu.Unlock()
		refuse(ws, websocket.ClosePolicyViolation, "too many connections", h.cfg.WriteWait)
		return
	}
	h.conns[c] = struct{}{}
	if u == nil {
		u = &userState{limit: newLimiter(h.cfg.RatePerMin, h.cfg.Now())}
		h.users[user.ID] = u
	}
	u.conns++
	c.limit = u.limit
	h.wg.Add(1)
	h.mu.Unlock()
	defer h.wg.Done()

	stop := context.AfterFunc(ctx, func() { c.kill(websocket.CloseGoingAway, "going away") })
	defer stop()
	c.startPing()
	c.kill(closeAfterRead(c.readLoop(ctx)))
	<-c.finished
	_ = ws.Close()
	c.logUnlogged()
	for _, r := range c.rooms {
		r.leave(context.WithoutCancel(ctx), c)
		h.release(r)
	}

	h.mu.Lock()
	delete(h.conns, c)
	if u.conns--; u.conns == 0 {
		delete(h.users, user.ID)
	}
	h.mu.Unlock()
}

func refuse(ws *websocket.Conn, code int, reason string, wait time.Duration) {
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(wait))
	_ = ws.Close()
}

// Disconnect closes (1008) the connections of userID on this process: all of them when
// room is empty (session revoked, account disabled), else those that joined room
// (removed from it). The client learns why when it reconnects and is refused.
func (h *Hub) Disconnect(userID, room string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if room == "" {
		for c := range h.conns {
			if c.user.ID == userID {
				c.kill(websocket.ClosePolicyViolation, "access revoked")
			}
		}
		return
	}
	if r := h.rooms[room]; r != nil {
		r.mu.Lock()
		for c := range r.members {
			if c.user.ID == userID {
				c.kill(websocket.ClosePolicyViolation, "access revoked")
			}
		}
		r.mu.Unlock()
	}
}

// acquire returns the active room id, creating and loading it if needed, with one more
// reference; release gives the reference back.
func (h *Hub) acquire(ctx context.Context, id string) (*room, error) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrClosed
	}
	r := h.rooms[id]
	if r == nil {
		r = newRoom(h, id)
		h.rooms[id] = r
		h.wg.Add(1)
		go r.run()
	}
	r.refs++
	h.mu.Unlock()
	select {
	case <-r.ready:
	case <-ctx.Done():
		h.release(r)
		return nil, ctx.Err()
	}
	if r.err != nil {
		h.release(r)
		return nil, r.err
	}
	return r, nil
}

func (h *Hub) release(r *room) {
	h.mu.Lock()
	r.refs--
	h.mu.Unlock()
	r.w.poke()
}

// forget removes a room that failed to load, so that the next join tries again.
func (h *Hub) forget(r *room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rooms[r.id] == r {
		delete(h.rooms, r.id)
	}
}

// Close sends every connection a close frame (1012, service restart: reconnect), lets
// pending writes finish and waits for every goroutine, or until ctx ends.
func (h *Hub) Close(ctx context.Context) error {
	h.mu.Lock()
	h.closed = true
	for c := range h.conns {
		c.kill(websocket.CloseServiceRestart, "service restart")
	}
	h.mu.Unlock()
	done := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		h.closeMarkers() // every connection has left its rooms: write their markers
		h.cancel()
		return nil
	case <-ctx.Done():
		h.cancel() // abandon store calls still running
		h.closeMarkers()
		return ctx.Err()
	}
}

// Tell sends payload, one JSON frame, to every connection of userID on this process,
// whatever rooms they joined (a notification for the user). It reports how many it
// went to; a user connected elsewhere is told there, by that instance's own Tell.
func (h *Hub) Tell(userID string, payload []byte) int {
	frame := wsText(payload)
	h.mu.Lock()
	var to []*conn
	for c := range h.conns {
		if c.user.ID == userID {
			to = append(to, c)
		}
	}
	h.mu.Unlock()
	for _, c := range to {
		c.enqueue(frame)
	}
	return len(to)
}
