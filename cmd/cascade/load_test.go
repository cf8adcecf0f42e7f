package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// TestLoad runs `cascade load` with every scenario at a tiny size against `cascade serve` and checks that the
// report has its fields and that nothing was lost, duplicated or reordered.
func TestLoad(t *testing.T) {
	srv, anon, admin := withAdmin(t)
	_, orgID := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)

	var out, errs syncBuffer
	accounts := filepath.Join(t.TempDir(), "accounts")
	args := []string{"load", "-url", srv.URL, "-metrics-url", srv.MetricsURL, "-lead-pseudonym", "Lerato", "-scenario", "all", "-run", "t", "-accounts", accounts,
		"-subscribers", "20", "-rate", "20", "-duration", "2s", "-rooms", "3", "-members", "4",
		"-conns", "20", "-missed", "10", "-report-every", "1s", "-settle", "0s"}
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(testPassword+"\n"), &out, &errs)
	if err != nil {
		t.Fatalf("load: %v\nstdout:\n%s\nstderr:\n%s", err, &out, &errs)
	}
	want := map[string][]string{
		"storm":     {"conns", "conns_per_s", "connect_p99_ms", "closed"},
		"idle":      {"conns", "connect_p99_ms", "closed", "goroutines_per_conn", "heap_per_conn_kb", "stack_per_conn_kb"},
		"fanout":    {"sent", "acked", "deliveries", "deliveries_per_s", "p50_ms", "p99_ms", "max_ms", "ack_p99_ms"},
		"slow":      {"deliveries", "p99_ms", "slow_close_code", "slow_missing"},
		"rooms":     {"sent", "acked", "deliveries", "p99_ms", "ack_p99_ms"},
		"reconnect": {"clients", "missed", "replayed", "unrecovered", "recover_all_s", "recover_p99_ms"},
	}
	faults := []string{"losses", "duplicates", "order_violations"}
	for scenario, keys := range want {
		m := regexp.MustCompile(`(?m)^result scenario=` + scenario + ` (.*)$`).FindStringSubmatch(out.String())
		if m == nil {
			t.Errorf("no result line for %s; stdout:\n%s", scenario, &out)
			continue
		}
		fields := map[string]string{}
		for _, kv := range strings.Fields(m[1]) {
			k, v, _ := strings.Cut(kv, "=")
			fields[k] = v
		}
		if scenario != "storm" && scenario != "idle" {
			keys = append(keys, faults...)
			for _, k := range faults {
				if fields[k] != "0" {
					t.Errorf("%s: %s=%s, want 0", scenario, k, fields[k])
				}
			}
		}
		for _, k := range keys {
			if _, ok := fields[k]; !ok {
				t.Errorf("%s: no %s in %q", scenario, k, m[0])
			}
		}
		if scenario == "reconnect" && (fields["replayed"] != "200" || fields["unrecovered"] != "0") {
			t.Errorf("reconnect: replayed %s (want 20 clients × 10) with %s unrecovered", fields["replayed"], fields["unrecovered"])
		}
		if (scenario == "fanout" || scenario == "rooms") && (fields["acked"] != fields["sent"] || fields["acked"] == "0") {
			t.Errorf("%s: %s sent, %s acked", scenario, fields["sent"], fields["acked"])
		}
	}
	if !strings.Contains(out.String(), "progress scenario=fanout") {
		t.Errorf("no progress lines while sending; stdout:\n%s", &out)
	}

	// A second run reuses the saved accounts instead of creating them again, and signs in
	// again an account whose session ended.
	saved, err := os.ReadFile(accounts)
	if err != nil {
		t.Fatal(err)
	}
	first := strings.SplitN(strings.SplitN(string(saved), "\n", 2)[0], " ", 3) // a password may hold spaces
	if len(first) != 3 {
		t.Fatalf("accounts file line %q: want pseudonym, token, password", first)
	}
	ended := anon.Clone()
	ended.SetCookie(sessionCookieName, first[1])
	ended.Do(http.MethodPost, "/api/v1/auth/logout", nil).Want(204)
	var again syncBuffer
	args = []string{"load", "-url", srv.URL, "-metrics-url", srv.MetricsURL, "-lead-pseudonym", "Lerato", "-lead-password", testPassword, "-accounts", accounts,
		"-scenario", "fanout", "-subscribers", "10", "-rate", "10", "-duration", "1s", "-settle", "0s"}
	if err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &again, &errs); err != nil {
		t.Fatalf("second load: %v\nstdout:\n%s\nstderr:\n%s", err, &again, &errs)
	}
	if strings.Contains(again.String(), "creating") || !strings.Contains(again.String(), "losses=0") {
		t.Errorf("second run with saved accounts:\n%s", &again)
	}
	if saved, _ := os.ReadFile(accounts); strings.Contains(string(saved), first[1]) {
		t.Errorf("the ended session %s is still in the accounts file", first[0])
	}
}

// BenchmarkLoadFanout runs server and load tool in one process so that
// `go test -run '^$' -bench LoadFanout -benchtime 1x -cpuprofile cpu.out` shows where
// the server spends its time per delivery (the server has no pprof endpoint, on purpose).
// CASCADE_BENCH_SERVE_ARGS adds serve flags, e.g. "-ws-fanout-every 10ms".
func BenchmarkLoadFanout(b *testing.B) {
	srv := startServer(b, b.TempDir(), strings.Fields(os.Getenv("CASCADE_BENCH_SERVE_ARGS"))...)
	anon := apitest.New(b, srv.URL, srv.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(b), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	var app struct {
		Organisation struct {
			ID string `json:"id"`
		} `json:"organisation"`
	}
	anon.Clone().Do(http.MethodPost, "/api/v1/applications", map[string]any{"pseudonym": "Lerato", "password": testPassword,
		"organisation": establishedProfile("Ikhaya Peer Collective")}).Want(201).JSON(&app)
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+app.Organisation.ID+"/approve", nil).Want(200)
	for b.Loop() {
		var out, errs syncBuffer
		args := []string{"load", "-url", srv.URL, "-metrics-url", srv.MetricsURL, "-lead-pseudonym", "Lerato", "-lead-password", testPassword,
			"-scenario", "fanout", "-subscribers", "500", "-rate", "100", "-duration", "10s"}
		if err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errs); err != nil {
			b.Fatalf("load: %v\n%s\n%s", err, &out, &errs)
		}
		b.Log(out.String())
	}
}
