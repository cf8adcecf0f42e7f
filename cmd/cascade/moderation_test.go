package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

// modFrame is the part of a server frame the moderation tests read.
type modFrame struct {
	Type     string     `json:"type"`
	Room     string     `json:"room"`
	Seq      int64      `json:"seq"`
	Target   int64      `json:"target"`
	Deleted  bool       `json:"deleted"`
	Body     *string    `json:"body"`
	Code     string     `json:"code"`
	Ref      string     `json:"ref"`
	ClientID string     `json:"client_id"`
	User     string     `json:"user"`
	Action   string     `json:"action"`
	Reason   string     `json:"reason"`
	Until    *time.Time `json:"until"`
	Seconds  int        `json:"seconds"`
	Messages []modFrame `json:"messages"`
}

// nextOf reads frames until one of type typ arrives, within a deadline.
func nextOf(t *testing.T, ws *websocket.Conn, typ string) modFrame {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var f modFrame
		if err := ws.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		if f.Type == typ {
			return f
		}
	}
}

// nextAction reads moderation frames until one about action arrives.
func nextAction(t *testing.T, ws *websocket.Conn, action string) modFrame {
	t.Helper()
	for {
		if f := nextOf(t, ws, "moderation"); f.Action == action {
			return f
		}
	}
}

// closedWith reads until the socket closes and returns the close code.
func closedWith(t *testing.T, ws *websocket.Conn) int {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			t.Fatalf("socket ended with %v, want a close frame", err)
		}
	}
}

// userID is the id of the account c is signed in as.
func userID(t testing.TB, c *apitest.Client) string {
	t.Helper()
	var me struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	c.Do(http.MethodGet, "/api/v1/me", nil).Want(200).JSON(&me)
	return me.User.ID
}

// say sends a message and returns its seq from the ack.
func say(t *testing.T, ws *websocket.Conn, room, clientID, body string) int64 {
	t.Helper()
	send(t, ws, map[string]any{"type": "send", "room": room, "client_id": clientID, "body": body})
	ack := nextOf(t, ws, "ack")
	if ack.ClientID != clientID || ack.Seq == 0 {
		t.Fatalf("ack %+v, want one for %s", ack, clientID)
	}
	return ack.Seq
}

// refused sends a message and requires the error frame with code, for that client_id.
func refused(t *testing.T, ws *websocket.Conn, room, clientID, code string) {
	t.Helper()
	send(t, ws, map[string]any{"type": "send", "room": room, "client_id": clientID, "body": "x"})
	for {
		f := nextOf(t, ws, "error")
		if f.Ref == clientID {
			if f.Code != code {
				t.Fatalf("send %s refused with %q, want %q", clientID, f.Code, code)
			}
			return
		}
	}
}

// spaceWithThree starts a server with an admin and three approved organisations whose
// leads are in one open space that the first owns.
type spaceWithThree struct {
	srv           *instance
	dir           string
	anon, admin   *apitest.Client
	a, b, c       *apitest.Client
	aID, bID, cID string
	room          string
	orgs          []string
}

func newSpaceWithThree(t *testing.T) *spaceWithThree {
	t.Helper()
	w := &spaceWithThree{dir: t.TempDir()}
	w.srv = startServer(t, w.dir)
	w.anon = apitest.New(t, w.srv.URL, w.srv.URL)
	w.admin = w.anon.Clone()
	w.admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": w.srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	var orgA, orgB, orgC string
	w.a, orgA = apply(t, w.anon, "Esperança", emergingProfile("Coletivo Kianda"))
	w.b, orgB = apply(t, w.anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	w.c, orgC = apply(t, w.anon, "Tomás", emergingProfile("Coletivo Três"))
	w.orgs = []string{orgA, orgB, orgC}
	for _, id := range w.orgs {
		w.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	var space struct {
		ID string `json:"id"`
	}
	w.a.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&space)
	w.room = space.ID
	for _, c := range []*apitest.Client{w.b, w.c} {
		c.Do(http.MethodPost, "/api/v1/rooms/"+w.room+"/join", nil).Want(204)
	}
	w.aID, w.bID, w.cID = userID(t, w.a), userID(t, w.b), userID(t, w.c)
	return w
}

// moderator makes a fresh account (the lead of an organisation still pending, so a
// plain user) a platform moderator and returns it with its id.
func (w *spaceWithThree) moderator(t *testing.T) (*apitest.Client, string) {
	t.Helper()
	m, _ := apply(t, w.anon, "Dara", emergingProfile("Coletivo Quatro"))
	id := userID(t, m)
	w.admin.Do(http.MethodPut, "/api/v1/admin/moderators/"+id, nil).Want(204)
	return m, id
}

type auditEntry struct {
	Seq    int64  `json:"seq"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Target string `json:"target"`
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

func auditOf(t *testing.T, admin *apitest.Client, query string) []auditEntry {
	t.Helper()
	var out struct {
		Entries []auditEntry `json:"entries"`
	}
	admin.Do(http.MethodGet, "/api/v1/admin/audit"+query, nil).Want(200).JSON(&out)
	return out.Entries
}

func actions(entries []auditEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

// TestReportToTombstone: a member reports a message with the context they chose; a
// platform moderator finds it in the queue, opens it (the report still shows the
// message as it was before its author edited it), deletes the message — the live room
// and its history show the tombstone at once — and resolves the report, which the
// reporter then sees; the author is told why. The audit log holds each staff action
// once, never a body, and `cascade audit verify` checks the chain and finds a forged link.
func TestReportToTombstone(t *testing.T) {
	w := newSpaceWithThree(t)
	a, b, c := mustDial(t, w.srv, w.a), mustDial(t, w.srv, w.b), mustDial(t, w.srv, w.c)
	for _, ws := range []*websocket.Conn{a, b, c} {
		joinRoom(t, ws, w.room)
	}
	s1 := say(t, c, w.room, "c1", "Bom dia a todas")
	s2 := say(t, c, w.room, "c2", "a threat, canary-7f3a")
	s3 := say(t, c, w.room, "c3", "Até logo")
	say(t, b, w.room, "b1", "unrelated")

	var filed struct {
		ID       string `json:"id"`
		Status   string `json:"status"`
		Messages []struct {
			Seq      int64  `json:"seq"`
			Body     string `json:"body"`
			Reported bool   `json:"reported"`
		} `json:"messages"`
	}
	w.b.Do(http.MethodPost, "/api/v1/rooms/"+w.room+"/reports", map[string]any{
		"seq": s2, "reason": "threat_or_violence", "text": "please look", "before": 1, "after": 1,
	}).Want(201).JSON(&filed)
	if len(filed.Messages) != 3 || filed.Messages[0].Seq != s1 || filed.Messages[2].Seq != s3 || !filed.Messages[1].Reported || filed.Status != "open" {
		t.Fatalf("filed report: %+v, want messages %d, %d (reported), %d, open", filed, s1, s2, s3)
	}
	// The author edits the message after it was reported.
	send(t, c, map[string]any{"type": "edit", "room": w.room, "seq": s2, "body": "nothing to see"})
	nextOf(t, c, "ack")

	// The room's owner sees the report in the room's queue; a plain member does not.
	var roomQueue struct {
		Reports []struct {
			ID string `json:"id"`
		} `json:"reports"`
	}
	w.a.Do(http.MethodGet, "/api/v1/rooms/"+w.room+"/reports", nil).Want(200).JSON(&roomQueue)
	if len(roomQueue.Reports) != 1 || roomQueue.Reports[0].ID != filed.ID {
		t.Fatalf("the owner's queue: %+v, want the report", roomQueue.Reports)
	}
	w.c.Do(http.MethodGet, "/api/v1/rooms/"+w.room+"/reports", nil).Want(404)
	w.c.Do(http.MethodGet, "/api/v1/rooms/"+w.room+"/reports/"+filed.ID, nil).Want(404)
	w.a.Do(http.MethodGet, "/api/v1/rooms/"+w.room+"/reports/"+filed.ID, nil).Want(200)

	m, mID := w.moderator(t)
	var queue struct {
		Reports []map[string]any `json:"reports"`
	}
	r := m.Do(http.MethodGet, "/api/v1/admin/reports", nil).Want(200)
	r.JSON(&queue)
	if len(queue.Reports) != 1 || queue.Reports[0]["id"] != filed.ID || queue.Reports[0]["messages"] != nil {
		t.Fatalf("queue: %+v, want the one report without its messages", queue.Reports)
	}
	if bytes.Contains(r.Body, []byte(w.bID)) || bytes.Contains(r.Body, []byte("canary-7f3a")) {
		t.Errorf("the queue shows the reporter or a body: %s", r.Body)
	}
	var opened struct {
		Author   string `json:"author"`
		Messages []struct {
			Body string `json:"body"`
		} `json:"messages"`
	}
	r = m.Do(http.MethodGet, "/api/v1/admin/reports/"+filed.ID, nil).Want(200)
	r.JSON(&opened)
	if opened.Author != w.cID || len(opened.Messages) != 3 || opened.Messages[1].Body != "a threat, canary-7f3a" {
		t.Fatalf("opened report: %+v, want C's message as it was reported", opened)
	}
	if bytes.Contains(r.Body, []byte(w.bID)) {
		t.Errorf("the opened report names the reporter: %s", r.Body)
	}
	w.c.Do(http.MethodPost, "/api/v1/rooms/"+w.room+"/actions", map[string]any{"action": "delete_message", "seq": s1, "reason": "spam"}).Want(404)
	m.Do(http.MethodPost, "/api/v1/admin/reports/"+filed.ID+"/actions", map[string]any{"action": "delete_message"}).Want(204)
	for name, ws := range map[string]*websocket.Conn{"owner": a, "reporter": b, "author": c} {
		if d := nextOf(t, ws, "delete"); d.Target != s2 {
			t.Errorf("%s's live room: delete of %d, want %d", name, d.Target, s2)
		}
	}
	send(t, b, map[string]any{"type": "history", "room": w.room, "limit": 50})
	for _, f := range nextOf(t, b, "history").Messages {
		if f.Type == "message" && f.Seq == s2 && (!f.Deleted || f.Body == nil || *f.Body != "") {
			t.Errorf("history shows the deleted message as %+v, want a tombstone with its body wiped", f)
		}
	}
	m.Do(http.MethodPost, "/api/v1/admin/reports/"+filed.ID+"/actions", map[string]any{"action": "delete_message"}).Want(409)
	m.Do(http.MethodPost, "/api/v1/admin/reports/"+filed.ID+"/resolve", map[string]any{"status": "actioned", "note": "removed"}).Want(200)
	if got := m.Do(http.MethodPost, "/api/v1/admin/reports/"+filed.ID+"/resolve", map[string]any{"status": "dismissed"}); got.Status != 409 || got.ErrorCode() != "conflict" {
		t.Errorf("resolving twice: got %d %s, want 409 conflict", got.Status, got.ErrorCode())
	}

	var mine struct {
		Reports []struct {
			Status  string         `json:"status"`
			Outcome map[string]any `json:"outcome"`
		} `json:"reports"`
	}
	w.b.Do(http.MethodGet, "/api/v1/me/reports", nil).Want(200).JSON(&mine)
	if len(mine.Reports) != 1 || mine.Reports[0].Status != "actioned" || mine.Reports[0].Outcome["note"] != "removed" || mine.Reports[0].Outcome["by"] != nil {
		t.Errorf("the reporter's reports: %+v, want it actioned with the note and without who", mine.Reports)
	}
	var notices struct {
		Notices []struct {
			Action string `json:"action"`
			Reason string `json:"reason"`
			Seq    int64  `json:"seq"`
		} `json:"notices"`
	}
	w.c.Do(http.MethodGet, "/api/v1/me/moderation", nil).Want(200).JSON(&notices)
	if len(notices.Notices) != 1 || notices.Notices[0].Action != "delete_message" || notices.Notices[0].Reason != "threat_or_violence" || notices.Notices[0].Seq != s2 {
		t.Errorf("the author's notices: %+v, want the deletion with the report's reason", notices.Notices)
	}

	w.a.Do(http.MethodPost, "/api/v1/rooms/"+w.room+"/reports/"+filed.ID+"/resolve", map[string]any{"status": "dismissed"}).Want(409)

	byM := auditOf(t, w.admin, "?actor="+mID)
	if got, want := actions(byM), []string{"open_report", "delete_message", "resolve_report"}; !slices.Equal(got, want) {
		t.Errorf("audit by the moderator: %v, want %v", got, want)
	}
	all := auditOf(t, w.admin, "")
	count := map[string]int{}
	for _, e := range all {
		count[e.Action+" "+e.Target]++
	}
	for _, key := range []string{"approve org:" + w.orgs[0], "approve org:" + w.orgs[1], "approve org:" + w.orgs[2],
		"appoint_moderator user:" + mID, "open_report report:" + filed.ID, "delete_message message:" + w.room + "/" + fmt.Sprint(s2),
		"resolve_report report:" + filed.ID, "read_audit audit"} {
		want := 1
		if key == "open_report report:"+filed.ID {
			want = 2 // the owner's and the moderator's
		}
		if count[key] != want {
			t.Errorf("audit holds %q %d times, want %d (log: %+v)", key, count[key], want, all)
		}
	}
	raw := w.admin.Do(http.MethodGet, "/api/v1/admin/audit", nil).Want(200).Body
	if bytes.Contains(raw, []byte("canary-7f3a")) || bytes.Contains(raw, []byte("please look")) {
		t.Errorf("the audit log holds a body or a report's text")
	}
	w.admin.Invalid().Do(http.MethodGet, "/api/v1/admin/audit?from=yesterday", nil).Want(400)
	m.Do(http.MethodGet, "/api/v1/admin/audit", nil).Want(404)
	m.Do(http.MethodPut, "/api/v1/admin/moderators/"+w.cID, nil).Want(404)
	w.admin.Do(http.MethodDelete, "/api/v1/admin/moderators/"+mID, nil).Want(204)
	m.Do(http.MethodGet, "/api/v1/admin/reports", nil).Want(404)
	if got := auditOf(t, w.admin, "?action=withdraw_moderator"); len(got) != 1 || got[0].Target != "user:"+mID {
		t.Errorf("audit of the withdrawal: %+v, want one entry for the moderator", got)
	}

	w.srv.stop()
	if _, code := runCommand(t, "audit", "check"); code != 2 {
		t.Errorf("cascade audit check: exit %d, want 2 (usage)", code)
	}
	// Since all was read: its reading, the raw read, the withdrawal and its reading.
	n := len(all) + 4
	out, code := runCommand(t, "audit", "verify", "-data", w.dir)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("audit chain holds: %d entries", n)) {
		t.Fatalf("audit verify: exit %d, %q; want the chain of %d entries holding", code, out, n)
	}
	forge(t, w.dir, int64(n+1))
	out, code = runCommand(t, "audit", "verify", "-data", w.dir)
	if code != 1 || !strings.Contains(out, fmt.Sprintf("broken at entry %d", n+1)) {
		t.Fatalf("audit verify after a forged entry: exit %d, %q; want exit 1 naming entry %d", code, out, n+1)
	}
}

// forge appends an entry that does not link to the chain, straight into the store.
func forge(t *testing.T, dir string, seq int64) {
	t.Helper()
	ctx := context.Background()
	e, err := store.StartEmbedded(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	db, err := e.Open(ctx, "cascade")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	entry := moderation.Entry{Seq: seq, At: time.Now().UTC().Truncate(time.Millisecond), Actor: "nobody", Action: "ban", Target: "user:x", Prev: "forged"}
	if err := db.InsertAuditEntry(ctx, entry); err != nil {
		t.Fatal(err)
	}
}

// runCommand runs cascade with args and returns its stdout and exit status.
func runCommand(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, bytes.NewReader(nil), &stdout, &stderr)
	var code exitCode
	switch {
	case errors.As(err, &code):
		return stdout.String(), int(code)
	case err != nil:
		t.Fatalf("cascade %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String(), 0
}

// TestModerationRefusesFrames: a room moderator the owner appointed mutes, slows and
// bans; the owner locks and removes. Each refusal answers the refused frame (by its
// client_id) with its code, the person concerned sees a moderation frame with the
// reason, and each action is in the audit log once.
func TestModerationRefusesFrames(t *testing.T) {
	w := newSpaceWithThree(t)
	a, b, c := mustDial(t, w.srv, w.a), mustDial(t, w.srv, w.b), mustDial(t, w.srv, w.c)
	for _, ws := range []*websocket.Conn{a, b, c} {
		joinRoom(t, ws, w.room)
	}
	base := "/api/v1/rooms/" + w.room
	w.c.Do(http.MethodPut, base+"/moderators/"+w.cID, nil).Want(404)
	w.a.Do(http.MethodPut, base+"/moderators/"+w.bID, nil).Want(204)
	if got := moderating(t, w.c, w.room); !slices.Equal(got, []string{w.aID, w.bID}) && !slices.Equal(got, []string{w.bID, w.aID}) {
		t.Errorf("the members list says %v moderate, want the owner and the room moderator", got)
	}
	act := func(by *apitest.Client, body map[string]any, want int) {
		t.Helper()
		by.Do(http.MethodPost, base+"/actions", body).Want(want)
	}

	before := time.Now()
	act(w.b, map[string]any{"action": "mute", "user": w.cID, "duration": "1h", "reason": "harassment"}, 204)
	f := nextAction(t, c, "mute")
	if f.User != w.cID || f.Reason != "harassment" || f.Until == nil || f.Until.Before(before.Add(59*time.Minute)) {
		t.Fatalf("the muted member's frame: %+v, want mute for 1 h with the reason", f)
	}
	refused(t, c, w.room, "m1", "muted")
	say(t, a, w.room, "a1", "still reading?")
	if m := nextOf(t, c, "message"); m.Body == nil || *m.Body != "still reading?" {
		t.Errorf("a muted member reads %+v, want the new message", m)
	}
	act(w.b, map[string]any{"action": "unmute", "user": w.cID, "reason": "other"}, 204)
	nextAction(t, c, "unmute")
	say(t, c, w.room, "m2", "thank you")

	act(w.a, map[string]any{"action": "lock", "reason": "threat_or_violence"}, 204)
	nextAction(t, b, "lock")
	refused(t, b, w.room, "l1", "room_locked")
	refused(t, a, w.room, "l2", "room_locked")
	act(w.a, map[string]any{"action": "unlock", "reason": "other"}, 204)
	nextAction(t, b, "unlock")
	say(t, b, w.room, "l3", "open again")

	act(w.b, map[string]any{"action": "slow_mode", "seconds": 60, "reason": "spam"}, 204)
	if f := nextAction(t, c, "slow_mode"); f.Seconds != 60 {
		t.Fatalf("members see %+v, want slow mode of 60 s", f)
	}
	say(t, c, w.room, "s1", "one")
	refused(t, c, w.room, "s2", "slow_mode")
	say(t, a, w.room, "s3", "owners are not slowed")
	say(t, a, w.room, "s4", "not at all")
	act(w.b, map[string]any{"action": "slow_mode", "seconds": 0, "reason": "other"}, 204)
	say(t, c, w.room, "s5", "two")

	act(w.b, map[string]any{"action": "ban", "user": w.aID, "reason": "spam"}, 409)
	act(w.b, map[string]any{"action": "ban", "user": w.bID, "reason": "spam"}, 409)
	act(w.b, map[string]any{"action": "ban", "user": w.cID, "reason": "outing_or_doxxing"}, 204)
	if f := nextAction(t, c, "ban"); f.Reason != "outing_or_doxxing" {
		t.Errorf("the banned member's frame: %+v, want the ban with its reason", f)
	}
	if code := closedWith(t, c); code != websocket.ClosePolicyViolation {
		t.Errorf("the banned member's socket closed with %d, want 1008", code)
	}
	c2 := mustDial(t, w.srv, w.c)
	send(t, c2, map[string]any{"type": "join", "room": w.room, "ref": "j1"})
	if e := nextOf(t, c2, "error"); e.Code != "banned" || e.Ref != "j1" {
		t.Errorf("a banned member joining: %+v, want error banned", e)
	}
	w.c.Do(http.MethodPost, base+"/reports", map[string]any{"seq": 1, "reason": "spam"}).Want(404)
	act(w.b, map[string]any{"action": "unban", "user": w.cID, "reason": "other"}, 204)
	joinRoom(t, c2, w.room)

	act(w.a, map[string]any{"action": "remove", "user": w.cID, "reason": "harassment"}, 204)
	if code := closedWith(t, c2); code != websocket.ClosePolicyViolation {
		t.Errorf("the removed member's socket closed with %d, want 1008", code)
	}
	c3 := mustDial(t, w.srv, w.c)
	send(t, c3, map[string]any{"type": "join", "room": w.room, "ref": "j2"})
	if e := nextOf(t, c3, "error"); e.Code != "forbidden" {
		t.Errorf("a removed member joining: %+v, want error forbidden", e)
	}

	w.a.Do(http.MethodDelete, base+"/moderators/"+w.bID, nil).Want(204)
	if got := moderating(t, w.a, w.room); !slices.Equal(got, []string{w.aID}) {
		t.Errorf("after the withdrawal the members list says %v moderate, want the owner alone", got)
	}
	act(w.b, map[string]any{"action": "lock", "reason": "spam"}, 404)
	w.b.Do(http.MethodGet, base+"/reports", nil).Want(404)

	var notices struct {
		Notices []struct {
			Action string `json:"action"`
			Reason string `json:"reason"`
		} `json:"notices"`
	}
	w.c.Do(http.MethodGet, "/api/v1/me/moderation", nil).Want(200).JSON(&notices)
	var told []string
	for _, n := range notices.Notices {
		told = append(told, n.Action+"/"+n.Reason)
	}
	if want := []string{"mute/harassment", "unmute/other", "ban/outing_or_doxxing", "unban/other", "remove/harassment"}; !slices.Equal(told, want) {
		t.Errorf("the member was told %v, want %v", told, want)
	}
	if got, want := actions(auditOf(t, w.admin, "?actor="+w.bID)), []string{"mute", "unmute", "slow_mode", "slow_mode", "ban", "unban"}; !slices.Equal(got, want) {
		t.Errorf("audit of the room moderator: %v, want %v", got, want)
	}
	if got, want := actions(auditOf(t, w.admin, "?actor="+w.aID)), []string{"appoint_room_moderator", "lock", "unlock", "remove", "withdraw_room_moderator"}; !slices.Equal(got, want) {
		t.Errorf("audit of the owner: %v, want %v", got, want)
	}
	if got := auditOf(t, w.admin, "?target=user:"+w.cID+"@room:"+w.room+"&action=ban"); len(got) != 1 || got[0].Reason != "outing_or_doxxing" {
		t.Errorf("audit of the ban: %+v, want one entry with its reason", got)
	}
}

// TestStaffReadNoRoom walks every GET route of the API and every route of a room, and
// the room's frames, as an admin and as a platform moderator: none of them shows a
// message of the room, and every room route answers 404.
func TestStaffReadNoRoom(t *testing.T) {
	w := newSpaceWithThree(t)
	a := mustDial(t, w.srv, w.a)
	joinRoom(t, a, w.room)
	seq := say(t, a, w.room, "c1", "canary-51b2 in the room")
	m, _ := w.moderator(t)
	params := strings.NewReplacer("{room}", w.room, "{org}", w.orgs[0], "{user}", w.aID, "{id}", "x",
		"{request}", "x", "{proposal}", "x", "{exchange}", "x", "{goal}", "x", "{round}", "x")
	doc := apitest.LoadSpec(t)
	for name, staff := range map[string]*apitest.Client{"admin": w.admin, "moderator": m} {
		for path, item := range doc.Paths.Map() {
			inRoom := strings.Contains(path, "{room}")
			for method := range item.Operations() {
				if method != http.MethodGet && !inRoom {
					continue
				}
				var body any
				if method != http.MethodGet {
					body = map[string]any{"seq": seq, "reason": "spam", "action": "lock", "user_id": w.aID, "days": 1, "status": "dismissed"}
				}
				r := staff.Invalid().Do(method, params.Replace(path), body)
				if bytes.Contains(r.Body, []byte("canary-51b2")) {
					t.Errorf("%s: %s %s shows a room message: %s", name, method, path, r.Body)
				}
				if inRoom && r.Status != 404 {
					t.Errorf("%s: %s %s answered %d, want 404", name, method, path, r.Status)
				}
			}
		}
		ws := mustDial(t, w.srv, staff)
		for _, fr := range []map[string]any{
			{"type": "join", "room": w.room, "last_seq": 0, "ref": "j"},
			{"type": "history", "room": w.room, "limit": 50, "ref": "h"},
			{"type": "send", "room": w.room, "client_id": "s", "body": "hello"},
			{"type": "delete", "room": w.room, "seq": seq, "ref": "d"},
		} {
			send(t, ws, fr)
			e := nextOf(t, ws, "error")
			if e.Code != "forbidden" && e.Code != "not_joined" {
				t.Errorf("%s: frame %v answered %+v, want forbidden or not_joined", name, fr["type"], e)
			}
		}
		// A message sent after the refused join is published before its ack, so before the
		// answer to a later frame of the staff socket would be; that socket gets no message.
		say(t, a, w.room, "after-"+name, "canary-51b2 again")
		send(t, ws, map[string]any{"type": "typing", "room": w.room, "ref": "end"})
		_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				t.Fatalf("%s: waiting for the answer to the last frame: %v", name, err)
			}
			if bytes.Contains(data, []byte("canary-51b2")) {
				t.Errorf("%s's socket received a room message: %s", name, data)
			}
			if bytes.Contains(data, []byte(`"ref":"end"`)) {
				break
			}
		}
	}
	// Nothing was locked or deleted by those attempts.
	say(t, a, w.room, "c2", "still open")
}

// TestStaffActionsAudited: approving, rejecting, suspending, disabling, enabling and
// publishing a round are each recorded once, with the admin, the target and the reason;
// a refused attempt is not recorded.
func TestStaffActionsAudited(t *testing.T) {
	_, anon, admin := withAdmin(t)
	adminID := userID(t, admin)
	lead, orgA := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	_, orgB := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	leadID := userID(t, lead)
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgA+"/approve", nil).Want(200)
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgB+"/reject", map[string]string{"reason": "not led by sex workers"}).Want(200)
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgA+"/suspend", map[string]string{"reason": "safety concern"}).Want(200)
	admin.Invalid().Do(http.MethodPost, "/api/v1/admin/organisations/"+orgA+"/suspend", map[string]string{"reason": "x"}).Want(400)
	admin.Do(http.MethodPost, "/api/v1/admin/users/"+leadID+"/disable", nil).Want(200)
	admin.Do(http.MethodPost, "/api/v1/admin/users/"+leadID+"/enable", nil).Want(200)
	admin.Do(http.MethodPost, "/api/v1/admin/users/"+adminID+"/disable", nil).Want(409)
	var round struct {
		ID string `json:"id"`
	}
	admin.Do(http.MethodPost, "/api/v1/admin/rounds", map[string]any{"mode": "stable"}).Want(201).JSON(&round)
	admin.Do(http.MethodPost, "/api/v1/admin/rounds/"+round.ID+"/publish", nil).Want(200)

	var got []string
	for _, e := range auditOf(t, admin, "?actor="+adminID) {
		got = append(got, e.Action+" "+e.Target+" "+e.Reason)
	}
	want := []string{
		"approve org:" + orgA + " ",
		"reject org:" + orgB + " not led by sex workers",
		"suspend org:" + orgA + " safety concern",
		"disable user:" + leadID + " ",
		"enable user:" + leadID + " ",
		"publish_round round:" + round.ID + " ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit of the admin:\n got %q\nwant %q", got, want)
	}
}

// probe sends an edit of a message that does not exist until the answer is code (the
// gate refuses before the store is asked, which answers not_found), so that a change
// made on the other instance is seen to take effect here without storing anything.
func probe(t *testing.T, ws *websocket.Conn, room, code string) {
	t.Helper()
	// Every 100 ms: each probe counts against the sender's rate limit (100 a minute).
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(5 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		if i > 0 {
			<-tick.C
		}
		ref := fmt.Sprint("probe-", i)
		send(t, ws, map[string]any{"type": "edit", "room": room, "seq": 1 << 40, "body": "x", "ref": ref})
		for {
			f := nextOf(t, ws, "error")
			if f.Ref != ref {
				continue
			}
			if f.Code == code {
				return
			}
			break
		}
	}
	t.Fatalf("the other instance never refused with %s", code)
}

// TestModerationAcrossInstances: actions taken through one instance reach a member
// connected to the other: the moderation frame, the mute and the lock refusing frames,
// the tombstone of a deleted message, and the ban closing the socket.
func TestModerationAcrossInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	one := startServer(t, t.TempDir(), args...)
	anon := apitest.New(t, one.URL, one.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": one.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	owner, orgA := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	memberC, orgC := apply(t, anon, "Tomás", emergingProfile("Coletivo Três"))
	for _, id := range []string{orgA, orgC} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	var space struct {
		ID string `json:"id"`
	}
	owner.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&space)
	memberC.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)
	cID := userID(t, memberC)
	two := startServer(t, t.TempDir(), args...)

	a := mustDial(t, one, owner)
	c := mustDial(t, two, memberC)
	joinRoom(t, a, space.ID)
	joinRoom(t, c, space.ID)
	act := func(body map[string]any) {
		t.Helper()
		owner.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/actions", body).Want(204)
	}

	act(map[string]any{"action": "mute", "user": cID, "duration": "24h", "reason": "spam"})
	nextAction(t, c, "mute")
	probe(t, c, space.ID, "muted")
	act(map[string]any{"action": "unmute", "user": cID, "reason": "other"})
	probe(t, c, space.ID, "not_found")
	seq := say(t, c, space.ID, "c1", "hello from two")

	act(map[string]any{"action": "lock", "reason": "threat_or_violence"})
	nextAction(t, c, "lock")
	probe(t, c, space.ID, "room_locked")
	act(map[string]any{"action": "unlock", "reason": "other"})
	probe(t, c, space.ID, "not_found")

	act(map[string]any{"action": "delete_message", "seq": seq, "reason": "spam"})
	if d := nextOf(t, c, "delete"); d.Target != seq {
		t.Errorf("the other instance's member got the delete of %d, want %d", d.Target, seq)
	}

	act(map[string]any{"action": "ban", "user": cID, "reason": "harassment"})
	if code := closedWith(t, c); code != websocket.ClosePolicyViolation {
		t.Errorf("the banned member's socket on the other instance closed with %d, want 1008", code)
	}
}

// moderating lists who room's members list says moderates it, as c reads it.
func moderating(t *testing.T, c *apitest.Client, room string) []string {
	t.Helper()
	var ms struct {
		Members []struct {
			UserID    string `json:"user_id"`
			Moderates bool   `json:"moderates"`
		} `json:"members"`
	}
	c.Do(http.MethodGet, "/api/v1/rooms/"+room+"/members", nil).Want(200).JSON(&ms)
	var out []string
	for _, m := range ms.Members {
		if m.Moderates {
			out = append(out, m.UserID)
		}
	}
	return out
}
