package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/store/storetest"
)

// adminOf sets up the first admin, Kestrel, and returns their signed-in client.
func adminOf(t testing.TB, srv *instance) *apitest.Client {
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

// postFrom sends body to path as if a proxy in front of the server had it from addr
// ("" for the peer itself); invalid marks a request the spec does not allow.
func postFrom(c *apitest.Client, path, addr string, body any) *apitest.Response {
	data, _ := json.Marshal(body)
	h := map[string]string{}
	if addr != "" {
		h["X-Forwarded-For"] = addr
	}
	return c.DoRaw(http.MethodPost, path, "application/json", data, h)
}

// wantThrottled fails unless r is a 429 too_many_attempts with a Retry-After of at least
// a second.
func wantThrottled(t *testing.T, r *apitest.Response, what string) {
	t.Helper()
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if r.Status != http.StatusTooManyRequests || r.ErrorCode() != "too_many_attempts" || err != nil || secs < 1 {
		t.Fatalf("%s: got %d %s with Retry-After %q, want 429 too_many_attempts with Retry-After ≥ 1", what, r.Status, r.Body, r.Header.Get("Retry-After"))
	}
}

// On two instances sharing a store over NATS, a password changed through one ends the
// account's sessions on the other: its socket there closes within a second and its
// requests there are refused.
func TestChangePasswordEndsSessionsOnOtherInstance(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	current := adminOf(t, a)
	b := startServer(t, t.TempDir(), args...)
	elsewhere := login(t, apitest.New(t, b.URL, b.URL), "Kestrel")
	ws := mustDial(t, b, elsewhere)
	elsewhere.Do(http.MethodGet, "/api/v1/me", nil).Want(200) // b has the session cached

	current.Do(http.MethodPost, "/api/v1/me/password", map[string]string{"old_password": testPassword, "new_password": "another long pass phrase"}).Want(204)
	waitRevoked(t, ws, time.Now(), "a password change on the other instance")
	elsewhere.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
	current.Do(http.MethodGet, "/api/v1/me", nil).Want(200)
}

// Applications are limited per client address, whatever they answer (a refused one still
// says whether a pseudonym is taken): the 21st within an hour meets 429, and a forged
// X-Forwarded-For from a peer that is no trusted proxy changes nothing.
func TestApplicationsLimitedPerAddress(t *testing.T) {
	srv := startServer(t, t.TempDir())
	anon := apitest.New(t, srv.URL, srv.URL)
	bad := map[string]any{"pseudonym": "Probe", "password": testPassword, "organisation": map[string]any{}}
	for i := range 20 {
		if r := postFrom(anon.Invalid(), "/api/v1/applications", "", bad); r.Status != http.StatusBadRequest {
			t.Fatalf("application %d: got %d %s, want 400", i+1, r.Status, r.Body)
		}
	}
	good := map[string]any{"pseudonym": "Lerato", "password": testPassword, "organisation": emergingProfile("Coletivo Kianda")}
	wantThrottled(t, postFrom(anon, "/api/v1/applications", "", good), "21st application")
	wantThrottled(t, postFrom(anon, "/api/v1/applications", "198.51.100.9", good), "21st application with a forged X-Forwarded-For")
	// The refused application created no account.
	postFrom(anon.Invalid(), "/api/v1/auth/login", "", map[string]string{"pseudonym": "Lerato", "password": testPassword}).Want(401)
}

// Behind a trusted proxy, the client it names is what counts: an IPv6 client by its /64;
// and all applications together meet the limit for everyone.
func TestApplicationsLimitedBehindProxy(t *testing.T) {
	srv := startServer(t, t.TempDir(), "-trusted-proxies", "127.0.0.1", "-applications-per-hour", "1", "-applications-per-hour-all", "4")
	anon := apitest.New(t, srv.URL, srv.URL).Invalid()
	bad := map[string]any{"pseudonym": "Probe", "password": testPassword, "organisation": map[string]any{}}
	steps := []struct {
		from string
		want int
	}{
		{"2001:db8:0:1::1", 400},
		{"2001:db8:0:1::2", 429}, // the same /64
		{"2001:db8:0:2::1", 400},
		{"203.0.113.1", 400},
		{"203.0.113.1", 429},
		{"203.0.113.2", 400}, // the fourth taken: everyone's limit
		{"203.0.113.3", 429},
	}
	for i, s := range steps {
		r := postFrom(anon, "/api/v1/applications", s.from, bad)
		if s.want == 429 {
			wantThrottled(t, r, fmt.Sprintf("step %d from %s", i+1, s.from))
		} else if r.Status != s.want {
			t.Fatalf("step %d from %s: got %d %s, want %d", i+1, s.from, r.Status, r.Body, s.want)
		}
	}
}

// Spraying guesses over many pseudonyms from one address meets 429 after 30 failures,
// even for a right password; another address signs in as usual.
func TestLoginSprayLimitedPerAddress(t *testing.T) {
	srv := startServer(t, t.TempDir(), "-trusted-proxies", "127.0.0.1")
	adminOf(t, srv)
	anon := apitest.New(t, srv.URL, srv.URL).Invalid()
	const sprayer = "203.0.113.7"
	var wg sync.WaitGroup
	for w := range 2 { // as many as hash at once
		wg.Go(func() {
			c := anon.Clone().Invalid()
			for i := w; i < 30; i += 2 {
				r := postFrom(c, "/api/v1/auth/login", sprayer, map[string]string{"pseudonym": fmt.Sprintf("Guess %02d", i), "password": testPassword})
				if r.Status != http.StatusUnauthorized {
					t.Errorf("guess %d: got %d %s, want 401", i+1, r.Status, r.Body)
				}
			}
		})
	}
	wg.Wait()
	right := map[string]string{"pseudonym": "Kestrel", "password": testPassword}
	wantThrottled(t, postFrom(anon, "/api/v1/auth/login", sprayer, right), "login after 30 failures from one address")
	postFrom(anon.Clone().Invalid(), "/api/v1/auth/login", "203.0.113.8", right).Want(200)
}

// A pseudonym that only looks like a taken one is taken too: Greek and Cyrillic letters
// for Latin ones, I or 1 for l, 0 for O.
func TestLookalikePseudonymsTaken(t *testing.T) {
	srv := startServer(t, t.TempDir())
	anon := apitest.New(t, srv.URL, srv.URL)
	apply(t, anon, "CanaryLeadAlpha", emergingProfile("Coletivo Kianda"))
	apply(t, anon, "Olga Rosa", emergingProfile("Coletivo Olga"))
	for _, p := range []string{"CanaryLeadΑlpha", "CanaryLeadAlphа", "CanaryLeadAIpha", "CanaryLeadA1pha", "0lga Rosa", "canaryleadalpha"} {
		r := anon.Clone().Do(http.MethodPost, "/api/v1/applications", map[string]any{"pseudonym": p, "password": testPassword, "organisation": emergingProfile("Look-alike " + p)})
		if r.Status != http.StatusConflict || r.ErrorCode() != "pseudonym_taken" {
			t.Errorf("apply as %q: got %d %s, want 409 pseudonym_taken", p, r.Status, r.Body)
		}
	}
	apply(t, anon, "CanaryLeadAlpine", emergingProfile("Coletivo Alpine")) // different, not alike
}

// org names the roles it sets itself (it must not import authz): the names must agree.
func TestOrgRoleNamesAreAuthz(t *testing.T) {
	pairs := [][2]string{
		{org.RoleUser, authz.RoleUser}, {org.RoleParticipant, authz.RoleParticipant},
		{org.RoleLead, authz.RoleLead}, {org.RoleMember, authz.RoleMember}, {org.RoleMentor, authz.RoleMentor},
		{org.DomainPlatform, authz.Platform},
	}
	for _, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("org says %q where authz says %q", p[0], p[1])
		}
	}
}
