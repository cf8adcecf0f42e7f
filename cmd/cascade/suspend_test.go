package main

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

type noteView struct {
	Kind       string `json:"kind"`
	ExchangeID string `json:"exchange_id"`
	Reason     string `json:"reason"`
}

// toldSuspended reports whether the lead was told of kind about exchange id with the
// reason organisation_suspended.
func toldSuspended(lead *apitest.Client, kind, id string) bool {
	var out struct {
		Notifications []noteView `json:"notifications"`
	}
	lead.Do(http.MethodGet, "/api/v1/me/notifications", nil).Want(200).JSON(&out)
	return slices.Contains(out.Notifications, noteView{Kind: kind, ExchangeID: id, Reason: "organisation_suspended"})
}

type pausable struct {
	ID     string `json:"id"`
	State  string `json:"state"`
	Reason string `json:"reason"`
	Paused bool   `json:"paused"`
}

type namedRoundView struct {
	Proposals []struct {
		RequestOrg     string `json:"request_org"`
		RequestOrgName string `json:"request_org_name"`
		Mentor         string `json:"mentor"`
		MentorOrgName  string `json:"mentor_org_name"`
	} `json:"proposals"`
	Unmatched []struct {
		RequestOrg     string `json:"request_org"`
		RequestOrgName string `json:"request_org_name"`
	} `json:"unmatched"`
}

// TestSuspendingAnOrganisation: suspending a mentor organisation cancels the proposals
// sent to it (the requesting leads told why), pauses its running exchange (no goals,
// sessions or completion on either side) and leaves it out of a round, whose proposals
// name their organisations; re-approving resumes the exchange. Suspending a requesting
// organisation withdraws its open request with its proposal (the mentor's leads told why)
// and pauses the exchange again.
func TestSuspendingAnOrganisation(t *testing.T) {
	_, anon, admin := withAdmin(t)
	names := map[string]string{}
	org := func(lead string, profile func(string) map[string]any, name string) (*apitest.Client, string) {
		c, id := apply(t, anon, lead, profile(name))
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
		names[id] = name
		return c, id
	}
	q, qOrg := org("Esperança", emergingProfile, "Coletivo Kianda")
	q2, q2Org := org("Fátima", emergingProfile, "Vozes de Benguela")
	m, mOrg := org("Lerato", establishedProfile, "Ikhaya Peer Collective")
	m2, m2Org := org("Thandi", establishedProfile, "Coastline Alliance")
	send := func(lead *apitest.Client, orgID, mentor string) (request, proposal string) {
		var x idOf
		request = newRequest(t, lead, orgID)
		lead.Do(http.MethodPost, "/api/v1/orgs/"+orgID+"/requests/"+request+"/proposals", map[string]string{"mentor": mentor}).Want(201).JSON(&x)
		return request, x.ID
	}
	_, run := send(q, qOrg, mOrg)
	m.Do(http.MethodPost, "/api/v1/orgs/"+mOrg+"/proposals/"+run+"/accept", nil).Want(200)
	open, toM2 := send(q, qOrg, m2Org)
	other, toM := send(q2, q2Org, mOrg)
	exchange := func(lead *apitest.Client, orgID, id string) pausable {
		var x pausable
		lead.Do(http.MethodGet, "/api/v1/orgs/"+orgID+"/exchanges/"+id, nil).Want(200).JSON(&x)
		return x
	}
	work := func(lead *apitest.Client, orgID string) map[string]*apitest.Response {
		base := "/api/v1/orgs/" + orgID + "/exchanges/" + run
		return map[string]*apitest.Response{
			"goal":     lead.Do(http.MethodPost, base+"/goals", map[string]string{"text": "Plan outreach"}),
			"session":  lead.Do(http.MethodPost, base+"/sessions", map[string]any{"date": "2026-05-04", "duration_minutes": 60, "format": "online_mentoring"}),
			"complete": lead.Do(http.MethodPost, base+"/complete", map[string]any{"usefulness": 4, "respect": 5, "learned": ""}),
		}
	}
	refusedPaused := func(lead *apitest.Client, orgID string) {
		t.Helper()
		for what, r := range work(lead, orgID) {
			if r.Status != http.StatusConflict || r.ErrorCode() != "exchange_paused" {
				t.Errorf("%s on the paused exchange: got %d %s, want 409 exchange_paused", what, r.Status, r.Body)
			}
		}
	}

	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+mOrg+"/suspend", map[string]string{"reason": "reported"}).Want(200)
	if !toldSuspended(q2, "exchange_cancelled", toM) {
		t.Error("the requesting lead was not told that its proposal to the suspended mentor was cancelled")
	}
	if x := exchange(q2, q2Org, toM); x.State != "cancelled" || x.Reason != "organisation_suspended" {
		t.Errorf("proposal to the suspended mentor: %+v, want cancelled, organisation_suspended", x)
	}
	if x := exchange(q, qOrg, run); !x.Paused || x.State != "accepted" {
		t.Errorf("exchange with the suspended mentor: %+v, want accepted and paused", x)
	}
	refusedPaused(q, qOrg)
	var round namedRoundView
	admin.Do(http.MethodPost, "/api/v1/admin/rounds", map[string]any{"mode": "optimal"}).Want(201).JSON(&round)
	if len(round.Proposals) == 0 {
		t.Fatalf("round without proposals: %+v", round)
	}
	for _, p := range round.Proposals {
		if p.Mentor == mOrg {
			t.Errorf("the round proposes the suspended mentor: %+v", p)
		}
		if p.RequestOrgName != names[p.RequestOrg] || p.MentorOrgName != names[p.Mentor] || p.MentorOrgName == "" {
			t.Errorf("round proposal %+v does not name its organisations %q and %q", p, names[p.RequestOrg], names[p.Mentor])
		}
	}
	for _, u := range round.Unmatched {
		if u.RequestOrgName != names[u.RequestOrg] || u.RequestOrgName == "" {
			t.Errorf("unmatched request %+v does not name its organisation", u)
		}
	}

	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+mOrg+"/approve", nil).Want(200)
	if x := exchange(q, qOrg, run); x.Paused {
		t.Errorf("exchange after the mentor's re-approval: %+v, want resumed", x)
	}
	q.Do(http.MethodPost, "/api/v1/orgs/"+qOrg+"/exchanges/"+run+"/goals", map[string]string{"text": "Map the districts"}).Want(201)

	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+qOrg+"/suspend", map[string]string{"reason": "reported"}).Want(200)
	if !toldSuspended(m2, "proposal_withdrawn", toM2) {
		t.Error("the mentor's lead was not told that the suspended organisation's proposal was withdrawn")
	}
	if x := exchange(m, mOrg, run); !x.Paused {
		t.Errorf("exchange with the suspended requester: %+v, want paused", x)
	}
	refusedPaused(m, mOrg)
	if toldSuspended(q, "exchange_cancelled", toM2) || toldSuspended(m, "exchange_cancelled", toM) {
		t.Error("a suspended organisation's lead was told about its own suspension's cancellations")
	}

	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+qOrg+"/approve", nil).Want(200)
	var got struct {
		Request struct {
			State  string `json:"state"`
			Reason string `json:"reason"`
		} `json:"request"`
	}
	q.Do(http.MethodGet, "/api/v1/orgs/"+qOrg+"/requests/"+open, nil).Want(200).JSON(&got)
	if got.Request.State != "cancelled" || got.Request.Reason != "organisation_suspended" {
		t.Errorf("the suspended organisation's open request: %+v, want cancelled, organisation_suspended", got.Request)
	}
	q2.Do(http.MethodGet, "/api/v1/orgs/"+q2Org+"/requests/"+other, nil).Want(200).JSON(&got)
	if got.Request.State != "open" {
		t.Errorf("a request whose proposal to the suspended mentor was cancelled: %s, want still open", got.Request.State)
	}
	if x := exchange(m, mOrg, run); x.Paused || x.State != "active" {
		t.Errorf("exchange after both re-approvals: %+v, want active and resumed", x)
	}
}

// TestSuspensionAcrossInstances: with two instances sharing a store over NATS, a
// suspension made on one pauses the exchange on the other (work refused there), a
// re-approval resumes it there, and the suspended organisation's routes answer 404 there.
func TestSuspensionAcrossInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	anon := apitest.New(t, a.URL, a.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": a.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	p := approvedParties(t, anon, admin, "Esperança", "Lerato")
	b := startServer(t, t.TempDir(), args...)
	onB := func(c *apitest.Client) *apitest.Client {
		d := c.Clone()
		d.BaseURL, d.Origin = b.URL, b.URL
		d.SetCookie("__Host-cascade_session", c.Cookie("__Host-cascade_session"))
		return d
	}
	qB := onB(p.q)
	exchangeOnB := func() pausable {
		var x pausable
		if r := qB.Do(http.MethodGet, "/api/v1/orgs/"+p.qOrg+"/exchanges/"+p.x, nil); r.Status == http.StatusOK {
			r.JSON(&x)
		}
		return x
	}
	const within = 5 * time.Second
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.mOrg+"/suspend", map[string]string{"reason": "reported"}).Want(200)
	if !eventually(within, func() bool { return exchangeOnB().Paused }) {
		t.Fatalf("B shows the exchange as %+v after the suspension on A, want paused", exchangeOnB())
	}
	goal := map[string]string{"text": "Plan outreach"}
	if r := qB.Do(http.MethodPost, "/api/v1/orgs/"+p.qOrg+"/exchanges/"+p.x+"/goals", goal); r.Status != http.StatusConflict || r.ErrorCode() != "exchange_paused" {
		t.Errorf("work through B on the paused exchange: got %d %s, want 409 exchange_paused", r.Status, r.Body)
	}
	mB := onB(p.m)
	if !eventually(within, func() bool {
		return mB.Do(http.MethodGet, "/api/v1/orgs/"+p.mOrg+"/proposals", nil).Status == http.StatusNotFound
	}) {
		t.Error("B still answers the suspended organisation's proposals")
	}
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.mOrg+"/approve", nil).Want(200)
	if !eventually(within, func() bool { x := exchangeOnB(); return x.ID != "" && !x.Paused }) {
		t.Fatalf("B shows the exchange as %+v after the re-approval on A, want resumed", exchangeOnB())
	}
	qB.Do(http.MethodPost, "/api/v1/orgs/"+p.qOrg+"/exchanges/"+p.x+"/goals", goal).Want(201)
}
