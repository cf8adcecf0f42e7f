package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// errorAnswer is a response read as the one error shape.
type errorAnswer struct {
	status int
	Error  struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
	body string
}

// rawRequest sends body as is, with c's session cookie and origin, bypassing the
// OpenAPI checks of apitest: these requests are malformed on purpose, and some answers
// (400 on a route without a body) are the server's general rules, not per operation.
func rawRequest(t *testing.T, c *apitest.Client, method, path, contentType string, body []byte) errorAnswer {
	t.Helper()
	req, err := http.NewRequest(method, c.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == nil {
		req.Body, req.ContentLength = nil, 0
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Origin", c.Origin)
	if tok := c.Cookie("__Host-cascade_session"); tok != "" {
		req.AddCookie(&http.Cookie{Name: "__Host-cascade_session", Value: tok})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := errorAnswer{status: res.StatusCode, body: string(data)}
	if res.StatusCode >= 400 {
		if err := json.Unmarshal(data, &a); err != nil || a.Error.Code == "" || a.Error.Message == "" {
			t.Errorf("%s %s: %d body %q is not the error shape", method, path, res.StatusCode, data)
		}
	}
	return a
}

// TestStrictJSON sends every kind of body the API must refuse, to routes with and
// without a body, signed in and not, through a real server.
func TestStrictJSON(t *testing.T) {
	_, anon, admin := withAdmin(t)
	const appJSON = "application/json"
	pw := `"password":"` + testPassword + `"`
	tests := []struct {
		name         string
		client       *apitest.Client
		method, path string
		contentType  string
		body         string
		nilBody      bool
		status       int
		code, field  string
	}{
		{"valid login", anon, "POST", "/api/v1/auth/login", appJSON, `{"pseudonym":"Kestrel",` + pw + `}`, false, 200, "", ""},
		{"duplicate key", anon, "POST", "/api/v1/auth/login", appJSON, `{"pseudonym":"Nobody","pseudonym":"Kestrel",` + pw + `}`, false, 400, "duplicate_field", "pseudonym"},
		{"key in another case", anon, "POST", "/api/v1/auth/login", appJSON, `{"Pseudonym":"Kestrel",` + pw + `}`, false, 400, "unknown_field", "Pseudonym"},
		{"null body", anon, "POST", "/api/v1/auth/login", appJSON, `null`, false, 400, "invalid_json", ""},
		{"array body", anon, "POST", "/api/v1/auth/login", appJSON, `[{"pseudonym":"Kestrel",` + pw + `}]`, false, 400, "invalid_json", ""},
		{"invalid UTF-8", anon, "POST", "/api/v1/auth/login", appJSON, "{\"pseudonym\":\"Kes\xfftrel\"," + pw + "}", false, 400, "invalid_utf8", ""},
		{"invalid UTF-8 in a key", anon, "POST", "/api/v1/auth/login", appJSON, "{\"pseud\xc3onym\":\"Kestrel\"," + pw + "}", false, 400, "invalid_utf8", ""},
		{"trailing value", anon, "POST", "/api/v1/auth/login", appJSON, `{"pseudonym":"Kestrel",` + pw + `} {}`, false, 400, "invalid_json", ""},
		{"wrong type", anon, "POST", "/api/v1/auth/login", appJSON, `{"pseudonym":7,` + pw + `}`, false, 400, "invalid_json", "pseudonym"},
		{"text/plain with a body", anon, "POST", "/api/v1/auth/login", "text/plain", `{"pseudonym":"Kestrel",` + pw + `}`, false, 415, "unsupported_media_type", ""},
		{"signed in: duplicate key", admin, "POST", "/api/v1/me/password", appJSON, `{"old_password":"x","old_password":"y","new_password":"a longer pass phrase"}`, false, 400, "duplicate_field", "old_password"},
		{"signed in: null", admin, "POST", "/api/v1/rooms", appJSON, `null`, false, 400, "invalid_json", ""},
		{"signed in: key in another case", admin, "POST", "/api/v1/rooms", appJSON, `{"Title":"x","access":"open"}`, false, 400, "unknown_field", "Title"},

		{"no body: POST with a JSON body", admin, "POST", "/api/v1/admin/organisations/nothing/approve", appJSON, `{}`, false, 400, "unexpected_body", ""},
		{"no body: POST with text", admin, "POST", "/api/v1/auth/logout", "text/plain", `bye`, false, 415, "unsupported_media_type", ""},
		{"no body: POST, wrong type, empty", admin, "POST", "/api/v1/auth/logout", "application/x-www-form-urlencoded", ``, true, 415, "unsupported_media_type", ""},
		{"no body: GET with a body", admin, "GET", "/api/v1/me", appJSON, `{"x":1}`, false, 400, "unexpected_body", ""},
		{"no body: GET with null", admin, "GET", "/api/v1/me", appJSON, `null`, false, 400, "unexpected_body", ""},
		{"no body: DELETE with a body", admin, "DELETE", "/api/v1/me/sessions/abc", "", `x`, false, 400, "unexpected_body", ""},
		{"no body: public GET with a body", anon, "GET", "/api/v1/taxonomy", "", `{}`, false, 400, "unexpected_body", ""},
		{"no body: GET as JSON, empty", admin, "GET", "/api/v1/me", appJSON, ``, true, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if tt.nilBody {
				body = nil
			}
			got := rawRequest(t, tt.client, tt.method, tt.path, tt.contentType, body)
			if got.status != tt.status || got.Error.Code != tt.code {
				t.Fatalf("got %d %q, want %d %q; body %s", got.status, got.Error.Code, tt.status, tt.code, got.body)
			}
			if got.Error.Field != tt.field {
				t.Errorf("field: got %q, want %q", got.Error.Field, tt.field)
			}
			if strings.Contains(got.body, "Kes\xfftrel") || strings.Contains(got.body, testPassword) {
				t.Errorf("the answer echoes the submitted values: %s", got.body)
			}
		})
	}
	// The refused logout above did not sign out.
	admin.Do(http.MethodGet, "/api/v1/me", nil).Want(200)
}

// TestMalformedIDs: ids the server could never have made (glob characters and commas,
// which the role policy refuses, or over 128 characters) answer 404 like any unknown
// id, signed in or not, and log nothing at ERROR.
func TestMalformedIDs(t *testing.T) {
	srv, anon, admin := withAdmin(t)
	lead, orgID := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
	ids := map[string]string{"star": "*", "glob": "a*b", "comma": "a,b", "escaped question mark": "a%3F", "brackets": "[a]",
		"escaped star": "%2A", "129 characters": strings.Repeat("a", 129), "4,000 characters": strings.Repeat("a", 4000)}
	routes := []struct{ method, path string }{
		{"GET", "/api/v1/orgs/{}"},
		{"GET", "/api/v1/orgs/{}/members"},
		{"GET", "/api/v1/orgs/" + orgID + "/requests/{}"},
		{"GET", "/api/v1/orgs/" + orgID + "/exchanges/{}"},
		{"DELETE", "/api/v1/orgs/" + orgID + "/members/{}"},
		{"POST", "/api/v1/rooms/{}/join"},
		{"POST", "/api/v1/rooms/{}/leave"},
		{"DELETE", "/api/v1/me/sessions/{}"},
		{"POST", "/api/v1/me/notifications/{}/read"},
		{"GET", "/api/v1/admin/organisations/{}"},
	}
	for name, id := range ids {
		t.Run(name, func(t *testing.T) {
			for _, r := range routes {
				path := strings.Replace(r.path, "{}", id, 1)
				for who, c := range map[string]*apitest.Client{"lead": lead, "admin": admin, "nobody": anon} {
					got := rawRequest(t, c, r.method, path, "", nil)
					if got.status != 404 || got.Error.Code != "not_found" {
						t.Errorf("%s: %s %s: got %d %s, want 404 not_found", who, r.method, r.path, got.status, got.body)
					}
				}
			}
		})
	}
	if strings.Contains(srv.stderr.String(), "level=ERROR") {
		t.Errorf("malformed ids were logged as errors:\n%.2000s", srv.stderr)
	}
}

// TestClosedRoomsLookMissing: joining an invite-only space or another organisation's
// exchange room answers exactly what joining a room that does not exist answers.
func TestClosedRoomsLookMissing(t *testing.T) {
	_, anon, admin := withAdmin(t)
	lead, orgE := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	mentor, orgM := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	outsider, orgO := apply(t, anon, "Ayanda", establishedProfile("Sisonke Outreach"))
	for _, id := range []string{orgE, orgM, orgO} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	lead, mentor, outsider = login(t, anon, "Esperança"), login(t, anon, "Lerato"), login(t, anon, "Ayanda")

	var space struct {
		ID string `json:"id"`
	}
	lead.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Leads only", "access": "invite"}).Want(201).JSON(&space)
	reqID, _ := mentorScore(t, lead, orgE, orgM)
	var x struct {
		ID string `json:"id"`
	}
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests/"+reqID+"/proposals", map[string]string{"mentor": orgM}).Want(201).JSON(&x)
	mentor.Do(http.MethodPost, "/api/v1/orgs/"+orgM+"/proposals/"+x.ID+"/accept", nil).Want(200)

	missing := outsider.Do(http.MethodPost, "/api/v1/rooms/snosuchroom/join", nil).Want(404)
	for name, room := range map[string]string{"invite-only space": space.ID, "exchange room": "x" + x.ID} {
		got := outsider.Do(http.MethodPost, "/api/v1/rooms/"+room+"/join", nil)
		if got.Status != 404 || !bytes.Equal(got.Body, missing.Body) {
			t.Errorf("%s: got %d %s, want 404 %s as for a missing room", name, got.Status, got.Body, missing.Body)
		}
	}
}
