package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats-server/v2/server"

	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// cluster is two instances on one store and one NATS server.
type cluster struct {
	top      *testing.T // owns what outlives one subtest
	nats     *server.Server
	natsPort int
	args     []string
	a, b     *instance
}

// member is a person with a session, signed in on the first instance.
type member struct {
	client *apitest.Client
	id     string
}

// readFrame reads one frame with a deadline.
func readFrame(ws *websocket.Conn, within time.Duration) (frame, error) {
	_ = ws.SetReadDeadline(time.Now().Add(within))
	var f frame
	_, data, err := ws.ReadMessage()
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(data, &f)
}

// messageSeqs reads frames until n messages have come and returns their seqs.
func messageSeqs(t *testing.T, ws *websocket.Conn, n int) []int64 {
	t.Helper()
	var seqs []int64
	for len(seqs) < n {
		f, err := readFrame(ws, 15*time.Second)
		if err != nil {
			t.Fatalf("after %d of %d messages: %v", len(seqs), n, err)
		}
		if f.Type == "message" {
			seqs = append(seqs, f.Seq)
		}
	}
	return seqs
}

func joinRoom(t *testing.T, ws *websocket.Conn, room string) {
	t.Helper()
	send(t, ws, map[string]any{"type": "join", "room": room})
	next(t, ws, "joined")
}

// TestTwoInstances runs two instances that share one store over NATS: one order for all
// subscribers, idempotent sends across instances, revocation, a NATS outage, and a
// resume after one instance restarts.
func TestTwoInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	c := &cluster{top: t, nats: ns, natsPort: ns.Addr().(*net.TCPAddr).Port}
	c.args = []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	c.a = startServer(t, t.TempDir(), c.args...)
	anon := apitest.New(t, c.a.URL, c.a.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": c.a.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	var people []member
	for i, name := range []string{"Esperança", "Lerato", "Thandi", "Nomsa"} {
		cl, orgID := apply(t, anon, name, emergingProfile(fmt.Sprintf("Coletivo %d", i)))
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
		var me struct {
			User struct {
				ID string `json:"id"`
			} `json:"user"`
		}
		cl.Do(http.MethodGet, "/api/v1/me", nil).Want(200).JSON(&me)
		people = append(people, member{client: cl, id: me.User.ID})
	}
	var space struct {
		ID string `json:"id"`
	}
	people[0].client.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&space)
	for _, p := range people[1:] {
		p.client.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)
	}
	// The second instance starts after the setup, so it loads rooms and roles from the store.
	c.b = startServer(t, t.TempDir(), c.args...)

	t.Run("order", func(t *testing.T) { testClusterOrder(t, c, people[0], people[1], space.ID) })
	t.Run("idempotent", func(t *testing.T) { testClusterIdempotent(t, c, people[2], space.ID) })
	t.Run("revocation", func(t *testing.T) { testClusterRevocation(t, c, anon, space.ID) })
	t.Run("disable", func(t *testing.T) { testClusterDisable(t, c, admin, anon, people[2], space.ID) })
	t.Run("rooms", func(t *testing.T) { testClusterRooms(t, c, people[0], people[1]) })
	t.Run("organisations and exchanges", func(t *testing.T) { testClusterState(t, c, admin, anon) })
	t.Run("nats outage", func(t *testing.T) { testClusterOutage(t, c, people[3], space.ID) })
	t.Run("resume after restart", func(t *testing.T) { testClusterRestart(t, c, people[3], space.ID) })
	t.Run("presence", func(t *testing.T) { testClusterPresence(t, c, anon, people, space.ID) })
}

// Ten senders, half on each instance, and subscribers on both see one order.
func testClusterOrder(t *testing.T, c *cluster, p, q member, room string) {
	const each = 5
	var senders, all []*websocket.Conn
	for i := range 10 {
		who, srv := p, c.a
		if i%2 == 1 {
			srv = c.b
		}
		if i >= 5 {
			who = q
		}
		ws := mustDial(t, srv, who.client)
		joinRoom(t, ws, room)
		senders = append(senders, ws)
	}
	all = append(all, senders...)
	for _, srv := range []*instance{c.a, c.b} {
		ws := mustDial(t, srv, p.client)
		joinRoom(t, ws, room)
		all = append(all, ws)
	}
	// Writes go from one goroutine per socket; reads below from this one.
	var wg sync.WaitGroup
	for i, ws := range senders {
		wg.Go(func() {
			for k := range each {
				if err := ws.WriteJSON(map[string]any{"type": "send", "room": room, "client_id": fmt.Sprintf("o%d-%d", i, k), "body": "hello"}); err != nil {
					t.Errorf("send: %v", err)
				}
			}
		})
	}
	wg.Wait()
	var want []int64
	for i, ws := range all {
		got := messageSeqs(t, ws, 10*each)
		if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("socket %d: seqs %v not strictly increasing", i, got)
		}
		if want == nil {
			want = got
		} else if !slices.Equal(got, want) {
			t.Errorf("socket %d saw %v, socket 0 saw %v", i, got, want)
		}
	}
}

// The same client id sent to both instances at once stores one message, acked alike.
func testClusterIdempotent(t *testing.T, c *cluster, p member, room string) {
	onA, onB := mustDial(t, c.a, p.client), mustDial(t, c.b, p.client)
	watcher := mustDial(t, c.b, p.client)
	for _, ws := range []*websocket.Conn{onA, onB, watcher} {
		joinRoom(t, ws, room)
	}
	var wg sync.WaitGroup
	acks := make([]frame, 2)
	for _, ws := range []*websocket.Conn{onA, onB} {
		wg.Go(func() {
			if err := ws.WriteJSON(map[string]any{"type": "send", "room": room, "client_id": "twice", "body": "once"}); err != nil {
				t.Errorf("send: %v", err)
			}
		})
	}
	wg.Wait()
	for i, ws := range []*websocket.Conn{onA, onB} {
		acks[i] = next(t, ws, "ack")
	}
	if acks[0].ID != acks[1].ID || acks[0].Seq != acks[1].Seq {
		t.Errorf("acks differ: %+v and %+v", acks[0], acks[1])
	}
	// One more message behind it: the watcher must see the first exactly once before it.
	send(t, onA, map[string]any{"type": "send", "room": room, "client_id": "after", "body": "next"})
	after := next(t, onA, "ack")
	var seen []int64
	for {
		f := next(t, watcher, "message")
		seen = append(seen, f.Seq)
		if f.Seq == after.Seq {
			break
		}
	}
	if !slices.Equal(seen, []int64{acks[0].Seq, after.Seq}) {
		t.Errorf("watcher saw seqs %v, want [%d %d]", seen, acks[0].Seq, after.Seq)
	}
}

// Logging a session out on one instance closes its sockets on the other within a second,
// and leaves the user's other sessions connected.
func testClusterRevocation(t *testing.T, c *cluster, anon *apitest.Client, room string) {
	doomed, kept := login(t, anon, "Thandi"), login(t, anon, "Thandi")
	wsDoomed, wsKept := mustDial(t, c.b, doomed), mustDial(t, c.b, kept)
	joinRoom(t, wsDoomed, room)
	joinRoom(t, wsKept, room)
	doomed.Do(http.MethodPost, "/api/v1/auth/logout", nil).Want(204)
	waitRevoked(t, wsDoomed, time.Now(), "logout")
	send(t, wsKept, map[string]any{"type": "send", "room": room, "client_id": "still-here", "body": "hi"})
	next(t, wsKept, "ack")
}

// waitRevoked reads ws until it closes and fails unless it closed with 1008 within a
// second of since.
func waitRevoked(t *testing.T, ws *websocket.Conn, since time.Time, what string) {
	t.Helper()
	for {
		_, err := readFrame(ws, 2*time.Second)
		if err == nil {
			continue
		}
		if !websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
			t.Fatalf("after %s the socket ended with %v, want close 1008", what, err)
		}
		break
	}
	if d := time.Since(since); d > time.Second {
		t.Errorf("socket closed %v after %s, want within 1 s", d, what)
	}
}

// An admin on one instance disables an account: its sockets on the other close within a
// second, its sessions and sign-ins are refused on both, and enabling lets it sign in
// again. Admins cannot disable themselves; nobody else can disable anyone.
func testClusterDisable(t *testing.T, c *cluster, admin, anon *apitest.Client, who member, room string) {
	s := login(t, anon, "Thandi")
	ws := mustDial(t, c.b, s)
	joinRoom(t, ws, room)
	who.client.Do(http.MethodPost, "/api/v1/admin/users/"+who.id+"/disable", nil).Want(404)
	var me struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	admin.Do(http.MethodGet, "/api/v1/me", nil).Want(200).JSON(&me)
	if code := admin.Do(http.MethodPost, "/api/v1/admin/users/"+me.User.ID+"/disable", nil).Want(409).ErrorCode(); code != "own_account" {
		t.Errorf("disabling oneself: got code %q, want own_account", code)
	}
	admin.Do(http.MethodPost, "/api/v1/admin/users/no-such-user/disable", nil).Want(404)

	admin.Do(http.MethodPost, "/api/v1/admin/users/"+who.id+"/disable", nil).Want(200)
	waitRevoked(t, ws, time.Now(), "disabling the account")
	onB := s.For(t) // the same session, on the other instance
	onB.BaseURL = c.b.URL
	for _, cl := range []*apitest.Client{s, onB} {
		cl.Do(http.MethodGet, "/api/v1/me", nil).Want(401)
	}
	anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Thandi", "password": testPassword}).Want(401)
	if _, resp, err := dialSocket(t, c.b, s, c.b.URL); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("dial with a disabled account's session: %v, want 401", err)
	}

	admin.Do(http.MethodPost, "/api/v1/admin/users/"+who.id+"/enable", nil).Want(200)
	login(t, anon, "Thandi")
}

// A space created on one instance can be joined on the other at once and shows in its
// lists soon after; a retention set on one soon applies on the other.
func testClusterRooms(t *testing.T, c *cluster, owner, guest member) {
	var space struct {
		ID string `json:"id"`
	}
	owner.client.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Peer outreach", "access": "open"}).Want(201).JSON(&space)
	onB := guest.client.For(t)
	onB.BaseURL, onB.Origin = c.b.URL, c.b.URL
	type listed struct {
		ID            string `json:"id"`
		RetentionDays int    `json:"retention_days"`
	}
	find := func(key string) (listed, bool) {
		var lists map[string][]listed
		onB.Do(http.MethodGet, "/api/v1/rooms", nil).Want(200).JSON(&lists)
		for _, r := range lists[key] {
			if r.ID == space.ID {
				return r, true
			}
		}
		return listed{}, false
	}
	// The change travels through NATS and a store read; how fast is for benchmarks.
	if !eventually(5*time.Second, func() bool { _, ok := find("joinable"); return ok }) {
		t.Fatal("the new space is not joinable on the other instance within 5 s")
	}
	onB.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)

	owner.client.Do(http.MethodPut, "/api/v1/rooms/"+space.ID+"/retention", map[string]int{"days": 7}).Want(200)
	if !eventually(5*time.Second, func() bool { r, ok := find("rooms"); return ok && r.RetentionDays == 7 }) {
		t.Fatal("the retention does not apply on the other instance within 5 s")
	}

	// A member let into an invite-only space on A can use it through B: B reloads
	// roles when A stores a change.
	var closed struct {
		ID string `json:"id"`
	}
	owner.client.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Leads only", "access": "invite"}).Want(201).JSON(&closed)
	owner.client.Do(http.MethodPost, "/api/v1/rooms/"+closed.ID+"/members", map[string]string{"user_id": guest.id}).Want(204)
	ws := mustDial(t, c.b, guest.client)
	joined := eventually(5*time.Second, func() bool {
		send(t, ws, map[string]any{"type": "join", "room": closed.ID})
		f := collectOne(t, ws, "joined", "error")
		return f.Type == "joined"
	})
	if !joined {
		t.Fatal("a member let in on A cannot join through B within 5 s")
	}
}

// collectOne reads frames until one of the given types arrives and returns it.
func collectOne(t *testing.T, ws *websocket.Conn, types ...string) frame {
	t.Helper()
	for {
		f, err := readFrame(ws, 10*time.Second)
		if err != nil {
			t.Fatalf("waiting for %v: %v", types, err)
		}
		if slices.Contains(types, f.Type) {
			return f
		}
	}
}

// With NATS down, sends on one instance are stored and acked; when NATS returns, the
// other instance's subscribers get every one, in order, once.
func testClusterOutage(t *testing.T, c *cluster, p member, room string) {
	sender, sub := mustDial(t, c.a, p.client), mustDial(t, c.b, p.client)
	joinRoom(t, sender, room)
	joinRoom(t, sub, room)
	c.nats.Shutdown()
	c.nats.WaitForShutdown()
	var want []int64
	for i := range 5 {
		send(t, sender, map[string]any{"type": "send", "room": room, "client_id": fmt.Sprintf("dark%d", i), "body": "in the dark"})
		want = append(want, next(t, sender, "ack").Seq)
	}
	c.nats = natstest.Start(c.top, c.natsPort)
	if got := messageSeqs(t, sub, len(want)); !slices.Equal(got, want) {
		t.Fatalf("after the outage got seqs %v, want %v", got, want)
	}
	// Nothing more may follow: a later message is the next thing the subscriber sees.
	send(t, sender, map[string]any{"type": "send", "room": room, "client_id": "light", "body": "back"})
	last := next(t, sender, "ack").Seq
	if got := messageSeqs(t, sub, 1); got[0] != last {
		t.Errorf("after the outage's messages got seq %d, want %d (a duplicate?)", got[0], last)
	}
}

// A client of an instance that restarts resumes there with its last seq, exactly.
func testClusterRestart(t *testing.T, c *cluster, p member, room string) {
	sender, sub := mustDial(t, c.a, p.client), mustDial(t, c.b, p.client)
	joinRoom(t, sender, room)
	joinRoom(t, sub, room)
	send(t, sender, map[string]any{"type": "send", "room": room, "client_id": "before-restart", "body": "x"})
	next(t, sender, "ack")
	seen := next(t, sub, "message").Seq
	c.b.stop()
	var want []int64
	for i := range 3 {
		send(t, sender, map[string]any{"type": "send", "room": room, "client_id": fmt.Sprintf("while-away%d", i), "body": "x"})
		want = append(want, next(t, sender, "ack").Seq)
	}
	c.b = startServer(c.top, c.top.TempDir(), c.args...)
	again := mustDial(t, c.b, p.client)
	send(t, again, map[string]any{"type": "join", "room": room, "last_seq": seen})
	next(t, again, "joined")
	if got := messageSeqs(t, again, len(want)); !slices.Equal(got, want) {
		t.Errorf("resumed with seqs %v, want %v", got, want)
	}
}
