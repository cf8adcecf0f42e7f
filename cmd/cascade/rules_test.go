package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// withAdmin starts a server and creates its admin; most rule tests need one account.
func withAdmin(t *testing.T) (*instance, *apitest.Client, *apitest.Client) {
	t.Helper()
	srv := startServer(t, t.TempDir())
	anon := apitest.New(t, srv.URL, srv.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	return srv, anon, admin
}

func TestSessionCookie(t *testing.T) {
	_, anon, _ := withAdmin(t)
	c := anon.Clone()
	r := c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": testPassword}).Want(200)
	ck := r.SetCookie("__Host-cascade_session")
	if ck == nil {
		t.Fatalf("login set no __Host- session cookie; headers %v", r.Header)
	}
	if !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Domain != "" {
		t.Errorf("cookie %+v: want Secure, HttpOnly, SameSite=Strict, Path=/ and no Domain", ck)
	}
	if len(ck.Value) < 43 {
		t.Errorf("token of %d characters carries less than 256 bits", len(ck.Value))
	}

	// A new token at every login.
	second := anon.Clone()
	r2 := second.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": testPassword}).Want(200)
	if r2.SetCookie("__Host-cascade_session").Value == ck.Value {
		t.Error("second login reused the session token")
	}

	// Both sessions are listed; revoking one ends it at once.
	var list struct {
		Sessions []struct {
			ID      string `json:"id"`
			Device  string `json:"device"`
			Current bool   `json:"current"`
		} `json:"sessions"`
	}
	c.Do(http.MethodGet, "/api/v1/me/sessions", nil).Want(200).JSON(&list)
	if len(list.Sessions) < 2 {
		t.Fatalf("sessions: got %d, want at least 2", len(list.Sessions))
	}
	var secondSession struct {
		Session struct {
			ID string `json:"id"`
		} `json:"session"`
	}
	r2.JSON(&secondSession)
	listed := false
	for _, s := range list.Sessions {
		listed = listed || (s.ID == secondSession.Session.ID && !s.Current && s.Device != "")
	}
	if !listed {
		t.Errorf("sessions %+v do not list the second login %s", list.Sessions, secondSession.Session.ID)
	}
	c.Do(http.MethodDelete, "/api/v1/me/sessions/"+secondSession.Session.ID, nil).Want(204)
	second.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
	c.Do(http.MethodGet, "/api/v1/me", nil).Want(200)

	// Logout clears the site's data and the token stops working.
	out := c.Do(http.MethodPost, "/api/v1/auth/logout", nil).Want(204)
	if got := out.Header.Get("Clear-Site-Data"); !strings.Contains(got, `"cookies"`) || !strings.Contains(got, `"storage"`) {
		t.Errorf("Clear-Site-Data = %q, want cookies and storage", got)
	}
	stale := anon.Clone()
	stale.SetCookie("__Host-cascade_session", ck.Value)
	stale.Invalid().Do(http.MethodGet, "/api/v1/me", nil).Want(401)
}

// An unknown pseudonym and a wrong password get the same status and body.
func TestNoEnumeration(t *testing.T) {
	_, anon, _ := withAdmin(t)
	known := anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": "not the right password"})
	unknown := anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Nobody Here", "password": "not the right password"})
	if known.Status != 401 || unknown.Status != known.Status || !bytes.Equal(known.Body, unknown.Body) {
		t.Errorf("wrong password: %d %s; unknown pseudonym: %d %s; want identical 401s", known.Status, known.Body, unknown.Status, unknown.Body)
	}
}

// After 10 failures the account is throttled with 429 and Retry-After, also for the right password.
func TestLoginBackOff(t *testing.T) {
	_, anon, _ := withAdmin(t)
	c := anon.Clone()
	for i := range 10 {
		if r := c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": "wrong password number"}); r.Status != 401 {
			t.Fatalf("failure %d: got %d, want 401", i+1, r.Status)
		}
	}
	r := c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": testPassword})
	if r.Status != 429 || r.ErrorCode() != "too_many_attempts" || r.Header.Get("Retry-After") == "" {
		t.Errorf("11th attempt: got %d %s Retry-After=%q, want 429 too_many_attempts with Retry-After", r.Status, r.ErrorCode(), r.Header.Get("Retry-After"))
	}
}

func TestStrictInput(t *testing.T) {
	_, anon, admin := withAdmin(t)
	bad := admin.Invalid()
	tests := []struct {
		name, contentType string
		body              []byte
		headers           map[string]string
		wantStatus        int
		wantCode          string
	}{
		{"unknown field", "application/json", []byte(`{"old_password":"a","new_password":"b","email":"x@example.org"}`), nil, 400, "unknown_field"},
		{"wrong content type", "text/plain", []byte(`{"old_password":"a","new_password":"b"}`), nil, 415, "unsupported_media_type"},
		{"form encoded", "application/x-www-form-urlencoded", []byte(`old_password=a`), nil, 415, "unsupported_media_type"},
		{"two values", "application/json", []byte(`{"old_password":"a","new_password":"b"} {}`), nil, 400, "invalid_json"},
		{"too large", "application/json", bytes.Repeat([]byte("a"), 70<<10), nil, 413, "body_too_large"},
		{"cross-site", "application/json", []byte(`{"old_password":"a","new_password":"b"}`), map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross_site_request"},
		{"foreign origin", "application/json", []byte(`{"old_password":"a","new_password":"b"}`), map[string]string{"Origin": "https://evil.example"}, 403, "bad_origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bad.For(t).DoRaw(http.MethodPost, "/api/v1/me/password", tt.contentType, tt.body, tt.headers)
			if r.Status != tt.wantStatus || r.ErrorCode() != tt.wantCode {
				t.Errorf("got %d %s (%s), want %d %s", r.Status, r.ErrorCode(), r.Body, tt.wantStatus, tt.wantCode)
			}
		})
	}
	// Nothing was changed by the refused requests: the password still works.
	anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": testPassword}).Want(200)
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	srv, anon, _ := withAdmin(t)
	for _, tt := range []struct {
		path       string
		wantStatus int
		wantType   string
	}{
		{"/", 200, "text/html"},
		{"/join", 200, "text/html"},
		{"/app.js", 200, "javascript"},
		{"/api/v1/taxonomy", 200, "application/json"},
		{"/api/v1/nothing-here", 404, "application/json"},
		{"/healthz", 200, "application/json"},
		{"/readyz", 200, "application/json"},
	} {
		r := anon.Invalid().Do(http.MethodGet, tt.path, nil)
		if r.Status != tt.wantStatus || !strings.Contains(r.Header.Get("Content-Type"), tt.wantType) {
			t.Errorf("GET %s: got %d %s, want %d %s", tt.path, r.Status, r.Header.Get("Content-Type"), tt.wantStatus, tt.wantType)
		}
		for h, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
		} {
			if !strings.HasPrefix(r.Header.Get(h), want) {
				t.Errorf("GET %s: %s = %q, want %q", tt.path, h, r.Header.Get(h), want)
			}
		}
		if strings.HasPrefix(tt.path, "/api/") && r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: Cache-Control = %q, want no-store", tt.path, r.Header.Get("Cache-Control"))
		}
		if r.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("GET %s: HSTS sent on plain http", tt.path)
		}
	}
	if r := anon.Invalid().Do(http.MethodGet, "/api/v1/nothing-here", nil); r.ErrorCode() != "not_found" {
		t.Errorf("unknown API path: body %s, want the JSON error shape", r.Body)
	}
	// Metrics are on the operators' listener only.
	if r := anon.Invalid().Do(http.MethodGet, "/metrics", nil).Want(404); r.ErrorCode() != "not_found" {
		t.Errorf("public /metrics: body %s, want the JSON error shape", r.Body)
	}
	if srv.MetricsURL == "" {
		t.Fatalf("the server printed no metrics address; stdout:\n%s", srv.stdout)
	}
	res, err := http.Get(srv.MetricsURL)
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", srv.MetricsURL, res.StatusCode, err)
	}
	if !bytes.Contains(metrics, []byte("cascade_http_requests_total")) || !bytes.Contains(metrics, []byte("go_goroutines")) {
		t.Errorf("/metrics lacks cascade_http_requests_total or go_goroutines")
	}
	if bytes.Contains(metrics, []byte("nothing-here")) {
		t.Errorf("/metrics labels by concrete path; want route patterns only")
	}
	// The operators' listener serves nothing else.
	if res, err := http.Get(strings.TrimSuffix(srv.MetricsURL, "/metrics") + "/api/v1/me"); err != nil || res.StatusCode != 404 {
		t.Errorf("metrics listener, /api/v1/me: %v %v, want 404", res.StatusCode, err)
	} else {
		res.Body.Close()
	}
}

// Failed logins against a pseudonym nobody has yet must not make signing up with it
// answer 429 after the account was created (the recovery codes would be lost).
func TestSignupIgnoresLoginBackOff(t *testing.T) {
	_, anon, _ := withAdmin(t)
	c := anon.Clone()
	for range 11 {
		c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Lerato", "password": "guessing a password"})
	}
	apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
}
