package main

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// exchangeView is the part of an exchange these tests read.
type exchangeView struct {
	ID       string `json:"id"`
	State    string `json:"state"`
	Goals    []any  `json:"goals"`
	Sessions []any  `json:"sessions"`
}

// testClusterState: organisations and exchanges changed on one instance are current on
// the other. Two organisations apply and are approved on A and show as approved on B; a
// request made on B is proposed there, accepted on A, and worked on through both
// instances with nothing lost; its room, opened on A, is used on B.
func testClusterState(t *testing.T, c *cluster, admin, anon *apitest.Client) {
	// Each change travels through NATS and a store read (and a role reload); how fast is
	// for benchmarks, so every check on the other instance polls.
	const within = 5 * time.Second
	onB := func(cl *apitest.Client) *apitest.Client {
		d := cl.For(t)
		d.BaseURL, d.Origin = c.b.URL, c.b.URL
		return d
	}
	lead, orgE := apply(t, anon, "Amara", emergingProfile("Coletivo Tchova"))
	mentor, orgM := apply(t, anon, "Naledi", establishedProfile("Sisonke Peer Network"))
	lead, mentor = lead.For(t), mentor.For(t)
	leadB, mentorB := onB(lead), onB(mentor)
	status := func(cl *apitest.Client, id string) string {
		var o struct {
			Status string `json:"status"`
		}
		r := cl.Do(http.MethodGet, "/api/v1/orgs/"+id, nil)
		if r.Status != http.StatusOK {
			return fmt.Sprint(r.Status)
		}
		r.JSON(&o)
		return o.Status
	}
	if !eventually(within, func() bool { return status(leadB, orgE) == "pending" }) {
		t.Fatalf("B shows the new organisation as %s, want pending", status(leadB, orgE))
	}
	for _, id := range []string{orgE, orgM} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	if !eventually(within, func() bool { return status(leadB, orgE) == "approved" && status(mentorB, orgM) == "approved" }) {
		t.Fatalf("B shows the organisations approved on A as %s and %s", status(leadB, orgE), status(mentorB, orgM))
	}
	inDirectory := func() bool {
		var d struct {
			Organisations []struct {
				ID string `json:"id"`
			} `json:"organisations"`
		}
		r := leadB.Do(http.MethodGet, "/api/v1/directory", nil)
		r.JSON(&d)
		return r.Status == http.StatusOK && slices.ContainsFunc(d.Organisations, func(o struct {
			ID string `json:"id"`
		}) bool {
			return o.ID == orgM
		})
	}
	if !eventually(within, inDirectory) {
		t.Fatal("the mentor organisation approved on A is not in B's directory")
	}

	// Asked for and proposed on B; answered on A.
	var req struct {
		ID string `json:"id"`
	}
	leadB.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests", requestBody).Want(201).JSON(&req)
	var x exchangeView
	leadB.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests/"+req.ID+"/proposals", map[string]string{"mentor": orgM}).Want(201).JSON(&x)
	if !eventually(within, func() bool {
		var u struct {
			Unread int `json:"unread"`
		}
		mentor.Do(http.MethodGet, "/api/v1/me/notifications/unread", nil).JSON(&u)
		return u.Unread == 1
	}) {
		t.Error("the mentor lead has no unread notification on A of the proposal made on B")
	}
	if !eventually(within, func() bool {
		var ps struct {
			Proposals []exchangeView `json:"proposals"`
		}
		mentor.Do(http.MethodGet, "/api/v1/orgs/"+orgM+"/proposals", nil).JSON(&ps)
		return slices.ContainsFunc(ps.Proposals, func(p exchangeView) bool { return p.ID == x.ID })
	}) {
		t.Error("A does not list the proposal made on B")
	}
	mentor.Do(http.MethodPost, "/api/v1/orgs/"+orgM+"/proposals/"+x.ID+"/accept", nil).Want(200)

	// Worked on at once through B, then through A: each change builds on the other's.
	base := "/api/v1/orgs/" + orgE + "/exchanges/" + x.ID
	leadB.Do(http.MethodPost, base+"/goals", map[string]string{"text": "Plan outreach in two districts"}).Want(201).JSON(&x)
	if x.State != "active" {
		t.Errorf("after a goal added on B the exchange is %s, want active", x.State)
	}
	mentor.Do(http.MethodPost, "/api/v1/orgs/"+orgM+"/exchanges/"+x.ID+"/sessions", map[string]any{"date": "2026-05-04", "duration_minutes": 90, "format": "online_mentoring"}).Want(201).JSON(&x)
	if len(x.Goals) != 1 || len(x.Sessions) != 1 {
		t.Errorf("after a session logged on A: %d goals and %d sessions, want 1 and 1 (B's goal lost?)", len(x.Goals), len(x.Sessions))
	}
	if !eventually(within, func() bool {
		var got exchangeView
		leadB.Do(http.MethodGet, base, nil).JSON(&got)
		return len(got.Goals) == 1 && len(got.Sessions) == 1
	}) {
		t.Error("B does not show the session logged on A")
	}

	// The exchange's room, opened on A with its members, is usable on B.
	room := "x" + x.ID
	if !eventually(within, func() bool {
		var rs struct {
			Rooms []struct {
				ID string `json:"id"`
			} `json:"rooms"`
		}
		leadB.Do(http.MethodGet, "/api/v1/rooms", nil).JSON(&rs)
		return slices.ContainsFunc(rs.Rooms, func(r struct {
			ID string `json:"id"`
		}) bool {
			return r.ID == room
		})
	}) {
		t.Fatal("B does not list the exchange room among the requesting lead's rooms")
	}
	listener := mustDial(t, c.a, mentor)
	joinRoom(t, listener, room)
	ws := mustDial(t, c.b, lead)
	joinRoom(t, ws, room)
	send(t, ws, map[string]any{"type": "send", "room": room, "client_id": "from-b", "body": "Olá"})
	ack := next(t, ws, "ack")
	if got := next(t, listener, "message"); got.Seq != ack.Seq {
		t.Errorf("the mentor on A got seq %d, want %d", got.Seq, ack.Seq)
	}
}
