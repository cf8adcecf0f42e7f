package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
)

const testPassword = "a long enough pass phrase"

func emergingProfile(name string) map[string]any {
	return map[string]any{
		"name": name, "country": "AO", "region": "Luanda", "languages": []string{"pt"},
		"stage": "emerging", "legal": "hosted", "host_name": "Friendly NGO",
		"populations": []string{"female_sex_workers"},
		"offers":      []any{},
		"needs":       []any{map[string]any{"topic": "rights_legal_literacy", "priority": 3}},
		"formats":     []string{"online_mentoring"},
		"capacity":    0, "available": false,
	}
}

func establishedProfile(name string) map[string]any {
	return map[string]any{
		"name": name, "country": "ZA", "languages": []string{"en", "pt"},
		"stage": "established", "legal": "registered",
		"populations": []string{"female_sex_workers", "transgender_sex_workers"},
		"offers":      []any{map[string]any{"topic": "peer_outreach", "level": 3}},
		"needs":       []any{},
		"formats":     []string{"online_mentoring", "study_visit"},
		"capacity":    2, "available": true,
	}
}

// signUp applies for an organisation with a fresh client and returns it with the organisation's id.
func apply(t testing.TB, base *apitest.Client, pseudonym string, profile map[string]any) (*apitest.Client, string) {
	t.Helper()
	c := base.Clone()
	r := c.Do(http.MethodPost, "/api/v1/applications", map[string]any{"pseudonym": pseudonym, "password": testPassword, "organisation": profile})
	if r.Status != http.StatusCreated {
		t.Fatalf("apply %s: got %d %s, want 201", pseudonym, r.Status, r.Body)
	}
	var out struct {
		Organisation struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"organisation"`
		RecoveryCodes []string `json:"recovery_codes"`
	}
	r.JSON(&out)
	if out.Organisation.Status != "pending" || len(out.RecoveryCodes) != 10 {
		t.Fatalf("apply %s: got status %q and %d recovery codes, want pending and 10", pseudonym, out.Organisation.Status, len(out.RecoveryCodes))
	}
	return c, out.Organisation.ID
}

func login(t testing.TB, base *apitest.Client, pseudonym string) *apitest.Client {
	t.Helper()
	c := base.Clone()
	if r := c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": pseudonym, "password": testPassword}); r.Status != http.StatusOK {
		t.Fatalf("login %s: got %d %s", pseudonym, r.Status, r.Body)
	}
	return c
}

func mustStatus(t *testing.T, r *apitest.Response, want int, what string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: got %d %s, want %d", what, r.Status, r.Body, want)
	}
}

// TestWalk follows an organisation from application to a working team, through
// the real server: admin setup, application, approval, invite, signup, logins,
// profile edits, and a second organisation's lead who can see nothing of the first.
func TestWalk(t *testing.T) {
	srv := startServer(t, t.TempDir())
	anon := apitest.New(t, srv.URL, srv.URL)

	var setup struct {
		Needed bool `json:"needed"`
	}
	anon.Do(http.MethodGet, "/api/v1/setup", nil).JSON(&setup)
	if !setup.Needed {
		t.Fatal("fresh server: setup not needed, want needed")
	}
	admin := anon.Clone()
	mustStatus(t, admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": "wrong", "pseudonym": "Kestrel", "password": testPassword}), 404, "setup with a wrong token")
	mustStatus(t, admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}), 201, "setup")
	mustStatus(t, anon.Clone().Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel2", "password": testPassword}), 404, "second setup")

	lead, orgA := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	mustStatus(t, lead.Do(http.MethodGet, "/api/v1/directory", nil), 404, "directory before approval")

	var pending struct {
		Organisations []struct {
			ID      string `json:"id"`
			Profile struct {
				HostName string `json:"host_name"`
			} `json:"profile"`
		} `json:"organisations"`
	}
	admin.Do(http.MethodGet, "/api/v1/admin/organisations?status=pending", nil).JSON(&pending)
	if len(pending.Organisations) != 1 || pending.Organisations[0].ID != orgA || pending.Organisations[0].Profile.HostName != "Friendly NGO" {
		t.Fatalf("pending list: got %+v, want org %s with its host name", pending, orgA)
	}
	mustStatus(t, lead.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgA+"/approve", nil), 404, "lead approving itself")
	mustStatus(t, admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgA+"/approve", nil), 200, "approve")

	var invite struct {
		Token string `json:"token"`
		URL   string `json:"url"`
	}
	r := lead.Do(http.MethodPost, "/api/v1/orgs/"+orgA+"/invites", nil)
	mustStatus(t, r, 201, "create invite")
	r.JSON(&invite)
	if !strings.HasSuffix(invite.URL, "/join#"+invite.Token) {
		t.Errorf("invite url %q does not carry the token in the fragment", invite.URL)
	}
	member := anon.Clone()
	mustStatus(t, member.Do(http.MethodPost, "/api/v1/invites/peek", map[string]string{"token": invite.Token}), 200, "peek invite")
	mustStatus(t, member.Do(http.MethodPost, "/api/v1/invites/accept", map[string]string{"token": invite.Token, "pseudonym": "Teresa", "password": testPassword}), 201, "accept invite")
	mustStatus(t, anon.Clone().Do(http.MethodPost, "/api/v1/invites/accept", map[string]string{"token": invite.Token, "pseudonym": "Teresa2", "password": testPassword}), 404, "second use of the invite")

	lead = login(t, anon, "Esperança")
	member = login(t, anon, "Teresa")

	edited := emergingProfile("Coletivo Kianda Luanda")
	mustStatus(t, lead.Do(http.MethodPut, "/api/v1/orgs/"+orgA+"/profile", edited), 200, "lead edits profile")
	mustStatus(t, member.Do(http.MethodPut, "/api/v1/orgs/"+orgA+"/profile", emergingProfile("Hijacked")), 404, "member edits profile")
	var seen struct {
		Profile struct {
			Name     string `json:"name"`
			HostName string `json:"host_name"`
		} `json:"profile"`
	}
	member.Do(http.MethodGet, "/api/v1/orgs/"+orgA, nil).JSON(&seen)
	if seen.Profile.Name != "Coletivo Kianda Luanda" || seen.Profile.HostName != "" {
		t.Errorf("member sees %+v, want the edited name and no host name", seen.Profile)
	}

	leadB, orgB := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	mustStatus(t, admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgB+"/approve", nil), 200, "approve B")

	var memberID string
	var members struct {
		Members []struct {
			ID        string `json:"id"`
			Pseudonym string `json:"pseudonym"`
		} `json:"members"`
	}
	lead.Do(http.MethodGet, "/api/v1/orgs/"+orgA+"/members", nil).JSON(&members)
	for _, m := range members.Members {
		if m.Pseudonym == "Teresa" {
			memberID = m.ID
		}
	}
	if memberID == "" {
		t.Fatalf("members of A: got %+v, want Teresa among them", members)
	}
	orgRoutes := []struct{ method, path string }{
		{http.MethodGet, "/api/v1/orgs/" + orgA},
		{http.MethodPut, "/api/v1/orgs/" + orgA + "/profile"},
		{http.MethodGet, "/api/v1/orgs/" + orgA + "/members"},
		{http.MethodDelete, "/api/v1/orgs/" + orgA + "/members/" + memberID},
		{http.MethodPut, "/api/v1/orgs/" + orgA + "/mentors/" + memberID},
		{http.MethodDelete, "/api/v1/orgs/" + orgA + "/mentors/" + memberID},
		{http.MethodGet, "/api/v1/orgs/" + orgA + "/invites"},
		{http.MethodPost, "/api/v1/orgs/" + orgA + "/invites"},
		{http.MethodDelete, "/api/v1/orgs/" + orgA + "/invites/anything"},
	}
	for _, rt := range orgRoutes {
		var body any
		if rt.method == http.MethodPut && strings.HasSuffix(rt.path, "/profile") {
			body = emergingProfile("Taken Over")
		}
		if got := leadB.Do(rt.method, rt.path, body); got.Status != 404 || got.ErrorCode() != "not_found" {
			t.Errorf("lead of B: %s %s got %d %s, want 404 not_found", rt.method, rt.path, got.Status, got.ErrorCode())
		}
	}
	// Nothing changed in A.
	member.Do(http.MethodGet, "/api/v1/orgs/"+orgA, nil).JSON(&seen)
	if seen.Profile.Name != "Coletivo Kianda Luanda" {
		t.Errorf("after B's attempts A is named %q", seen.Profile.Name)
	}

	var dir struct {
		Organisations []map[string]any `json:"organisations"`
	}
	member.Do(http.MethodGet, "/api/v1/directory", nil).JSON(&dir)
	if len(dir.Organisations) != 2 {
		t.Fatalf("directory: got %d organisations, want 2", len(dir.Organisations))
	}
	for _, o := range dir.Organisations {
		for _, hidden := range []string{"host_name", "legal", "status", "status_reason"} {
			if _, ok := o[hidden]; ok {
				t.Errorf("directory entry %v shows %s", o["name"], hidden)
			}
		}
	}
	mustStatus(t, anon.Clone().Invalid().Do(http.MethodGet, "/api/v1/directory", nil), 401, "directory for the public")
}

// TestDataSurvivesRestart stops a server and starts another on the same data folder.
func TestDataSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	first := startServer(t, dir)
	c := apitest.New(t, first.URL, first.URL)
	mustStatus(t, c.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": first.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}), 201, "setup")
	_, orgID := apply(t, c, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	first.stop()

	second := startServer(t, dir)
	if strings.Contains(second.stdout.String(), "/setup#") {
		t.Errorf("restarted server printed a setup link although an admin exists")
	}
	c2 := apitest.New(t, second.URL, second.URL)
	admin := login(t, c2, "Kestrel")
	mustStatus(t, admin.Do(http.MethodGet, "/api/v1/admin/organisations/"+orgID, nil), 200, "organisation after restart")
}
