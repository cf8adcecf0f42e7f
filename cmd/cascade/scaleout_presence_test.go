package main

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// presenceFrame is the part of a server frame that tells who is in a room.
type presenceFrame struct {
	Type    string   `json:"type"`
	Room    string   `json:"room"`
	Present []string `json:"present"`
	Online  []string `json:"online"`
	Offline []string `json:"offline"`
}

// roomView is what one socket has been told about who is in a room: its joined snapshot
// with the presence frames since applied.
type roomView struct {
	t      *testing.T
	ws     *websocket.Conn
	room   string
	online map[string]bool
}

// joinView joins room on ws and returns the socket's view and its joined snapshot.
func joinView(t *testing.T, ws *websocket.Conn, room string) (*roomView, []string) {
	t.Helper()
	send(t, ws, map[string]any{"type": "join", "room": room})
	v := &roomView{t: t, ws: ws, room: room, online: map[string]bool{}}
	for {
		f := v.read()
		if f.Type == "joined" && f.Room == room {
			for _, u := range f.Present {
				v.online[u] = true
			}
			return v, f.Present
		}
	}
}

func (v *roomView) read() presenceFrame {
	v.t.Helper()
	_ = v.ws.SetReadDeadline(time.Now().Add(15 * time.Second))
	_, data, err := v.ws.ReadMessage()
	if err != nil {
		v.t.Fatalf("read (view %v): %v", v.online, err)
	}
	var f presenceFrame
	if err := json.Unmarshal(data, &f); err != nil {
		v.t.Fatalf("frame %s: %v", data, err)
	}
	return f
}

// until applies presence frames until online holds those in want and none in gone, and
// returns the users any of the frames listed as offline.
func (v *roomView) until(want, gone []string) (offline []string) {
	v.t.Helper()
	for !v.shows(want, gone) {
		f := v.read()
		if f.Type != "presence" || f.Room != v.room {
			continue
		}
		for _, u := range f.Online {
			v.online[u] = true
		}
		for _, u := range f.Offline {
			delete(v.online, u)
		}
		offline = append(offline, f.Offline...)
	}
	return offline
}

func (v *roomView) shows(want, gone []string) bool {
	for _, u := range want {
		if !v.online[u] {
			return false
		}
	}
	for _, u := range gone {
		if v.online[u] {
			return false
		}
	}
	return true
}

// Over NATS, every socket sees who is in the room on either instance: p, with a socket
// on each, stays online while one is open and goes offline when the last closes. q
// watches on the first instance, r on the second; Thandi (s, signed in again here) joins
// only to mark a point in time. people are TestTwoInstances's, all in room.
func testClusterPresence(t *testing.T, c *cluster, anon *apitest.Client, people []member, room string) {
	p, q, r, s := people[0], people[1], people[3], people[2]
	onA, _ := joinView(t, mustDial(t, c.a, q.client), room)
	onB, _ := joinView(t, mustDial(t, c.b, r.client), room)
	onA.until([]string{q.id, r.id}, nil)
	onB.until([]string{q.id, r.id}, nil)

	pa, pb := mustDial(t, c.a, p.client), mustDial(t, c.b, p.client)
	joinRoom(t, pa, room)
	joinRoom(t, pb, room)
	onA.until([]string{p.id}, nil)
	onB.until([]string{p.id}, nil)

	// r is on the second instance only: the first knows it (onA saw it), so a join there
	// lists it.
	if _, present := joinView(t, mustDial(t, c.a, q.client), room); !slices.Contains(present, r.id) {
		t.Errorf("joined on the first instance: present %v lacks r, who is on the second", present)
	}

	// p leaves the first instance; s joins there after, so its presence comes after p's.
	send(t, pa, map[string]any{"type": "leave", "room": room})
	next(t, pa, "left")
	joinRoom(t, mustDial(t, c.a, login(t, anon, "Thandi")), room)
	for name, v := range map[string]*roomView{"first": onA, "second": onB} {
		if offline := v.until([]string{s.id}, nil); slices.Contains(offline, p.id) {
			t.Errorf("%s instance: p shown offline while still on the second", name)
		}
	}

	// p's last socket closes.
	_ = pb.Close()
	onA.until(nil, []string{p.id})
	onB.until(nil, []string{p.id})
}
