package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// At debug level, the API and socket flows — setup, application, failed and good logins,
// recovery, invitation, chat with a refused frame, export, account deletion, malformed
// bodies — leave none of their passwords, pseudonyms, message bodies, invitation,
// recovery, export or session tokens, or client addresses in any log output.
func TestLogsHoldNoSecrets(t *testing.T) {
	srv := startServer(t, t.TempDir(), "-log-level", "debug", "-trusted-proxies", "127.0.0.1")
	addr := "203.0.113.77"
	var secrets []string
	secret := func(s string) string { secrets = append(secrets, s); return s }

	admin := adminOf(t, srv)
	anon := admin.Clone().Invalid() // requests sent raw, with the client address
	anon.SetCookie("__Host-cascade_session", "")
	leadName, leadPass := secret(canary("Quokka")), secret(canary("lead pass phrase "))
	var applied struct {
		Organisation struct {
			ID string `json:"id"`
		} `json:"organisation"`
		RecoveryCodes []string `json:"recovery_codes"`
	}
	lead := anon.Clone()
	postFrom(lead, "/api/v1/applications", addr, map[string]any{"pseudonym": leadName, "password": leadPass,
		"organisation": emergingProfile("Coletivo Kianda")}).Want(201).JSON(&applied)
	secret(lead.Cookie("__Host-cascade_session"))
	orgID := applied.Organisation.ID
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)

	postFrom(anon.Clone(), "/api/v1/auth/login", addr, map[string]string{"pseudonym": leadName, "password": secret(canary("wrong pass phrase "))}).Want(401)
	postFrom(anon.Clone(), "/api/v1/auth/login", addr, map[string]string{"pseudonym": secret(canary("Nobody")), "password": leadPass}).Want(401)
	newPass := secret(canary("new pass phrase "))
	postFrom(anon.Clone(), "/api/v1/auth/recover", addr, map[string]string{"pseudonym": leadName, "code": secret(applied.RecoveryCodes[0]), "new_password": newPass}).Want(204)
	lead = anon.Clone()
	postFrom(lead, "/api/v1/auth/login", addr, map[string]string{"pseudonym": leadName, "password": newPass}).Want(200)
	secret(lead.Cookie("__Host-cascade_session"))

	var inv struct {
		Token string `json:"token"`
	}
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgID+"/invites", nil).Want(201).JSON(&inv)
	secret(inv.Token)
	postFrom(anon.Clone(), "/api/v1/invites/peek", addr, map[string]string{"token": inv.Token}).Want(200)
	memberName, memberPass := secret(canary("Numbat")), secret(canary("member pass phrase "))
	mc := anon.Clone()
	postFrom(mc, "/api/v1/invites/accept", addr, map[string]string{"token": inv.Token, "pseudonym": memberName, "password": memberPass}).Want(201)
	secret(mc.Cookie("__Host-cascade_session"))
	postFrom(anon.Clone(), "/api/v1/invites/accept", addr, map[string]string{"token": inv.Token, "pseudonym": secret(canary("Late")), "password": memberPass}).Want(404)
	postFrom(anon.Clone(), "/api/v1/auth/login", addr, map[string]string{"pseudonym": secret(canary("Broken")) + "\xff", "password": memberPass})
	mc.Invalid().DoRaw(http.MethodPost, "/api/v1/me/password", "application/json", []byte(`{"old_password":"`+secret(canary("cut off "))), map[string]string{"X-Forwarded-For": addr})

	var space struct {
		ID string `json:"id"`
	}
	lead.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&space)
	mc.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)
	ws := mustDial(t, srv, mc)
	send(t, ws, map[string]any{"type": "send", "room": space.ID, "client_id": "early", "body": secret(canary("not joined "))})
	next(t, ws, "error")
	joinRoom(t, ws, space.ID)
	sent := sayIn(t, ws, space.ID, secret(canary("body ")))
	send(t, ws, map[string]any{"type": "edit", "room": space.ID, "seq": sent.Seq, "body": secret(canary("edited "))})
	next(t, ws, "ack")
	send(t, ws, map[string]any{"type": "send", "room": space.ID, "body": secret(canary("no client id "))})
	next(t, ws, "error")

	var link struct {
		URL string `json:"url"`
	}
	mc.Do(http.MethodPost, "/api/v1/me/export", nil).Want(201).JSON(&link)
	path := strings.TrimPrefix(link.URL, srv.URL)
	secret(strings.TrimPrefix(path, "/api/v1/me/export/"))
	mc.Do(http.MethodGet, path, nil).Want(200)
	mc.Do(http.MethodGet, path, nil).Want(404)
	body, _ := json.Marshal(map[string]string{"password": secret(canary("wrong again ")), "messages": "keep"})
	mc.DoRaw(http.MethodDelete, "/api/v1/me", "application/json", body, map[string]string{"X-Forwarded-For": addr}).Want(401)
	mc.Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": memberPass, "messages": "keep"}).Want(204)
	secret(addr)
	secret(strings.TrimSuffix(addr, ".77")) // a prefix of it, as a truncated address would show

	srv.stop() // everything is written
	out := srv.stderr.String() + srv.stdout.String()
	if !strings.Contains(out, "level=DEBUG") && !strings.Contains(out, `"level":"DEBUG"`) && !strings.Contains(out, "config") {
		t.Fatalf("the server logged nothing this test can read:\n%s", out)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("the log holds %q:\n%s", s, out)
		}
	}
}
