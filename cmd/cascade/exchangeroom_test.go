package main

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// exchangeParties is an accepted exchange between Coletivo Kianda (requesting, lead
// Esperança) and Ikhaya Peer Collective (mentor, lead Lerato), and its room.
type exchangeParties struct {
	admin, anon        *apitest.Client
	leadE, leadM       *apitest.Client
	orgE, orgM         string
	exchangeID, roomID string
}

// openExchange sets up the two organisations on srv and accepts an exchange between them.
func openExchange(t *testing.T, srv *instance) *exchangeParties {
	t.Helper()
	p := &exchangeParties{anon: apitest.New(t, srv.URL, srv.URL)}
	p.admin = p.anon.Clone()
	p.admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	_, p.orgE = apply(t, p.anon, "Esperança", emergingProfile("Coletivo Kianda"))
	_, p.orgM = apply(t, p.anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	for _, id := range []string{p.orgE, p.orgM} {
		p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	p.leadE, p.leadM = login(t, p.anon, "Esperança"), login(t, p.anon, "Lerato")
	reqID, _ := mentorScore(t, p.leadE, p.orgE, p.orgM)
	var x struct {
		ID string `json:"id"`
	}
	p.leadE.Do(http.MethodPost, "/api/v1/orgs/"+p.orgE+"/requests/"+reqID+"/proposals", map[string]string{"mentor": p.orgM}).Want(201).JSON(&x)
	p.leadM.Do(http.MethodPost, "/api/v1/orgs/"+p.orgM+"/proposals/"+x.ID+"/accept", nil).Want(200)
	p.exchangeID, p.roomID = x.ID, "x"+x.ID
	return p
}

// invite brings pseudonym into orgID through an invite of lead and returns them signed in.
func (p *exchangeParties) invite(t *testing.T, lead *apitest.Client, orgID, pseudonym string) member {
	t.Helper()
	return joinedMember(t, lead, p.anon, orgID, pseudonym)
}

// mentor brings pseudonym into the mentor organisation and names them a mentor.
func (p *exchangeParties) mentor(t *testing.T, pseudonym string) member {
	t.Helper()
	m := p.invite(t, p.leadM, p.orgM, pseudonym)
	p.leadM.Do(http.MethodPut, "/api/v1/orgs/"+p.orgM+"/mentors/"+m.id, nil).Want(204)
	return m
}

// listedRoom is one entry of GET /api/v1/rooms.
type listedRoom struct {
	ID       string `json:"id"`
	ReadOnly bool   `json:"read_only"`
}

// listedAs returns room as c's room list shows it, and whether it is there.
func listedAs(t *testing.T, c *apitest.Client, room string) (listedRoom, bool) {
	t.Helper()
	var rs struct {
		Rooms []listedRoom `json:"rooms"`
	}
	c.Do(http.MethodGet, "/api/v1/rooms", nil).Want(200).JSON(&rs)
	i := slices.IndexFunc(rs.Rooms, func(r listedRoom) bool { return r.ID == room })
	if i < 0 {
		return listedRoom{}, false
	}
	return rs.Rooms[i], true
}

// listsRoom reports whether room is among c's rooms.
func listsRoom(t *testing.T, c *apitest.Client, room string) bool {
	t.Helper()
	_, ok := listedAs(t, c, room)
	return ok
}

// joinRefused opens a fresh socket for c and checks that joining room is forbidden.
func joinRefused(t *testing.T, srv *instance, c *apitest.Client, room string) {
	t.Helper()
	ws := mustDial(t, srv, c)
	send(t, ws, map[string]any{"type": "join", "room": room})
	if f := collectOne(t, ws, "joined", "error"); f.Type != "error" || f.Code != "forbidden" {
		t.Errorf("join after losing the room: got %+v, want error forbidden", f)
	}
}

// inRoom dials srv as m, joins the room and checks it is listed and writable.
func inRoom(t *testing.T, srv *instance, m member, room string) *websocket.Conn {
	t.Helper()
	if !listsRoom(t, m.client, room) {
		t.Fatal("the exchange room is not in the person's list")
	}
	ws := mustDial(t, srv, m.client)
	joinRoom(t, ws, room)
	send(t, ws, map[string]any{"type": "send", "room": room, "client_id": "hello-" + m.id, "body": "olá"})
	next(t, ws, "ack")
	return ws
}

// lost checks everything that losing the room means: the open socket closed with 1008
// within a second of since, the room gone from the list, a new join refused.
func lost(t *testing.T, srv *instance, m member, ws *websocket.Conn, room string, since time.Time, what string) {
	t.Helper()
	waitRevoked(t, ws, since, what)
	if listsRoom(t, m.client, room) {
		t.Errorf("after %s the room is still in the list", what)
	}
	joinRefused(t, srv, m.client, room)
}

// TestExchangeRoomFollowsTheOrganisations: who is in an exchange room follows from the
// two organisations, and every way of losing one's place ends it at once: un-named,
// removed, leaving, removed from the room by a lead, the account disabled, the
// organisation suspended. A mentor named after the accept joins at once; a completed
// exchange's room stays readable and becomes read-only.
func TestExchangeRoomFollowsTheOrganisations(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := openExchange(t, srv)
	leadE := member{client: p.leadE}
	wsLead := inRoom(t, srv, leadE, p.roomID)

	t.Run("members", func(t *testing.T) {
		teresa := p.mentor(t, "Teresa")
		inRoom(t, srv, teresa, p.roomID)
		var out struct {
			Members []struct {
				UserID       string `json:"user_id"`
				Pseudonym    string `json:"pseudonym"`
				Organisation string `json:"organisation"`
				Role         string `json:"role"`
			} `json:"members"`
		}
		teresa.client.Do(http.MethodGet, "/api/v1/rooms/"+p.roomID+"/members", nil).Want(200).JSON(&out)
		got := map[string]string{}
		for _, m := range out.Members {
			got[m.Pseudonym] = m.Organisation + "/" + m.Role
		}
		want := map[string]string{
			"Esperança": "Coletivo Kianda/owner",
			"Lerato":    "Ikhaya Peer Collective/owner",
			"Teresa":    "Ikhaya Peer Collective/member",
		}
		if len(got) != len(want) {
			t.Errorf("members %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("member %s: %q, want %q", k, got[k], v)
			}
		}
		// Not to anyone outside the room.
		outsider := p.invite(t, p.leadM, p.orgM, "Naledi")
		outsider.client.Do(http.MethodGet, "/api/v1/rooms/"+p.roomID+"/members", nil).Want(404)
	})

	t.Run("un-named mentor", func(t *testing.T) {
		m := p.mentor(t, "Amahle") // named after the accept: in at once
		ws := inRoom(t, srv, m, p.roomID)
		start := time.Now()
		p.leadM.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgM+"/mentors/"+m.id, nil).Want(204)
		lost(t, srv, m, ws, p.roomID, start, "un-naming")
		// The lead's roster is told.
		for {
			if f := next(t, wsLead, "member_changed"); f.Room == p.roomID {
				break
			}
		}
		// Named again: in again at once.
		p.leadM.Do(http.MethodPut, "/api/v1/orgs/"+p.orgM+"/mentors/"+m.id, nil).Want(204)
		inRoom(t, srv, m, p.roomID)
	})

	t.Run("removed from the organisation", func(t *testing.T) {
		m := p.mentor(t, "Busisiwe")
		ws := inRoom(t, srv, m, p.roomID)
		start := time.Now()
		p.leadM.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgM+"/members/"+m.id, nil).Want(204)
		lost(t, srv, m, ws, p.roomID, start, "removal from the organisation")
	})

	t.Run("left the organisation", func(t *testing.T) {
		m := p.mentor(t, "Zanele")
		ws := inRoom(t, srv, m, p.roomID)
		start := time.Now()
		m.client.Do(http.MethodPost, "/api/v1/orgs/"+p.orgM+"/leave", nil).Want(204)
		lost(t, srv, m, ws, p.roomID, start, "leaving the organisation")
		// The last lead cannot leave.
		if code := p.leadE.Do(http.MethodPost, "/api/v1/orgs/"+p.orgE+"/leave", nil).Want(409).ErrorCode(); code != "conflict" {
			t.Errorf("the last lead leaving: code %q, want conflict", code)
		}
	})

	t.Run("added by a lead, removed by a lead", func(t *testing.T) {
		m := p.invite(t, p.leadE, p.orgE, "Rosa")
		joinRefused(t, srv, m.client, p.roomID) // a plain member is not in the room
		p.leadE.Do(http.MethodPost, "/api/v1/rooms/"+p.roomID+"/members", map[string]string{"user_id": m.id}).Want(204)
		ws := inRoom(t, srv, m, p.roomID)
		// The other party's lead owns the room too.
		if code := p.leadM.Do(http.MethodDelete, "/api/v1/rooms/"+p.roomID+"/members/"+m.id, nil).Want(204).ErrorCode(); code != "" {
			t.Fatalf("removal answered %q", code)
		}
		lost(t, srv, m, ws, p.roomID, time.Now().Add(-100*time.Millisecond), "removal from the room")
		// Someone of neither organisation cannot be added; a lead cannot be removed.
		p.leadE.Do(http.MethodPost, "/api/v1/rooms/"+p.roomID+"/members", map[string]string{"user_id": userID(t, p.admin)}).Want(404)
		if code := p.leadE.Do(http.MethodPost, "/api/v1/rooms/"+p.roomID+"/leave", nil).Want(409).ErrorCode(); code != "membership_derived" {
			t.Errorf("a lead leaving the room: code %q, want membership_derived", code)
		}
		// Leads own the room: retention is theirs, not the mentors'.
		p.leadE.Do(http.MethodPut, "/api/v1/rooms/"+p.roomID+"/retention", map[string]int{"days": 30}).Want(200)
	})

	t.Run("account disabled", func(t *testing.T) {
		m := p.mentor(t, "Palesa")
		ws := inRoom(t, srv, m, p.roomID)
		start := time.Now()
		p.admin.Do(http.MethodPost, "/api/v1/admin/users/"+m.id+"/disable", nil).Want(200)
		waitRevoked(t, ws, start, "disabling the account")
		m.client.Do(http.MethodGet, "/api/v1/rooms", nil).Want(401)
		if _, resp, err := dialSocket(t, srv, m.client, srv.URL); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("dial after disabling: %v, want 401", err)
		}
	})

	t.Run("organisation suspended", func(t *testing.T) {
		m := p.mentor(t, "Lindiwe")
		ws := inRoom(t, srv, m, p.roomID)
		wsLeadM := mustDial(t, srv, p.leadM)
		joinRoom(t, wsLeadM, p.roomID)
		start := time.Now()
		p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.orgM+"/suspend", map[string]string{"reason": "Under review."}).Want(200)
		lost(t, srv, m, ws, p.roomID, start, "suspension")
		waitRevoked(t, wsLeadM, start, "suspension (lead)")
		if !listsRoom(t, p.leadE, p.roomID) {
			t.Error("the other party's lead lost the room")
		}
		// Approved again: in again.
		p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.orgM+"/approve", nil).Want(200)
		if !listsRoom(t, m.client, p.roomID) {
			t.Error("after re-approval the mentor's room is not back")
		}
	})
	t.Run("completed: read-only", func(t *testing.T) {
		m := p.mentor(t, "Nandi")
		ws := inRoom(t, srv, m, p.roomID)
		if r, _ := listedAs(t, m.client, p.roomID); r.ReadOnly {
			t.Error("the room of a running exchange is listed read-only")
		}
		base := "/api/v1/orgs/" + p.orgE + "/exchanges/" + p.exchangeID
		p.leadE.Do(http.MethodPost, base+"/goals", map[string]string{"text": "Plan outreach in two districts"}).Want(201)
		feedback := map[string]any{"usefulness": 5, "respect": 5, "learned": "Como mapear pontos de trabalho."}
		p.leadE.Do(http.MethodPost, base+"/complete", feedback).Want(200)
		p.leadM.Do(http.MethodPost, "/api/v1/orgs/"+p.orgM+"/exchanges/"+p.exchangeID+"/complete", feedback).Want(200)
		// The open socket stays, and its writes are refused as read-only.
		send(t, ws, map[string]any{"type": "send", "room": p.roomID, "client_id": "after-the-end", "body": "ainda?"})
		if f := collectOne(t, ws, "ack", "error"); f.Type != "error" || f.Code != "read_only" {
			t.Errorf("a send after completion: got %+v, want error read_only", f)
		}
		if r, ok := listedAs(t, m.client, p.roomID); !ok || !r.ReadOnly {
			t.Errorf("after completion the room is listed as %+v (listed: %v), want read_only", r, ok)
		}
		// History stays readable for both sides.
		for _, who := range []*apitest.Client{p.leadE, p.leadM} {
			fresh := mustDial(t, srv, who)
			send(t, fresh, map[string]any{"type": "join", "room": p.roomID, "last_seq": 0})
			if f := collectOne(t, fresh, "message", "error"); f.Type != "message" {
				t.Errorf("history after completion: got %+v, want the messages", f)
			}
		}
	})

}
