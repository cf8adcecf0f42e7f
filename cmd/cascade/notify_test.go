package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// noteFrame is a `notification` frame as a client reads it.
type noteFrame struct {
	Type         string `json:"type"`
	Notification *struct {
		ID         string `json:"id"`
		Kind       string `json:"kind"`
		OrgID      string `json:"org_id"`
		ExchangeID string `json:"exchange_id"`
	} `json:"notification"`
	Unread *int `json:"unread"`
}

// nextNote reads frames until a `notification` frame arrives, within 10 s.
func nextNote(t *testing.T, ws *websocket.Conn) noteFrame {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for a notification frame: %v", err)
		}
		var f noteFrame
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("frame %s: %v", data, err)
		}
		if f.Type == "notification" {
			return f
		}
	}
}

// notifyParties makes two approved organisations and a request of the first that the
// second can be proposed for; it returns both leads, their organisations and the request.
func notifyParties(t *testing.T, anon, admin *apitest.Client) (lead, mentor *apitest.Client, orgE, orgM, reqID string) {
	t.Helper()
	lead, orgE = apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	mentor, orgM = apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	for _, id := range []string{orgE, orgM} {
		mustStatus(t, admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil), 200, "approve")
	}
	lead, mentor = login(t, anon, "Esperança"), login(t, anon, "Lerato")
	reqID, _ = mentorScore(t, lead, orgE, orgM)
	return lead, mentor, orgE, orgM, reqID
}

// checkNotified: a proposal notifies the mentor lead's open sockets at once (every one
// of them, no room joined), and marking it read tells them the unread count.
func checkNotified(t *testing.T, lead, mentor *apitest.Client, orgE, orgM, reqID string, sockets ...*websocket.Conn) {
	t.Helper()
	var x struct {
		ID string `json:"id"`
	}
	r := lead.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests/"+reqID+"/proposals", map[string]string{"mentor": orgM})
	mustStatus(t, r, 201, "send")
	r.JSON(&x)
	var noteID string
	for i, ws := range sockets {
		f := nextNote(t, ws)
		if f.Notification == nil || f.Notification.Kind != "proposal_received" || f.Notification.OrgID != orgM ||
			f.Notification.ExchangeID != x.ID || f.Unread == nil || *f.Unread != 1 {
			t.Fatalf("socket %d: notification frame %+v, want proposal_received for %s in %s with 1 unread", i, f, x.ID, orgM)
		}
		noteID = f.Notification.ID
	}
	mustStatus(t, mentor.Do(http.MethodPost, "/api/v1/me/notifications/"+noteID+"/read", nil), 204, "mark read")
	for i, ws := range sockets {
		if f := nextNote(t, ws); f.Notification != nil || f.Unread == nil || *f.Unread != 0 {
			t.Errorf("socket %d: after marking read got %+v, want a frame with unread 0 and no notification", i, f)
		}
	}
}

func TestNotificationFrame(t *testing.T) {
	srv, anon, admin := withAdmin(t)
	lead, mentor, orgE, orgM, reqID := notifyParties(t, anon, admin)
	leadWS := mustDial(t, srv, lead)
	checkNotified(t, lead, mentor, orgE, orgM, reqID, mustDial(t, srv, mentor), mustDial(t, srv, mentor))
	// The requesting lead was told nothing: the first frame it gets is the answer to a probe.
	send(t, leadWS, map[string]any{"type": "leave", "room": "nothing", "ref": "probe"})
	_ = leadWS.SetReadDeadline(time.Now().Add(10 * time.Second))
	var f frame
	if err := leadWS.ReadJSON(&f); err != nil || f.Type == "notification" {
		t.Errorf("the requesting lead's socket got %+v (%v), want no notification", f, err)
	}
}

// TestNotificationFrameTwoInstances: the proposal is sent through one instance and the
// mentor lead's sockets on the other are told, as is one on the first.
func TestNotificationFrameTwoInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	anon := apitest.New(t, a.URL, a.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": a.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	lead, mentor, orgE, orgM, reqID := notifyParties(t, anon, admin)
	b := startServer(t, t.TempDir(), args...)
	checkNotified(t, lead, mentor, orgE, orgM, reqID, mustDial(t, b, mentor), mustDial(t, a, mentor))
}
