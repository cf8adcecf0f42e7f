package main

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// want fails the benchmark unless r has the status.
func want(tb testing.TB, r *apitest.Response, status int) *apitest.Response {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("got %d %s, want %d", r.Status, r.Body, status)
	}
	return r
}

// BenchmarkSuggestions seeds 1,000 approved organisations through the API of a real server
// on the embedded store and reports the p95 latency of the suggestions endpoint, as the
// spec-validating client sees it (so an upper bound on the server's time).
func BenchmarkSuggestions(b *testing.B) {
	srv := startServer(b, b.TempDir(), "-applications-per-hour", "0", "-applications-per-hour-all", "0") // 1,000 from one address
	anon := apitest.New(b, srv.URL, srv.URL)
	admin := anon.Clone()
	want(b, admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(b), "pseudonym": "Kestrel", "password": testPassword}), 201)
	ids := make([]string, 1000)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range ids {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			p := establishedProfile(fmt.Sprintf("Mentor %04d", i))
			if i == 0 {
				p = emergingProfile("Coletivo Kianda")
			}
			var out struct {
				Organisation struct {
					ID string `json:"id"`
				} `json:"organisation"`
			}
			want(b, anon.Clone().Do(http.MethodPost, "/api/v1/applications", map[string]any{"pseudonym": fmt.Sprintf("Lead%04d", i), "password": testPassword, "organisation": p}), 201).JSON(&out)
			ids[i] = out.Organisation.ID
		})
	}
	wg.Wait()
	for _, id := range ids {
		want(b, admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil), 200)
	}
	lead := anon.Clone()
	want(b, lead.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Lead0000", "password": testPassword}), 200)
	var req struct {
		ID string `json:"id"`
	}
	want(b, lead.Do(http.MethodPost, "/api/v1/orgs/"+ids[0]+"/requests", requestBody), 201).JSON(&req)
	path := "/api/v1/orgs/" + ids[0] + "/requests/" + req.ID + "/suggestions"
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		want(b, lead.Do(http.MethodGet, path, nil), 200)
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}
