package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
)

func TestAdminCreate(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	args := []string{"admin", "create", "-data", dir, "-pseudonym", "Kestrel", "-log-level", "warn"}
	if err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(testPassword+"\n"), &out, &errOut); err != nil {
		t.Fatalf("admin create: %v\n%s", err, errOut.String())
	}
	if codes := regexp.MustCompile(`(?m)^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$`).FindAllString(out.String(), -1); len(codes) != 10 {
		t.Errorf("admin create printed %d recovery codes, want 10:\n%s", len(codes), out.String())
	}
	if strings.Contains(out.String()+errOut.String(), testPassword) {
		t.Error("the password was echoed")
	}

	srv := startServer(t, dir)
	if strings.Contains(srv.stdout.String(), "/setup#") {
		t.Error("server printed a setup link although an admin exists")
	}
	admin := login(t, apitest.New(t, srv.URL, srv.URL), "Kestrel")
	admin.Do(http.MethodGet, "/api/v1/admin/organisations", nil).Want(200)
}

func TestAdminCreateRefusesBadInput(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		password string
		wantCode exitCode
	}{
		{"no pseudonym", nil, testPassword, 2},
		{"weak password", []string{"-pseudonym", "Kestrel"}, "short", 1},
		{"reserved pseudonym", []string{"-pseudonym", "admin"}, testPassword, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := append([]string{"admin", "create", "-data", t.TempDir(), "-log-level", "warn"}, tt.args...)
			err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(tt.password+"\n"), &out, &errOut)
			var code exitCode
			if !errors.As(err, &code) || code != tt.wantCode {
				t.Errorf("got %v, want exit status %d; stderr: %s", err, tt.wantCode, errOut.String())
			}
		})
	}
}

// `cascade -h` names every command on a line of its own, then the flags of serve, the
// default command.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help", "help"} {
		t.Run(arg, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if err := run(context.Background(), []string{arg}, func(string) string { return "" }, nil, &out, &errOut); err != nil {
				t.Fatalf("got %v, want success; stderr: %s", err, &errOut)
			}
			for _, cmd := range []string{"serve", "demo", "admin", "match", "load"} {
				if n := len(regexp.MustCompile(`(?m)^  `+cmd+`( [a-z]+)?  +\S`).FindAllString(out.String(), -1)); n != 1 {
					t.Errorf("%d lines describe %s, want 1:\n%s", n, cmd, &out)
				}
			}
			if !strings.Contains(out.String(), "-nats-url") || errOut.Len() != 0 {
				t.Errorf("no flags of serve on stdout, or something on stderr:\n%s\nstderr: %s", &out, &errOut)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, nil, &out, &errOut)
	var code exitCode
	if !errors.As(err, &code) || code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("got %v and %q, want exit status 2 and a message", err, errOut.String())
	}
}

var demoPassword = regexp.MustCompile(`with the password: (demo [A-Za-z0-9]+)`)

// The demo fills a fresh store with approved organisations in the seven
// programme countries; any lead can sign in and sees the directory.
func TestDemo(t *testing.T) {
	srv := startServer(t, t.TempDir(), "-demo")
	m := demoPassword.FindStringSubmatch(srv.stdout.String())
	if m == nil {
		t.Fatalf("demo printed no password:\n%s", srv.stdout)
	}
	c := apitest.New(t, srv.URL, srv.URL)
	c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Nomsa", "password": m[1]}).Want(200)
	var dir struct {
		Organisations []struct {
			Country string `json:"country"`
			Stage   string `json:"stage"`
		} `json:"organisations"`
	}
	c.Do(http.MethodGet, "/api/v1/directory", nil).Want(200).JSON(&dir)
	countries, stages := map[string]bool{}, map[string]int{}
	for _, o := range dir.Organisations {
		countries[o.Country] = true
		stages[o.Stage]++
	}
	if len(dir.Organisations) != 12 || len(countries) != 7 || stages["established"] == 0 || stages["emerging"] == 0 {
		t.Errorf("demo directory: %d organisations in %d countries, stages %v; want 12 in 7 with both stages", len(dir.Organisations), len(countries), stages)
	}
	if strings.Contains(srv.stderr.String(), m[1]) {
		t.Error("the demo password reached the log")
	}
}

// A demo started again on its seeded store says how to sign in: the password it kept
// in the data folder, readable by its owner only; without that file, how to start over.
func TestDemoAgain(t *testing.T) {
	dir := t.TempDir()
	first := startServer(t, dir, "-demo")
	m := demoPassword.FindStringSubmatch(first.stdout.String())
	if m == nil {
		t.Fatalf("demo printed no password:\n%s", first.stdout)
	}
	first.stop()
	file := filepath.Join(dir, "demo-password.txt")
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v, %v; want mode 0600", info, err)
	}

	again := startServer(t, dir, "-demo")
	out := again.stdout.String()
	if got := demoPassword.FindStringSubmatch(out); got == nil || got[1] != m[1] || !strings.Contains(out, "already seeded") || !strings.Contains(out, file) {
		t.Fatalf("second start printed %q; want the same password, and where it is kept", out)
	}
	c := apitest.New(t, again.URL, again.URL)
	c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Kestrel", "password": m[1]}).Want(200)
	if strings.Contains(again.stderr.String(), m[1]) {
		t.Error("the demo password reached the log")
	}
	again.stop()

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	third := startServer(t, dir, "-demo")
	if out := third.stdout.String(); strings.Contains(out, m[1]) || !strings.Contains(out, "remove the data folder") {
		t.Errorf("start without the password file printed %q; want how to start over", out)
	}
}
