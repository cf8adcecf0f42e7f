package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// adminOf sets up the first admin, Kestrel, and returns their signed-in client.
func adminOf(t *testing.T, srv *instance) *apitest.Client {
	t.Helper()
	admin := apitest.New(t, srv.URL, srv.URL)
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	return admin
}

// stillOpen fails unless ws answers a ping: the socket outlived what closed the others.
func stillOpen(t *testing.T, ws *websocket.Conn) {
	t.Helper()
	pong := make(chan struct{}, 1)
	ws.SetPongHandler(func(string) error { pong <- struct{}{}; return nil })
	if err := ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)); err != nil {
		t.Fatalf("ping the kept socket: %v", err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(2 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		select {
		case <-pong:
			return
		default:
		}
		if err != nil {
			t.Fatalf("the kept socket ended with %v, want it open", err)
		}
	}
}

// Changing the password ends every other session of the account at once, their sockets
// included; the session that changed it goes on, and so does its socket.
func TestChangePasswordEndsOtherSessions(t *testing.T) {
	srv := startServer(t, t.TempDir())
	current := adminOf(t, srv)
	anon := apitest.New(t, srv.URL, srv.URL)
	phone, laptop := login(t, anon, "Kestrel"), login(t, anon, "Kestrel")
	wsCurrent, wsPhone := mustDial(t, srv, current), mustDial(t, srv, phone)

	const newPassword = "another long pass phrase"
	current.Do(http.MethodPost, "/api/v1/me/password", map[string]string{"old_password": testPassword, "new_password": newPassword}).Want(204)
	waitRevoked(t, wsPhone, time.Now(), "a password change")
	phone.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
	laptop.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
	current.Do(http.MethodGet, "/api/v1/me", nil).Want(200)
	stillOpen(t, wsCurrent)
	var list struct {
		Sessions []struct {
			Current bool `json:"current"`
		} `json:"sessions"`
	}
	current.Do(http.MethodGet, "/api/v1/me/sessions", nil).Want(200).JSON(&list)
	if len(list.Sessions) != 1 || !list.Sessions[0].Current {
		t.Errorf("sessions after the change: got %+v, want only the current one", list.Sessions)
	}
	anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": newPassword}).Want(200)
}
