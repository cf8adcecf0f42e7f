package main

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// rawClient sends requests without spec validation, so the benchmarks measure the server.
func rawClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
}

func post(tb testing.TB, c *http.Client, base, path, body string) *http.Response {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader([]byte(body)))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", base)
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// benchAdmin starts a server, creates its admin and returns the server and the admin's session cookie.
func benchAdmin(b *testing.B) (*instance, *http.Cookie) {
	b.Helper()
	srv := startServer(b, b.TempDir())
	c := rawClient()
	creds := `"pseudonym":"Kestrel","password":"` + testPassword + `"`
	if r := post(b, c, srv.URL, "/api/v1/setup", `{"token":"`+srv.setupToken(b)+`",`+creds+`}`); r.StatusCode != http.StatusCreated {
		b.Fatalf("setup: %d", r.StatusCode)
	}
	r := post(b, c, srv.URL, "/api/v1/auth/login", `{`+creds+`}`)
	for _, ck := range r.Cookies() {
		if ck.Name == "__Host-cascade_session" {
			return srv, ck
		}
	}
	b.Fatalf("login: %d and no session cookie", r.StatusCode)
	return nil, nil
}

// BenchmarkMe measures an authenticated read through the whole stack: session
// check, policy decision, organisations, JSON. Reported as requests/s.
func BenchmarkMe(b *testing.B) {
	srv, cookie := benchAdmin(b)
	c := rawClient()
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/me", nil)
			req.AddCookie(cookie)
			resp, err := c.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("GET /me: %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkLogin4 runs four concurrent logins at a time and reports the p95 latency.
func BenchmarkLogin4(b *testing.B) {
	srv, _ := benchAdmin(b)
	c := rawClient()
	body := `{"pseudonym":"Kestrel","password":"` + testPassword + `"}`
	var (
		mu    sync.Mutex
		times []time.Duration
	)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				t0 := time.Now()
				r := post(b, c, srv.URL, "/api/v1/auth/login", body)
				d := time.Since(t0)
				if r.StatusCode != http.StatusOK {
					b.Errorf("login: %d", r.StatusCode)
				}
				mu.Lock()
				times = append(times, d)
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Milliseconds()), "p95-ms")
	b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "p50-ms")
}
