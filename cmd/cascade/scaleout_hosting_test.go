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

// TestHostAcrossInstances: two instances share one store over NATS. The host's mentor
// joins the exchange room through B once the host is brought in on A; each way of losing
// it made on A (taken out of the exchange, the relationship ended, the host suspended)
// closes the socket on B within a second, and B refuses the join after it.
func TestHostAcrossInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	h := newHostSetup(t, a)
	b := startServer(t, t.TempDir(), args...)
	onB := h.ment.client.For(t)
	onB.BaseURL, onB.Origin = b.URL, b.URL
	joinsOnB := func(who *apitest.Client) *websocket.Conn {
		t.Helper()
		ws := mustDial(t, b, who)
		if !eventually(5*time.Second, func() bool {
			send(t, ws, map[string]any{"type": "join", "room": h.roomID})
			return collectOne(t, ws, "joined", "error").Type == "joined"
		}) {
			t.Fatal("the host's mentor cannot join the exchange room through B within 5 s")
		}
		return ws
	}
	// B closes the socket at once (A names the room it lost), and refuses a join as soon
	// as it has read the change (a socket that joined in between closes then).
	refusedOnB := func(what string) {
		t.Helper()
		if !eventually(5*time.Second, func() bool {
			ws := mustDial(t, b, onB)
			defer ws.Close()
			send(t, ws, map[string]any{"type": "join", "room": h.roomID})
			return collectOne(t, ws, "joined", "error").Code == "forbidden"
		}) {
			t.Errorf("after %s B still lets the host's mentor join after 5 s", what)
		}
	}
	xHost := "/api/v1/orgs/" + h.orgE + "/exchanges/" + h.exchangeID + "/host"

	h.confirmHost(t)
	h.bringHost(t)
	ws := joinsOnB(onB)
	start := time.Now()
	h.leadE.Do(http.MethodDelete, xHost, nil).Want(200)
	waitRevoked(t, ws, start, "taking the host out (instance B)")
	refusedOnB("taking the host out")

	h.bringHost(t)
	ws = joinsOnB(onB)
	start = time.Now()
	h.leadH.Do(http.MethodPost, "/api/v1/orgs/"+h.orgH+"/hosting/"+h.orgE+"/end", map[string]string{"reason": "Funding ended."}).Want(200)
	waitRevoked(t, ws, start, "ending the relationship (instance B)")
	refusedOnB("ending the relationship")

	h.confirmHost(t)
	h.bringHost(t)
	ws = joinsOnB(onB)
	start = time.Now()
	h.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+h.orgH+"/suspend", map[string]string{"reason": "Under review."}).Want(200)
	waitRevoked(t, ws, start, "suspending the host (instance B)")
	refusedOnB("suspending the host")
}
