package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// TestExchangeRoomAcrossInstances: two instances share one store over NATS. A mentor named
// on A after the accept can join the exchange room through B; un-named on A while
// connected to both, their sockets close (1008) within a second on both, the room leaves
// their list on both and joins are refused on both; named again, they join through B, and
// lose the room there as soon as A suspends their organisation.
func TestExchangeRoomAcrossInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	p := openExchange(t, a)
	b := startServer(t, t.TempDir(), args...)
	m := p.mentor(t, "Teresa")
	onB := m.client.For(t)
	onB.BaseURL, onB.Origin = b.URL, b.URL
	mB := member{client: onB, id: m.id}

	// joinsOn polls until m joins the room through srv: the role change and the room
	// travel to B through NATS and a store read.
	joinsOn := func(srv *instance, who *apitest.Client) *websocket.Conn {
		t.Helper()
		ws := mustDial(t, srv, who)
		ok := eventually(5*time.Second, func() bool {
			send(t, ws, map[string]any{"type": "join", "room": p.roomID})
			return collectOne(t, ws, "joined", "error").Type == "joined"
		})
		if !ok {
			t.Fatalf("the mentor cannot join the exchange room through %s within 5 s", srv.URL)
		}
		return ws
	}
	wsA := inRoom(t, a, m, p.roomID)
	wsB := joinsOn(b, onB)
	if !listsRoom(t, onB, p.roomID) {
		t.Fatal("the room is not in the mentor's list on B")
	}

	start := time.Now()
	p.leadM.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgM+"/mentors/"+m.id, nil).Want(204)
	waitRevoked(t, wsA, start, "un-naming (instance A)")
	waitRevoked(t, wsB, start, "un-naming (instance B)")
	for name, who := range map[string]member{"A": m, "B": mB} {
		if listsRoom(t, who.client, p.roomID) {
			t.Errorf("after un-naming the room is still in the list on %s", name)
		}
	}
	joinRefused(t, a, m.client, p.roomID)
	joinRefused(t, b, onB, p.roomID)

	p.leadM.Do(http.MethodPut, "/api/v1/orgs/"+p.orgM+"/mentors/"+m.id, nil).Want(204)
	wsB = joinsOn(b, onB)

	// Suspended on A: the instance that suspends decides who lost the room, so B closes
	// the socket without waiting to read the organisation again; B then refuses too.
	start = time.Now()
	p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.orgM+"/suspend", map[string]string{"reason": "Under review."}).Want(200)
	waitRevoked(t, wsB, start, "suspension (instance B)")
	if !eventually(5*time.Second, func() bool { return !listsRoom(t, onB, p.roomID) }) {
		t.Error("after the suspension the room stays in the list on B")
	}
	joinRefused(t, b, onB, p.roomID)
}
