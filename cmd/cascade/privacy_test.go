package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// canary returns a word that occurs nowhere but where the test puts it.
func canary(prefix string) string { return prefix + strings.ToLower(rand.Text()[:10]) }

// joinedMember brings pseudonym into orgID through an invite of lead, signed in on base.
func joinedMember(t testing.TB, lead, base *apitest.Client, orgID, pseudonym string) member {
	t.Helper()
	var inv struct {
		Token string `json:"token"`
	}
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgID+"/invites", nil).Want(201).JSON(&inv)
	c := base.Clone()
	c.Do(http.MethodPost, "/api/v1/invites/accept", map[string]string{"token": inv.Token, "pseudonym": pseudonym, "password": testPassword}).Want(201)
	return member{client: c, id: userID(t, c)}
}

// sayIn sends body to room over ws and waits for its ack.
func sayIn(t *testing.T, ws *websocket.Conn, room, body string) frame {
	t.Helper()
	send(t, ws, map[string]any{"type": "send", "room": room, "client_id": canary("c"), "body": body})
	return next(t, ws, "ack")
}

// replayed is a message as a join replays it.
type replayed struct {
	Type     string `json:"type"`
	Seq      int64  `json:"seq"`
	Author   string `json:"author"`
	Body     string `json:"body"`
	Deleted  bool   `json:"deleted"`
	Resource string `json:"resource"`
}

// history joins room from the start on a new socket of c and returns the messages replayed.
func history(t *testing.T, srv *instance, c *apitest.Client, room string) []replayed {
	t.Helper()
	ws := mustDial(t, srv, c)
	defer ws.Close()
	send(t, ws, map[string]any{"type": "join", "room": room, "last_seq": 0})
	var joined struct {
		Replayed int `json:"replayed"`
	}
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("join %s: %v", room, err)
		}
		var f replayed
		_ = json.Unmarshal(data, &f)
		if f.Type == "joined" {
			_ = json.Unmarshal(data, &joined)
			break
		}
	}
	var out []replayed
	for len(out) < joined.Replayed {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("replay of %s: %v", room, err)
		}
		var f replayed
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// traces returns, for each needle found, the files under dir whose bytes hold it.
func traces(t *testing.T, dir string, needles ...string) map[string][]string {
	t.Helper()
	found := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, n := range needles {
			if bytes.Contains(data, []byte(n)) {
				found[n] = append(found[n], filepath.Base(path))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	return found
}

// waitNoTraces polls the raw data folder until none of needles is in it.
func waitNoTraces(t *testing.T, dir string, needles ...string) {
	t.Helper()
	var left map[string][]string
	if !eventually(15*time.Second, func() bool { left = traces(t, dir, needles...); return len(left) == 0 }) {
		t.Fatalf("after deletion the data folder still holds %v", left)
	}
}

// exportOf asks for c's export link and downloads it.
func exportOf(t *testing.T, srv *instance, c *apitest.Client) (map[string]json.RawMessage, string) {
	t.Helper()
	var link struct {
		URL string `json:"url"`
	}
	c.Do(http.MethodPost, "/api/v1/me/export", nil).Want(201).JSON(&link)
	path := strings.TrimPrefix(link.URL, srv.URL)
	if path == link.URL || !strings.HasPrefix(path, "/api/v1/me/export/") {
		t.Fatalf("export url %q is not on %s", link.URL, srv.URL)
	}
	r := c.Do(http.MethodGet, path, nil).Want(200)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("export Content-Disposition %q, want an attachment", cd)
	}
	var out map[string]json.RawMessage
	r.JSON(&out)
	return out, path
}

// The export holds, field by field, what the account is, did and wrote, and nothing of
// the other account in the room; the link works once and for its owner only.
func TestExportMyData(t *testing.T) {
	srv, anon, admin := withAdmin(t)
	lead, orgID := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
	name := canary("Quokka")
	m := joinedMember(t, lead, anon, orgID, name)
	space := openSpace(t, lead, m.client)
	mine, theirs := canary("mine-"), canary("theirs-")
	wsM, wsL := mustDial(t, srv, m.client), mustDial(t, srv, lead)
	joinRoom(t, wsM, space.ID)
	joinRoom(t, wsL, space.ID)
	sent := sayIn(t, wsM, space.ID, mine)
	sayIn(t, wsL, space.ID, theirs)

	x, path := exportOf(t, srv, m.client)
	var acc struct {
		ID, Pseudonym string
		PlatformRoles []string `json:"platform_roles"`
	}
	var orgs []struct {
		ID    string
		Roles []string
	}
	var rooms []struct{ ID, Title string }
	var msgs []struct {
		Room      string
		RoomTitle string `json:"room_title"`
		Seq       int64
		Body      string
	}
	var sessions []struct{ Device string }
	for field, v := range map[string]any{"account": &acc, "organisations": &orgs, "rooms": &rooms, "messages": &msgs, "sessions": &sessions} {
		if err := json.Unmarshal(x[field], v); err != nil {
			t.Fatalf("export field %s: %v", field, err)
		}
	}
	if acc.ID != m.id || acc.Pseudonym != name || len(acc.PlatformRoles) == 0 {
		t.Errorf("account: got %+v, want id %s, pseudonym %s and platform roles", acc, m.id, name)
	}
	if len(orgs) != 1 || orgs[0].ID != orgID || strings.Join(orgs[0].Roles, ",") != "member" {
		t.Errorf("organisations: got %+v, want %s as member", orgs, orgID)
	}
	if len(rooms) != 1 || rooms[0].ID != space.ID || rooms[0].Title != "Safety at work" {
		t.Errorf("rooms: got %+v, want the space", rooms)
	}
	if len(msgs) != 1 || msgs[0].Body != mine || msgs[0].Seq != sent.Seq || msgs[0].RoomTitle != "Safety at work" {
		t.Errorf("messages: got %+v, want only %q at seq %d in Safety at work", msgs, mine, sent.Seq)
	}
	if len(sessions) != 1 || sessions[0].Device == "" {
		t.Errorf("sessions: got %+v, want the one session with its device", sessions)
	}
	all, _ := json.Marshal(x)
	if bytes.Contains(all, []byte(theirs)) || bytes.Contains(all, []byte("Esperança")) {
		t.Errorf("the export holds the other account's message or pseudonym: %s", all)
	}

	var req struct {
		ID string `json:"id"`
	}
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgID+"/requests", requestBody).Want(201).JSON(&req)
	lx, _ := exportOf(t, srv, lead)
	var reqs []struct {
		ID        string
		CreatedBy string `json:"created_by"`
	}
	if err := json.Unmarshal(lx["requests"], &reqs); err != nil || len(reqs) != 1 || reqs[0].ID != req.ID {
		t.Errorf("the lead's export holds requests %s, want the one they wrote (%s)", lx["requests"], req.ID)
	}
	if x, _ := exportOf(t, srv, m.client); string(x["requests"]) != "[]" {
		t.Errorf("the member's export holds the lead's request: %s", x["requests"])
	}

	m.client.Do(http.MethodGet, path, nil).Want(404) // the first link, used
	var link struct {
		URL string `json:"url"`
	}
	m.client.Do(http.MethodPost, "/api/v1/me/export", nil).Want(201).JSON(&link)
	other := strings.TrimPrefix(link.URL, srv.URL)
	if r := lead.Do(http.MethodGet, other, nil).Want(404); !strings.Contains(string(r.Body), "export_link_invalid") {
		t.Errorf("another account's link: got %s, want export_link_invalid", r.Body)
	}
	m.client.Do(http.MethodGet, other, nil).Want(404) // used up by the attempt
}

// Deleting an account with its messages wiped leaves no trace of it in the raw data
// folder (pseudonym, id, message text), closes its socket, and the room still loads in
// order for the others, with a tombstone where its message was.
func TestDeleteAccountLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	anon := apitest.New(t, srv.URL, srv.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	lead, orgID := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
	name := canary("Quokka")
	m := joinedMember(t, lead, anon, orgID, name)
	space := openSpace(t, lead, m.client)
	wsM, wsL := mustDial(t, srv, m.client), mustDial(t, srv, lead)
	joinRoom(t, wsM, space.ID)
	joinRoom(t, wsL, space.ID)
	first := sayIn(t, wsL, space.ID, "before")
	body := canary("body-")
	mid := sayIn(t, wsM, space.ID, body)
	edited := canary("edited-")
	send(t, wsM, map[string]any{"type": "edit", "room": space.ID, "seq": mid.Seq, "body": edited})
	next(t, wsM, "ack")
	send(t, wsM, map[string]any{"type": "read", "room": space.ID, "seq": mid.Seq})
	last := sayIn(t, wsL, space.ID, "after")
	// The member reports the lead's message (their report's text and the copy of their
	// own edited message go with it), and the lead reports the member's.
	reportText := canary("report-")
	m.client.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/reports", map[string]any{
		"seq": first.Seq, "reason": "other", "text": reportText, "after": 1}).Want(201)
	var ofMember struct {
		ID string `json:"id"`
	}
	lead.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/reports", map[string]any{
		"seq": mid.Seq, "reason": "spam", "before": 1}).Want(201).JSON(&ofMember)
	// The lead mutes the member: a sanction, a notice to them, and an audit entry about
	// them, which the admin finds by their id.
	lead.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/actions", map[string]any{
		"action": "mute", "user": m.id, "duration": "1h", "reason": "spam"}).Want(204)
	mutedTarget := "user:" + m.id + "@room:" + space.ID
	if got := auditOf(t, admin, "?target="+mutedTarget); len(got) != 1 || got[0].Action != "mute" {
		t.Errorf("the audit by the member's id: %+v, want their mute", got)
	}
	exported, _ := exportOf(t, srv, m.client)
	var theirs []struct {
		Text   string `json:"text"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal(exported["reports"], &theirs); err != nil || len(theirs) != 1 || theirs[0].Text != reportText || theirs[0].Status != "open" {
		t.Errorf("the export's reports: %s (%v), want the one report the member filed", exported["reports"], err)
	}

	for who, c := range map[string]*apitest.Client{"last_lead": lead, "last_admin": admin} {
		if r := c.Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": testPassword, "messages": "wipe"}).Want(409); r.ErrorCode() != who {
			t.Errorf("deleting the %s: got %s, want %s", strings.TrimPrefix(who, "last_"), r.ErrorCode(), who)
		}
	}
	m.client.Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": "not the password", "messages": "wipe"}).Want(401)
	m.client.Invalid().Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": testPassword, "messages": "both"}).Want(400)
	waitNoTraces(t, dir) // nothing to look for yet: the folder is readable
	if len(traces(t, dir, body, m.id)) != 2 {
		t.Fatalf("before deletion the data folder should hold the body and the id")
	}
	at := time.Now()
	m.client.Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": testPassword, "messages": "wipe"}).Want(204)
	waitRevoked(t, wsM, at, "deleting the account")
	m.client.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
	login := anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": name, "password": testPassword})
	if login.Status != http.StatusUnauthorized {
		t.Errorf("login as the deleted account: got %d, want 401", login.Status)
	}

	got := history(t, srv, lead, space.ID)
	var seqs []int64
	for _, r := range got {
		seqs = append(seqs, r.Seq)
		if r.Seq == mid.Seq && (r.Body != "" || !r.Deleted || !strings.HasPrefix(r.Author, "former-")) {
			t.Errorf("the deleted account's message replays as %+v, want a tombstone by a former member", r)
		}
		if r.Author == m.id {
			t.Errorf("a record still names the deleted account: %+v", r)
		}
	}
	if len(got) < 3 || got[0].Seq != first.Seq || got[len(got)-1].Seq != last.Seq {
		t.Errorf("the room replays seqs %v, want from %d to %d in order", seqs, first.Seq, last.Seq)
	}
	for i := 1; i < len(seqs); i++ {
		if seqs[i] <= seqs[i-1] {
			t.Errorf("the room replays seqs %v, out of order", seqs)
		}
	}
	var reported struct {
		Author   string `json:"author"`
		Messages []struct {
			Author string `json:"author"`
			Body   string `json:"body"`
		} `json:"messages"`
	}
	lead.Do(http.MethodGet, "/api/v1/rooms/"+space.ID+"/reports/"+ofMember.ID, nil).Want(200).JSON(&reported)
	if n := len(reported.Messages); n != 2 || !strings.HasPrefix(reported.Author, "former-") ||
		reported.Messages[n-1].Author != reported.Author || reported.Messages[n-1].Body != "" {
		t.Errorf("the report of the deleted member's message reads %+v, want it by a former member, its copy without text", reported)
	}
	waitNoTraces(t, dir, name, strings.ToLower(name), account.PseudonymSkeleton(name), m.id, body, edited, reportText)
	// The audit keeps the mute, about an opaque id nothing links to the member any more.
	if got := auditOf(t, admin, "?target="+mutedTarget); len(got) != 0 {
		t.Errorf("the audit by the deleted member's id: %+v, want nothing", got)
	}
	mutes := auditOf(t, admin, "?action=mute")
	if len(mutes) != 1 || !strings.HasPrefix(mutes[0].Target, "user:opaque:") || !strings.HasSuffix(mutes[0].Target, "@room:"+space.ID) {
		t.Errorf("the audit's mutes after deletion: %+v, want the one mute about an opaque id", mutes)
	}
	srv.stop()
	if out, code := runCommand(t, "audit", "verify", "-data", dir); code != 0 || !strings.Contains(out, "audit chain holds") {
		t.Errorf("audit verify after deletion: exit %d, %q; want the chain holding", code, out)
	}
	if left := traces(t, dir, m.id); len(left) != 0 {
		t.Errorf("after the server stopped the data folder holds the member's id: %v", left)
	}
}

// On two instances over NATS, deleting an account through one closes its socket on the
// other within a second, and the other's room, held in memory there, replays the kept
// message under a former member and no longer names the account.
func TestDeleteAccountOnTwoInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	anonA := apitest.New(t, a.URL, a.URL)
	admin := adminOf(t, a)
	lead, orgID := apply(t, anonA, "Esperança", emergingProfile("Coletivo Kianda"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
	name := canary("Quokka")
	m := joinedMember(t, lead, anonA, orgID, name)
	space := openSpace(t, lead, m.client)

	b := startServer(t, t.TempDir(), args...)
	anonB := apitest.New(t, b.URL, b.URL)
	memberB, leadB := login(t, anonB, name), login(t, anonB, "Esperança")
	wsM, wsL := mustDial(t, b, memberB), mustDial(t, b, leadB)
	joinRoom(t, wsM, space.ID)
	joinRoom(t, wsL, space.ID) // the room stays active on b: its tail is in memory there
	kept := canary("kept-")
	sent := sayIn(t, wsM, space.ID, kept)
	next(t, wsL, "message")

	at := time.Now()
	m.client.Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": testPassword, "messages": "keep"}).Want(204)
	waitRevoked(t, wsM, at, "deleting the account on the other instance")
	memberB.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)

	for srv, c := range map[*instance]*apitest.Client{a: lead, b: leadB} {
		var found bool
		for _, r := range history(t, srv, c, space.ID) {
			if r.Author == m.id {
				t.Errorf("%s: a record still names the deleted account: %+v", srv.URL, r)
			}
			if r.Seq == sent.Seq {
				found = true
				if r.Body != kept || r.Deleted || !strings.HasPrefix(r.Author, "former-") {
					t.Errorf("%s: the kept message replays as %+v, want %q by a former member", srv.URL, r, kept)
				}
			}
		}
		if !found {
			t.Errorf("%s: the kept message (seq %d) is not replayed", srv.URL, sent.Seq)
		}
	}
	for _, path := range []string{"/api/v1/orgs/" + orgID + "/members", "/api/v1/rooms/" + space.ID + "/members"} {
		if r := leadB.Do(http.MethodGet, path, nil).Want(200); bytes.Contains(r.Body, []byte(m.id)) {
			t.Errorf("instance b still lists the deleted account in %s: %s", path, r.Body)
		}
	}
}

// A lead offboards their organisation: its members' accounts, messages (wiped), profile
// and roles leave no trace in the raw data folder, their sockets close, and the exchange
// stays for the mentor organisation, paused, its room still loading in order.
func TestOffboardOrganisation(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	p := openExchange(t, srv)
	name := canary("Quokka")
	m := p.invite(t, p.leadE, p.orgE, name)
	p.leadE.Do(http.MethodPost, "/api/v1/rooms/"+p.roomID+"/members", map[string]string{"user_id": m.id}).Want(204)
	leadID := userID(t, p.leadE)
	wsE, wsMember, wsM := mustDial(t, srv, p.leadE), mustDial(t, srv, m.client), mustDial(t, srv, p.leadM)
	for _, ws := range []*websocket.Conn{wsE, wsMember, wsM} {
		joinRoom(t, ws, p.roomID)
	}
	bodyE, bodyMember := canary("lead-"), canary("member-")
	first := sayIn(t, wsE, p.roomID, bodyE)
	sayIn(t, wsMember, p.roomID, bodyMember)
	last := sayIn(t, wsM, p.roomID, "the mentor's words stay")

	p.leadM.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgE, map[string]string{"password": testPassword, "messages": "wipe"}).Want(404)
	p.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgE, map[string]string{"password": "not the password", "messages": "wipe"}).Want(401)
	at := time.Now()
	p.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgE, map[string]string{"password": testPassword, "messages": "wipe"}).Want(204)
	waitRevoked(t, wsMember, at, "offboarding the organisation")
	waitRevoked(t, wsE, at, "offboarding the organisation")
	p.leadE.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
	p.admin.Do(http.MethodGet, "/api/v1/admin/organisations/"+p.orgE, nil).Want(404)

	var x struct {
		State  string `json:"state"`
		Paused bool   `json:"paused"`
	}
	p.leadM.Do(http.MethodGet, "/api/v1/orgs/"+p.orgM+"/exchanges/"+p.exchangeID, nil).Want(200).JSON(&x)
	if !x.Paused {
		t.Errorf("the mentor's exchange after the other side left: %+v, want it kept and paused", x)
	}
	got := history(t, srv, p.leadM, p.roomID)
	if len(got) < 3 || got[0].Seq != first.Seq || got[len(got)-1].Seq != last.Seq || got[len(got)-1].Body != "the mentor's words stay" {
		t.Errorf("the mentor's room replays %+v, want from seq %d to %d with the mentor's words", got, first.Seq, last.Seq)
	}
	for _, r := range got[:len(got)-1] {
		if r.Body != "" || !strings.HasPrefix(r.Author, "former-") {
			t.Errorf("a message of the offboarded organisation replays as %+v, want a tombstone by a former member", r)
		}
	}
	waitNoTraces(t, dir, name, strings.ToLower(name), "Esperança", "Coletivo Kianda", m.id, leadID, bodyE, bodyMember)
}

// space is a community space's id, as the API names it.
type space struct {
	ID string `json:"id"`
}

// openSpace has lead open the space "Safety at work", open to join, and members join it.
func openSpace(t testing.TB, lead *apitest.Client, members ...*apitest.Client) space {
	t.Helper()
	var s space
	lead.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&s)
	for _, m := range members {
		m.Do(http.MethodPost, "/api/v1/rooms/"+s.ID+"/join", nil).Want(204)
	}
	return s
}
