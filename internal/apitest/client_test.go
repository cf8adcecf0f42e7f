package apitest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB that collects Errorf instead of failing, so tests can assert
// that the client reports what it should.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.errs
	r.errs = nil
	return e
}

const (
	testOrigin = "https://cascade.test"
	session    = "__Host-cascade_session"
	token43    = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
)

// fakeServer answers a few routes with canned bodies; bad=true answers off-spec ones.
func fakeServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	writeJSON := func(w http.ResponseWriter, status int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("bad") {
			writeJSON(w, 200, `{"status":"ok","extra":1}`)
			return
		}
		writeJSON(w, 200, `{"status":"ok"}`)
	})
	mux.HandleFunc("POST /api/v1/auth/login", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") != testOrigin {
			writeJSON(w, 403, `{"error":{"code":"bad_origin","message":"no"}}`)
			return
		}
		if r.Header.Get("Content-Type") != "application/json" {
			writeJSON(w, 415, `{"error":{"code":"unsupported_media_type","message":"json please"}}`)
			return
		}
		if strings.Contains(r.URL.RawQuery, "throttle") {
			writeJSON(w, 429, `{"error":{"code":"too_many_attempts","message":"later"}}`)
			return
		}
		w.Header().Add("Set-Cookie", session+"="+token43+"; max-age=43200; path=/; HttpOnly; secure; SameSite=Strict")
		writeJSON(w, 200, `{"user":{"id":"u1","pseudonym":"alice"},"session":{"id":"s1","device":"curl on unknown system","created":"2025-11-27T07:00:00Z","last_seen":"2025-11-27T07:00:00Z","current":true}}`)
	})
	mux.HandleFunc("GET /api/v1/me", func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(session); err != nil || c.Value != token43 {
			writeJSON(w, 401, `{"error":{"code":"unauthenticated","message":"please sign in"}}`)
			return
		}
		writeJSON(w, 200, `{"user":{"id":"u1","pseudonym":"alice"},"organisations":[],"platform_roles":["user"]}`)
	})
	mux.HandleFunc("POST /api/v1/auth/logout", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", session+"=; expires=Thu, 01 Jan 1970 00:00:01 GMT; path=/; HttpOnly; secure; SameSite=Strict")
		w.Header().Set("Clear-Site-Data", `"cache", "cookies", "storage"`)
		w.WriteHeader(204)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("bad") {
			writeJSON(w, 404, `{"oops":true}`)
			return
		}
		writeJSON(w, 404, `{"error":{"code":"not_found","message":"nothing here"}}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestClient(t *testing.T) {
	srv := fakeServer(t)
	rec := &recorder{TB: t}
	c := New(rec, srv.URL, testOrigin)

	tests := []struct {
		name       string
		do         func() *Response
		wantStatus int
		wantErrs   []string // substrings, one per reported error, in order
	}{
		{"valid response", func() *Response { return c.Do("GET", "/healthz", nil) }, 200, nil},
		{"unknown field in response", func() *Response { return c.Invalid().Do("GET", "/healthz?bad=1", nil) }, 200,
			[]string{"response 200 to GET /healthz?bad=1 (healthz) does not match"}},
		{"session required", func() *Response { return c.Do("GET", "/api/v1/me", nil) }, 401,
			[]string{`needs cookie "__Host-cascade_session"`}},
		{"session missing on purpose", func() *Response { return c.Invalid().Do("GET", "/api/v1/me", nil) }, 401, nil},
		{"request body against schema", func() *Response {
			return c.Do("POST", "/api/v1/auth/login", map[string]any{"pseudonym": "alice"})
		}, 200, []string{"request POST /api/v1/auth/login (login) does not match"}},
		{"wrong content type on purpose", func() *Response {
			return c.Invalid().DoRaw("POST", "/api/v1/auth/login", "text/plain", []byte("x"), nil)
		}, 415, nil},
		{"origin removed on purpose", func() *Response {
			return c.Invalid().DoRaw("POST", "/api/v1/auth/login", "application/json", []byte(`{}`), map[string]string{"Origin": ""})
		}, 403, nil},
		{"429 without Retry-After", func() *Response {
			return c.Invalid().Do("POST", "/api/v1/auth/login?throttle=1", map[string]string{"pseudonym": "a", "password": "b"})
		}, 429, []string{`response header "Retry-After" missing`}},
		{"unknown route", func() *Response { return c.Do("GET", "/api/v1/nope", nil) }, 404,
			[]string{"GET /api/v1/nope is not an operation"}},
		{"unknown route on purpose", func() *Response { return c.Invalid().Do("GET", "/api/v1/nope", nil) }, 404, nil},
		{"unknown route, error not in shape", func() *Response { return c.Invalid().Do("GET", "/api/v1/nope?bad=1", nil) }, 404,
			[]string{"does not have the Error shape"}},
		{"method not in spec", func() *Response { return c.Do("DELETE", "/healthz", nil) }, 404,
			[]string{"DELETE /healthz is not an operation"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.do()
			if r.Status != tc.wantStatus {
				t.Errorf("got status %d, want %d; body %s", r.Status, tc.wantStatus, r.Body)
			}
			got := rec.take()
			if len(got) != len(tc.wantErrs) {
				t.Fatalf("got %d reported errors, want %d:\n%s", len(got), len(tc.wantErrs), strings.Join(got, "\n---\n"))
			}
			for i, want := range tc.wantErrs {
				if !strings.Contains(got[i], want) {
					t.Errorf("error %d: got\n%s\nwant it to contain %q", i, got[i], want)
				}
			}
		})
	}
}

func TestClientCookies(t *testing.T) {
	srv := fakeServer(t)
	rec := &recorder{TB: t}
	alice := New(rec, srv.URL, testOrigin)
	other := alice.Clone()

	r := alice.Do("POST", "/api/v1/auth/login", map[string]string{"pseudonym": "alice", "password": "a long password"}).Want(200)
	if ck := r.SetCookie(session); ck == nil || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
		t.Errorf("got Set-Cookie %v, want a Secure, HttpOnly, SameSite=Strict session cookie", ck)
	}
	if got := alice.Cookie(session); got != token43 {
		t.Fatalf("got stored session %q, want %q", got, token43)
	}
	alice.Do("GET", "/api/v1/me", nil).Want(200)
	if got := other.Invalid().Do("GET", "/api/v1/me", nil).Want(401).ErrorCode(); got != "unauthenticated" {
		t.Errorf("clone: got error code %q, want unauthenticated", got)
	}
	var me struct {
		User struct{ Pseudonym string } `json:"user"`
	}
	alice.Do("GET", "/api/v1/me", nil).JSON(&me)
	if me.User.Pseudonym != "alice" {
		t.Errorf("got pseudonym %q, want alice", me.User.Pseudonym)
	}

	alice.Do("POST", "/api/v1/auth/logout", nil).Want(204)
	if got := alice.Cookie(session); got != "" {
		t.Errorf("after logout got stored session %q, want none", got)
	}
	alice.Invalid().Do("GET", "/api/v1/me", nil).Want(401)

	alice.SetCookie(session, token43)
	alice.Do("GET", "/api/v1/me", nil).Want(200)
	if errs := rec.take(); len(errs) > 0 {
		t.Errorf("unexpected validation errors:\n%s", strings.Join(errs, "\n---\n"))
	}
}
