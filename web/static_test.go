package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/prometheus/client_golang/prometheus"
)

func TestStaticFilesBesideTheAPI(t *testing.T) {
	app := New(Config{
		Origin:   testOrigin,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Frontend: fstest.MapFS{
			"index.html": {Data: []byte("<!doctype html><title>Cascade</title>")},
			"api.js":     {Data: []byte("export const x = 1;")},
		},
	})
	tests := []struct {
		path, wantType string
		want           int
	}{
		{"/", "text/html", 200},
		{"/join", "text/html", 200},
		{"/api.js", "text/javascript", 200},
		{"/apiary", "text/html", 200},
		{"/api/v1/nothing", "application/json", 404},
		{"/api/", "application/json", 404},
		{"/missing.css", "application/json", 404},
	}
	for _, tt := range tests {
		resp, err := app.Test(httptest.NewRequest("GET", tt.path, nil))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Content-Type"); resp.StatusCode != tt.want || len(got) < len(tt.wantType) || got[:len(tt.wantType)] != tt.wantType {
			t.Errorf("GET %s: got %d %s, want %d %s", tt.path, resp.StatusCode, got, tt.want, tt.wantType)
		}
	}
}

func TestStaticFingerprints(t *testing.T) {
	app := New(Config{
		Origin:   testOrigin,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Frontend: fstest.MapFS{
			"index.html":        {Data: []byte(`<link rel="stylesheet" href="/style.css"><script type="module" src="/app.js"></script><a href="/join">j</a>`)},
			"style.css":         {Data: []byte("body{}")},
			"app.js":            {Data: []byte("import { x } from '/lib/x.js';\nimport './y.js';\nconst p = import(\"/pages/p.js\");\nconst room = '/rooms/x1';")},
			"lib/x.js":          {Data: []byte("export const x = 1;")},
			"y.js":              {Data: []byte("")},
			"pages/p.js":        {Data: []byte("")},
			"vendor/lit/lit.js": {Data: []byte("")},
		},
	})
	get := func(p string) (int, string, string) {
		t.Helper()
		resp, err := app.Test(httptest.NewRequest("GET", p, nil))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Cache-Control"), string(body)
	}
	status, cache, shell := get("/orgs/abc")
	if status != 200 || cache != "no-store" {
		t.Fatalf("GET /orgs/abc: %d %q, want 200 no-store", status, cache)
	}
	m := regexp.MustCompile(`src="(/s/[0-9a-f]{16})/app.js"`).FindStringSubmatch(shell)
	if m == nil || !strings.Contains(shell, `href="`+m[1]+`/style.css"`) || !strings.Contains(shell, `href="/join"`) {
		t.Fatalf("the shell names no fingerprinted assets (or rewrote a page link): %s", shell)
	}
	prefix := m[1]
	status, cache, app1 := get(prefix + "/app.js")
	if status != 200 || cache != "public, max-age=31536000, immutable" {
		t.Errorf("GET %s/app.js: %d %q, want 200 and immutable", prefix, status, cache)
	}
	for _, want := range []string{"from '" + prefix + "/lib/x.js'", "import './y.js'", `import("` + prefix + `/pages/p.js")`, "'/rooms/x1'"} {
		if !strings.Contains(app1, want) {
			t.Errorf("app.js as served lacks %q:\n%s", want, app1)
		}
	}
	if status, cache, _ := get("/app.js"); status != 200 || cache != "no-cache" {
		t.Errorf("GET /app.js: %d %q, want 200 no-cache", status, cache)
	}
	if status, cache, _ := get("/s/0123456789abcdef/style.css"); status != 200 || cache != "no-cache" {
		t.Errorf("an older release's fingerprint: %d %q, want 200 no-cache", status, cache)
	}
	if status, _, _ := get(prefix + "/missing.js"); status != 404 {
		t.Errorf("a missing fingerprinted file: %d, want 404", status)
	}
}

func TestStaticGzip(t *testing.T) {
	js := strings.Repeat("export const x = 'a long enough module';\n", 50)
	app := New(Config{
		Origin:   testOrigin,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Frontend: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}, "app.js": {Data: []byte(js)}},
	})
	tests := []struct {
		accept   string
		wantGzip bool
	}{
		{"gzip, deflate, br", true},
		{"br;q=1.0, gzip;q=0.8", true},
		{"gzip;q=0", false},
		{"", false},
		{"identity", false},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "/app.js", nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Encoding", tt.accept)
		}
		resp, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		gz := resp.Header.Get("Content-Encoding") == "gzip"
		if gz != tt.wantGzip || resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, Vary %q; want gzip %v and Vary", tt.accept, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"), tt.wantGzip)
			continue
		}
		if gz {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := io.ReadAll(zr)
			if string(plain) != js || len(body) >= len(js)/4 {
				t.Errorf("gzip body: %d bytes for %d, decodes to the module: %v", len(body), len(js), string(plain) == js)
			}
		} else if string(body) != js {
			t.Errorf("Accept-Encoding %q: body is not the module", tt.accept)
		}
	}
}
