package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// hostSetup is openExchange plus Amigos da Rua, an approved organisation that the
// requesting organisation (Coletivo Kianda, hosted by the outside "Friendly NGO" since
// it applied) may name as its host on Cascade, with its lead Thandiwe and mentor Nomvula.
type hostSetup struct {
	*exchangeParties
	orgH           string
	leadH          *apitest.Client
	hostLead, ment member
}

func newHostSetup(t *testing.T, srv *instance) *hostSetup {
	t.Helper()
	h := &hostSetup{exchangeParties: openExchange(t, srv)}
	_, h.orgH = apply(t, h.anon, "Thandiwe", establishedProfile("Amigos da Rua"))
	h.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+h.orgH+"/approve", nil).Want(200)
	h.leadH = login(t, h.anon, "Thandiwe")
	h.hostLead = member{client: h.leadH, id: userID(t, h.leadH)}
	h.ment = joinedMember(t, h.leadH, h.anon, h.orgH, "Nomvula")
	h.leadH.Do(http.MethodPut, "/api/v1/orgs/"+h.orgH+"/mentors/"+h.ment.id, nil).Want(204)
	return h
}

// confirmHost names Amigos as Kianda's host and confirms it.
func (h *hostSetup) confirmHost(t *testing.T) {
	t.Helper()
	var out struct {
		Host struct {
			Kind, Org, Name, State string
		} `json:"host"`
	}
	h.leadE.Do(http.MethodPut, "/api/v1/orgs/"+h.orgE+"/host", map[string]string{"kind": "cascade", "org": h.orgH}).Want(200).JSON(&out)
	if out.Host.State != "requested" || out.Host.Name != "Amigos da Rua" {
		t.Fatalf("after naming the host: %+v", out.Host)
	}
	h.leadH.Do(http.MethodPost, "/api/v1/orgs/"+h.orgH+"/hosting/"+h.orgE+"/confirm", nil).Want(200)
}

// bringHost brings the confirmed host into the exchange.
func (h *hostSetup) bringHost(t *testing.T) {
	t.Helper()
	var x struct {
		HostOrg string `json:"host_org"`
		HostFor string `json:"host_for"`
	}
	h.leadE.Do(http.MethodPut, "/api/v1/orgs/"+h.orgE+"/exchanges/"+h.exchangeID+"/host", nil).Want(200).JSON(&x)
	if x.HostOrg != h.orgH || x.HostFor != h.orgE {
		t.Fatalf("after bringing the host in: %+v", x)
	}
}

// TestHostJoinsTheExchangeRoom: a host confirms, the hosted group's lead brings it into
// an exchange, its lead and a named mentor join the room and write; the other party sees
// it on the exchange and in the room's member list; the host reads the exchange but does
// no work. Each way of losing it (host taken out of the exchange, mentor un-named,
// relationship ended, host suspended) closes the host people's sockets (1008 within 1 s)
// and refuses their join.
func TestHostJoinsTheExchangeRoom(t *testing.T) {
	srv := startServer(t, t.TempDir())
	h := newHostSetup(t, srv)
	xPath := "/api/v1/orgs/" + h.orgE + "/exchanges/" + h.exchangeID + "/host"

	// Not before the host confirms.
	if code := h.leadE.Do(http.MethodPut, xPath, nil).Want(409).ErrorCode(); code != "no_confirmed_host" {
		t.Errorf("bringing in an unconfirmed host: code %q", code)
	}
	h.leadE.Do(http.MethodPut, "/api/v1/orgs/"+h.orgE+"/host", map[string]string{"kind": "cascade", "org": h.orgH}).Want(200)
	type note struct {
		Kind  string `json:"kind"`
		OrgID string `json:"org_id"`
	}
	var notes struct {
		Notifications []note `json:"notifications"`
	}
	h.leadH.Do(http.MethodGet, "/api/v1/me/notifications", nil).Want(200).JSON(&notes)
	if !slices.Contains(notes.Notifications, note{Kind: "hosting_requested", OrgID: h.orgH}) {
		t.Errorf("the host's lead was not asked: %+v", notes.Notifications)
	}
	var list struct {
		Hosted []struct {
			Org, Name, State string
			Counts           bool
		} `json:"hosted"`
	}
	h.leadH.Do(http.MethodGet, "/api/v1/orgs/"+h.orgH+"/hosting", nil).Want(200).JSON(&list)
	if len(list.Hosted) != 1 || list.Hosted[0].Org != h.orgE || list.Hosted[0].State != "requested" || list.Hosted[0].Name != "Coletivo Kianda" {
		t.Fatalf("hosting list: %+v", list.Hosted)
	}
	h.ment.client.Do(http.MethodGet, "/api/v1/orgs/"+h.orgH+"/hosting", nil).Want(404) // leads only
	h.leadM.Do(http.MethodPost, "/api/v1/orgs/"+h.orgM+"/hosting/"+h.orgE+"/confirm", nil).Want(404)
	h.leadH.Do(http.MethodPost, "/api/v1/orgs/"+h.orgH+"/hosting/"+h.orgE+"/confirm", nil).Want(200).JSON(&list)
	if len(list.Hosted) != 1 || list.Hosted[0].State != "confirmed" || !list.Hosted[0].Counts {
		t.Fatalf("after confirming: %+v", list.Hosted)
	}
	// Only the party it hosts brings it in.
	h.leadM.Do(http.MethodPut, "/api/v1/orgs/"+h.orgM+"/exchanges/"+h.exchangeID+"/host", nil).Want(409)
	h.bringHost(t)

	wsLead := inRoom(t, srv, h.hostLead, h.roomID)
	wsMent := inRoom(t, srv, h.ment, h.roomID)
	// They read what the parties write.
	esperanca := mustDial(t, srv, h.leadE)
	joinRoom(t, esperanca, h.roomID)
	sayIn(t, esperanca, h.roomID, "bem-vindos")
	for _, ws := range []*websocket.Conn{wsLead, wsMent} {
		for {
			if f := next(t, ws, "message"); f.Room == h.roomID && f.Body == "bem-vindos" {
				break
			}
		}
	}

	// The other party sees the host on the exchange and in the room's member list.
	var x struct {
		HostOrg string `json:"host_org"`
	}
	h.leadM.Do(http.MethodGet, "/api/v1/orgs/"+h.orgM+"/exchanges/"+h.exchangeID, nil).Want(200).JSON(&x)
	if x.HostOrg != h.orgH {
		t.Errorf("the mentor party sees host %q, want %q", x.HostOrg, h.orgH)
	}
	var ms struct {
		Members []struct {
			Pseudonym    string `json:"pseudonym"`
			Organisation string `json:"organisation"`
			Role         string `json:"role"`
		} `json:"members"`
	}
	h.leadM.Do(http.MethodGet, "/api/v1/rooms/"+h.roomID+"/members", nil).Want(200).JSON(&ms)
	got := map[string]string{}
	for _, m := range ms.Members {
		got[m.Pseudonym] = m.Organisation + "/" + m.Role
	}
	if got["Thandiwe"] != "Amigos da Rua/owner" || got["Nomvula"] != "Amigos da Rua/member" {
		t.Errorf("room members %v: want the host's lead and mentor under Amigos da Rua", got)
	}
	// The host reads the exchange, among its own; it does no work.
	h.leadH.Do(http.MethodGet, "/api/v1/orgs/"+h.orgH+"/exchanges/"+h.exchangeID, nil).Want(200)
	var mine struct {
		Exchanges []struct {
			ID string `json:"id"`
		} `json:"exchanges"`
	}
	h.leadH.Do(http.MethodGet, "/api/v1/orgs/"+h.orgH+"/exchanges", nil).Want(200).JSON(&mine)
	if len(mine.Exchanges) != 1 || mine.Exchanges[0].ID != h.exchangeID {
		t.Errorf("the host's exchanges: %+v", mine.Exchanges)
	}
	h.leadH.Do(http.MethodPost, "/api/v1/orgs/"+h.orgH+"/exchanges/"+h.exchangeID+"/goals", map[string]string{"text": "a goal"}).Want(404)
	h.leadH.Do(http.MethodPost, "/api/v1/orgs/"+h.orgH+"/exchanges/"+h.exchangeID+"/cancel", map[string]string{"reason": "timing"}).Want(404)

	// 1. Taken out of the exchange.
	start := time.Now()
	h.leadE.Do(http.MethodDelete, xPath, nil).Want(200)
	lost(t, srv, h.hostLead, wsLead, h.roomID, start, "taking the host out of the exchange")
	lost(t, srv, h.ment, wsMent, h.roomID, start, "taking the host out of the exchange")
	h.leadH.Do(http.MethodGet, "/api/v1/orgs/"+h.orgH+"/exchanges/"+h.exchangeID, nil).Want(404)
	h.bringHost(t)

	// 2. The mentor un-named in the host.
	wsMent = inRoom(t, srv, h.ment, h.roomID)
	start = time.Now()
	h.leadH.Do(http.MethodDelete, "/api/v1/orgs/"+h.orgH+"/mentors/"+h.ment.id, nil).Want(204)
	lost(t, srv, h.ment, wsMent, h.roomID, start, "un-naming the host's mentor")
	h.leadH.Do(http.MethodPut, "/api/v1/orgs/"+h.orgH+"/mentors/"+h.ment.id, nil).Want(204)

	// 3. The relationship ended by the host.
	wsLead = inRoom(t, srv, h.hostLead, h.roomID)
	wsMent = inRoom(t, srv, h.ment, h.roomID)
	start = time.Now()
	h.leadH.Do(http.MethodPost, "/api/v1/orgs/"+h.orgH+"/hosting/"+h.orgE+"/end", map[string]string{"reason": "our funding ended"}).Want(200)
	lost(t, srv, h.hostLead, wsLead, h.roomID, start, "ending the relationship")
	lost(t, srv, h.ment, wsMent, h.roomID, start, "ending the relationship")
	var seen struct {
		Host struct {
			State  string `json:"state"`
			Reason string `json:"reason"`
		} `json:"host"`
	}
	h.leadE.Do(http.MethodGet, "/api/v1/orgs/"+h.orgE, nil).Want(200).JSON(&seen)
	if seen.Host.State != "ended" || seen.Host.Reason != "our funding ended" {
		t.Errorf("the hosted lead reads %+v", seen.Host)
	}
	// A new relationship does not bring the host back by itself.
	h.confirmHost(t)
	if listsRoom(t, h.leadH, h.roomID) {
		t.Error("a confirmed-again host is back in the exchange without being brought in")
	}
	h.bringHost(t)

	// 4. The host suspended.
	wsLead = inRoom(t, srv, h.hostLead, h.roomID)
	wsMent = inRoom(t, srv, h.ment, h.roomID)
	start = time.Now()
	h.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+h.orgH+"/suspend", map[string]string{"reason": "under review"}).Want(200)
	lost(t, srv, h.hostLead, wsLead, h.roomID, start, "suspending the host")
	lost(t, srv, h.ment, wsMent, h.roomID, start, "suspending the host")
	// The parties keep the room.
	sayIn(t, esperanca, h.roomID, "ainda aqui")
}

// TestOutsideHostNameStaysWithTheLeads: the outside NGO's name is read by the hosted
// organisation's leads and the admins only; no GET of the spec that returns organisations
// gives it to a member, another organisation or a host.
func TestOutsideHostNameStaysWithTheLeads(t *testing.T) {
	srv := startServer(t, t.TempDir())
	h := newHostSetup(t, srv)
	const secret = "Friendly NGO" // Kianda's outside host since it applied
	var lead struct {
		Profile struct {
			HostName string `json:"host_name"`
		} `json:"profile"`
		Host struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"host"`
	}
	h.leadE.Do(http.MethodGet, "/api/v1/orgs/"+h.orgE, nil).Want(200).JSON(&lead)
	if lead.Host.Kind != "outside" || lead.Host.Name != secret || lead.Profile.HostName != secret {
		t.Fatalf("the lead reads %+v", lead)
	}
	if body := string(h.admin.Do(http.MethodGet, "/api/v1/admin/organisations/"+h.orgE, nil).Want(200).Body); !strings.Contains(body, secret) {
		t.Errorf("the admin does not read the outside host")
	}
	// Renamed through the host route, the new name is as private.
	const renamed = "Associação Amiga"
	h.leadE.Do(http.MethodPut, "/api/v1/orgs/"+h.orgE+"/host", map[string]string{"kind": "outside", "name": renamed}).Want(200)

	memberE := joinedMember(t, h.leadE, h.anon, h.orgE, "Luzia")
	// The host on Cascade of another group, to check the hosting list too.
	reqID, _ := mentorScore(t, h.leadE, h.orgE, h.orgM)
	gets := []struct {
		who  string
		c    *apitest.Client
		path string
	}{
		{"member", memberE.client, "/api/v1/orgs/" + h.orgE},
		{"member", memberE.client, "/api/v1/me"},
		{"member", memberE.client, "/api/v1/directory"},
		{"member", memberE.client, "/api/v1/orgs/" + h.orgE + "/exchanges"},
		{"member", memberE.client, "/api/v1/orgs/" + h.orgE + "/exchanges/" + h.exchangeID},
		{"member", memberE.client, "/api/v1/orgs/" + h.orgE + "/requests/" + reqID},
		{"member", memberE.client, "/api/v1/orgs/" + h.orgE + "/members"},
		{"member", memberE.client, "/api/v1/rooms"},
		{"member", memberE.client, "/api/v1/orgs/" + h.orgE + "/requests"},
		{"member", memberE.client, "/api/v1/me/notifications"},
		{"other org", h.leadM, "/api/v1/directory"},
		{"other org", h.leadM, "/api/v1/me"},
		{"other org", h.leadM, "/api/v1/orgs/" + h.orgM + "/proposals"},
		{"other org", h.leadM, "/api/v1/orgs/" + h.orgM + "/exchanges"},
		{"other org", h.leadM, "/api/v1/orgs/" + h.orgM + "/exchanges/" + h.exchangeID},
		{"other org", h.leadM, "/api/v1/rooms/" + h.roomID + "/members"},
		{"other org", h.leadM, "/api/v1/me/notifications"},
		{"host", h.leadH, "/api/v1/directory"},
		{"host", h.leadH, "/api/v1/orgs/" + h.orgH + "/hosting"},
		{"host", h.leadH, "/api/v1/orgs/" + h.orgH + "/exchanges"},
		{"lead's suggestions", h.leadE, "/api/v1/orgs/" + h.orgE + "/requests/" + reqID + "/suggestions"},
	}
	h.leadE.Do(http.MethodPost, "/api/v1/orgs/"+h.orgE+"/requests/"+reqID+"/proposals", map[string]string{"mentor": h.orgM}).Want(201)
	h.leadE.Do(http.MethodPut, "/api/v1/orgs/"+h.orgE+"/host", map[string]string{"kind": "outside", "name": renamed}).Want(200)
	for _, g := range gets {
		r := g.c.Do(http.MethodGet, g.path, nil)
		if r.Status != http.StatusOK {
			t.Errorf("%s GET %s: %d %s", g.who, g.path, r.Status, r.Body)
			continue
		}
		for _, s := range []string{secret, renamed, `"host"`, "host_name"} {
			if strings.Contains(string(r.Body), s) {
				t.Errorf("%s GET %s shows %q: %s", g.who, g.path, s, r.Body)
			}
		}
	}
	// Another organisation cannot read Kianda at all.
	h.leadM.Do(http.MethodGet, "/api/v1/orgs/"+h.orgE, nil).Want(404)
	h.leadH.Do(http.MethodGet, "/api/v1/orgs/"+h.orgE, nil).Want(404)
}

// TestHostDeclines: the host declines with a reason the hosted group's lead reads (and is
// told of); a reason is required; the group then withdraws its host altogether.
func TestHostDeclines(t *testing.T) {
	srv := startServer(t, t.TempDir())
	h := newHostSetup(t, srv)
	h.leadE.Do(http.MethodPut, "/api/v1/orgs/"+h.orgE+"/host", map[string]string{"kind": "cascade", "org": h.orgH}).Want(200)
	decline := "/api/v1/orgs/" + h.orgH + "/hosting/" + h.orgE + "/decline"
	if code := h.leadH.Do(http.MethodPost, decline, map[string]string{"reason": " "}).Want(400).ErrorCode(); code != "invalid_profile" {
		t.Errorf("declining without a reason: code %q", code)
	}
	var list struct {
		Hosted []struct{} `json:"hosted"`
	}
	h.leadH.Do(http.MethodPost, decline, map[string]string{"reason": "We cannot take more groups this year."}).Want(200).JSON(&list)
	if len(list.Hosted) != 0 {
		t.Errorf("after declining the host still lists %d", len(list.Hosted))
	}
	var seen struct {
		Host struct {
			State  string `json:"state"`
			Reason string `json:"reason"`
		} `json:"host"`
	}
	h.leadE.Do(http.MethodGet, "/api/v1/orgs/"+h.orgE, nil).Want(200).JSON(&seen)
	if seen.Host.State != "declined" || seen.Host.Reason != "We cannot take more groups this year." {
		t.Errorf("the hosted lead reads %+v", seen.Host)
	}
	type note struct {
		Kind string `json:"kind"`
	}
	var notes struct {
		Notifications []note `json:"notifications"`
	}
	h.leadE.Do(http.MethodGet, "/api/v1/me/notifications", nil).Want(200).JSON(&notes)
	if !slices.Contains(notes.Notifications, note{Kind: "hosting_declined"}) {
		t.Errorf("the hosted lead was not told: %+v", notes.Notifications)
	}
	h.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+h.orgE+"/host", nil).Want(204)
	h.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+h.orgE+"/host", nil).Want(404)
	h.ment.client.Do(http.MethodPut, "/api/v1/orgs/"+h.orgH+"/host", map[string]string{"kind": "outside", "name": "x"}).Want(404) // leads only
}

// TestHostReadsWhatIsAttached: a resource only its organisation sees, attached to the
// exchange, opens for the host brought into it — and no longer once the host is taken out.
func TestHostReadsWhatIsAttached(t *testing.T) {
	h := newHostSetup(t, startServer(t, t.TempDir()))
	r := addResource(t, h.leadE, meta(h.orgE, "page", "org", "Our outreach plan"), "", nil)
	resources := "/api/v1/orgs/" + h.orgE + "/exchanges/" + h.exchangeID + "/resources"
	h.leadE.Do(http.MethodPost, resources, map[string]string{"resource": r.ID}).Want(201)
	h.leadH.Do(http.MethodGet, "/api/v1/library/"+r.ID, nil).Want(404) // not in the exchange yet

	h.confirmHost(t)
	h.bringHost(t)
	h.leadH.Do(http.MethodGet, "/api/v1/library/"+r.ID, nil).Want(200)
	h.leadH.Do(http.MethodGet, "/api/v1/orgs/"+h.orgH+"/exchanges/"+h.exchangeID+"/resources", nil).Want(200)

	h.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+h.orgE+"/exchanges/"+h.exchangeID+"/host", nil).Want(200)
	h.leadH.Do(http.MethodGet, "/api/v1/library/"+r.ID, nil).Want(404)
	h.leadH.Do(http.MethodGet, "/api/v1/orgs/"+h.orgH+"/exchanges/"+h.exchangeID+"/resources", nil).Want(404)
}
