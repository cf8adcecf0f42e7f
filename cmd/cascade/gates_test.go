package main

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/cascade-platform/cascade/docs"
	"github.com/cascade-platform/cascade/internal/apitest"
)

// parties is a requesting and a mentor organisation with one of everything the exchange
// workflow works on: an open request without proposals, two proposals waiting for an
// answer and an accepted exchange with one goal.
type parties struct {
	q, m           *apitest.Client // the leads
	qOrg, mOrg     string
	open, toAccept string // a request; a proposal
	toDecline      string // a proposal
	x, goal        string // an exchange and its goal
	res            string // a library resource of the requesting organisation
}

type idOf struct {
	ID string `json:"id"`
}

// newRequest creates a request of orgID and returns its id.
func newRequest(t *testing.T, lead *apitest.Client, orgID string) string {
	t.Helper()
	var r idOf
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgID+"/requests", requestBody).Want(201).JSON(&r)
	return r.ID
}

// propose creates a request of p.qOrg and sends it to p.mOrg; it returns the proposal's id.
func (p *parties) propose(t *testing.T) string {
	t.Helper()
	var x idOf
	p.q.Do(http.MethodPost, "/api/v1/orgs/"+p.qOrg+"/requests/"+newRequest(t, p.q, p.qOrg)+"/proposals", map[string]string{"mentor": p.mOrg}).Want(201).JSON(&x)
	return x.ID
}

// approvedParties applies for two organisations under the given pseudonyms, has the
// admin approve them and builds their workflow.
func approvedParties(t *testing.T, anon, admin *apitest.Client, qLead, mLead string) *parties {
	t.Helper()
	p := &parties{}
	p.q, p.qOrg = apply(t, anon, qLead, emergingProfile("Coletivo "+qLead))
	p.m, p.mOrg = apply(t, anon, mLead, establishedProfile("Collective "+mLead))
	for _, id := range []string{p.qOrg, p.mOrg} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	p.open = newRequest(t, p.q, p.qOrg)
	p.toAccept, p.toDecline = p.propose(t), p.propose(t)
	p.x = p.propose(t)
	p.m.Do(http.MethodPost, "/api/v1/orgs/"+p.mOrg+"/proposals/"+p.x+"/accept", nil).Want(200)
	var x struct {
		Goals []idOf `json:"goals"`
	}
	p.q.Do(http.MethodPost, "/api/v1/orgs/"+p.qOrg+"/exchanges/"+p.x+"/goals", map[string]string{"text": "Plan outreach"}).Want(201).JSON(&x)
	p.goal = x.Goals[0].ID
	p.res = addResource(t, p.q, meta(p.qOrg, "page", "org", "Outreach plan"), "", nil).ID
	return p
}

// workflow is every route of the exchange workflow, in an order in which each succeeds for
// approved organisations, with the status it then answers. Paths name the parties' things
// in braces (path).
var workflow = []struct {
	name   string
	mentor bool // called by the mentor organisation's lead, else the requesting one's
	method string
	path   string
	body   any
	ok     int
}{
	{"list requests", false, http.MethodGet, "/requests", nil, 200},
	{"read request", false, http.MethodGet, "/requests/{open}", nil, 200},
	{"suggestions", false, http.MethodGet, "/requests/{open}/suggestions", nil, 200},
	{"send proposal", false, http.MethodPost, "/requests/{open}/proposals", nil, 201},
	{"create request", false, http.MethodPost, "/requests", requestBody, 201},
	{"list proposals", true, http.MethodGet, "/proposals", nil, 200},
	{"accept proposal", true, http.MethodPost, "/proposals/{accept}/accept", nil, 200},
	{"decline proposal", true, http.MethodPost, "/proposals/{decline}/decline", map[string]string{"reason": "timing"}, 200},
	{"list exchanges", false, http.MethodGet, "/exchanges", nil, 200},
	{"read exchange", true, http.MethodGet, "/exchanges/{x}", nil, 200},
	{"add goal", false, http.MethodPost, "/exchanges/{x}/goals", map[string]string{"text": "Map the districts"}, 201},
	{"tick goal", true, http.MethodPut, "/exchanges/{x}/goals/{goal}", map[string]bool{"done": true}, 200},
	{"log session", false, http.MethodPost, "/exchanges/{x}/sessions", map[string]any{"date": "2026-05-04", "duration_minutes": 60, "format": "online_mentoring"}, 201},
	{"attach resource", false, http.MethodPost, "/exchanges/{x}/resources", nil, 201},
	{"list resources", true, http.MethodGet, "/exchanges/{x}/resources", nil, 200},
	{"detach resource", false, http.MethodDelete, "/exchanges/{x}/resources/{res}", nil, 204},
	{"complete", false, http.MethodPost, "/exchanges/{x}/complete", map[string]any{"usefulness": 4, "respect": 5, "learned": "A lot."}, 200},
	{"cancel exchange", true, http.MethodPost, "/exchanges/{x}/cancel", map[string]string{"reason": "timing"}, 200},
	{"cancel request", false, http.MethodPost, "/requests/{open}/cancel", map[string]string{"reason": "no_longer_needed"}, 200},
}

// path returns a workflow path of organisation orgID with p's things in it.
func (p *parties) path(orgID, path string) string {
	return "/api/v1/orgs/" + orgID + strings.NewReplacer("{open}", p.open, "{accept}", p.toAccept, "{decline}", p.toDecline, "{x}", p.x, "{goal}", p.goal, "{res}", p.res).Replace(path)
}

// TestOnlyApprovedOrganisationsTakePart runs every route of the exchange workflow, and the
// room routes, for organisations in every status: pending, rejected and suspended ones get
// the directory's 404 (the suspended ones on their own requests, proposals and exchanges,
// made while they were approved), approved ones get through.
func TestOnlyApprovedOrganisationsTakePart(t *testing.T) {
	_, anon, admin := withAdmin(t)
	var space idOf
	admin.Do(http.MethodPost, "/api/v1/rooms", map[string]any{"title": "Open kitchen", "access": "open"}).Want(201).JSON(&space)
	approved := approvedParties(t, anon, admin, "QueenApproved", "MentorApproved")
	suspended := approvedParties(t, anon, admin, "QueenSuspended", "MentorSuspended")
	for _, id := range []string{suspended.qOrg, suspended.mOrg} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/suspend", map[string]string{"reason": "reported"}).Want(200)
	}
	// Pending and rejected organisations never had anything: they ask for what the approved
	// ones have.
	pending := *approved
	pending.q, pending.qOrg = apply(t, anon, "QueenPending", emergingProfile("Coletivo Pendente"))
	pending.m, pending.mOrg = apply(t, anon, "MentorPending", establishedProfile("Collective Pending"))
	rejected := *approved
	rejected.q, rejected.qOrg = apply(t, anon, "QueenRejected", emergingProfile("Coletivo Recusado"))
	rejected.m, rejected.mOrg = apply(t, anon, "MentorRejected", establishedProfile("Collective Rejected"))
	for _, id := range []string{rejected.qOrg, rejected.mOrg} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/reject", map[string]string{"reason": "not eligible"}).Want(200)
	}

	for _, c := range []struct {
		status string
		p      *parties
	}{{"pending", &pending}, {"rejected", &rejected}, {"suspended", suspended}, {"approved", approved}} {
		t.Run(c.status, func(t *testing.T) {
			p := c.p
			q, m := p.q.For(t), p.m.For(t)
			// What the directory answers the lead: 404 unless their organisation is approved.
			refused := q.Do(http.MethodGet, "/api/v1/directory", nil)
			if (refused.Status == 404) != (c.status != "approved") {
				t.Fatalf("directory for a lead of a %s organisation: %d", c.status, refused.Status)
			}
			for _, r := range workflow {
				caller, orgID := q, p.qOrg
				if r.mentor {
					caller, orgID = m, p.mOrg
				}
				body := r.body
				switch r.name {
				case "send proposal":
					body = map[string]string{"mentor": p.mOrg}
				case "attach resource":
					body = map[string]string{"resource": p.res}
				}
				got := caller.Do(r.method, p.path(orgID, r.path), body)
				switch {
				case c.status == "approved" && got.Status != r.ok:
					t.Errorf("%s: got %d %s, want %d", r.name, got.Status, got.Body, r.ok)
				case c.status != "approved" && (got.Status != 404 || !bytes.Equal(got.Body, refused.Body)):
					t.Errorf("%s: got %d %s, want the directory's 404 %s", r.name, got.Status, got.Body, refused.Body)
				}
			}

			var rooms struct {
				Joinable []idOf `json:"joinable"`
			}
			q.Do(http.MethodGet, "/api/v1/rooms", nil).Want(200).JSON(&rooms)
			join := q.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil)
			create := q.Do(http.MethodPost, "/api/v1/rooms", map[string]any{"title": "Space of " + c.status, "access": "open"})
			if c.status == "approved" {
				if len(rooms.Joinable) != 1 || rooms.Joinable[0].ID != space.ID || join.Status != 204 || create.Status != 201 {
					t.Errorf("rooms: joinable %v, join %d, create %d; want the open space, 204, 201", rooms.Joinable, join.Status, create.Status)
				}
				return
			}
			if len(rooms.Joinable) != 0 {
				t.Errorf("joinable spaces %v, want none", rooms.Joinable)
			}
			for what, r := range map[string]*apitest.Response{"join": join, "create space": create} {
				if r.Status != 404 || !bytes.Equal(r.Body, refused.Body) {
					t.Errorf("%s: got %d %s, want the directory's 404", what, r.Status, r.Body)
				}
			}
		})
	}
}

// TestWorkflowTableIsComplete: the table above holds every route of the exchange workflow
// that docs/openapi.yaml (checked against web/routes.go) lists, so a new route cannot be
// left out of the status gate's test.
func TestWorkflowTableIsComplete(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(docs.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	workflowPath := regexp.MustCompile(`^/api/v1/orgs/\{org\}/(requests|proposals|exchanges)`)
	missing := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		if workflowPath.MatchString(path) {
			for method := range item.Operations() {
				missing[method+" "+path] = true
			}
		}
	}
	params := strings.NewReplacer("{open}", "{request}", "{accept}", "{proposal}", "{decline}", "{proposal}", "{x}", "{exchange}", "{res}", "{resource}")
	for _, r := range workflow {
		route := r.method + " /api/v1/orgs/{org}" + params.Replace(r.path)
		if !missing[route] {
			t.Errorf("the table's %s (%s) is no workflow route or is listed twice", r.name, route)
		}
		delete(missing, route)
	}
	for route := range missing {
		t.Errorf("route %s is missing from the table", route)
	}
}
