package main

import (
	"bytes"
	"context"
	"regexp"
	"sync"
	"testing"
	"time"
)

// syncBuffer collects a command's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// instance is one cascade server started through run, as main would.
type instance struct {
	URL        string
	MetricsURL string // the operators' listener, http://127.0.0.1:port/metrics
	stdout     *syncBuffer
	stderr     *syncBuffer
	stop       func()
}

var (
	servingLine = regexp.MustCompile(`Cascade is serving on (http://127\.0\.0\.1:\d+)`)
	metricsLine = regexp.MustCompile(`Metrics on (http://127\.0\.0\.1:\d+/metrics)`)
)

// startServer runs `cascade serve` on a free loopback port with its store in dataDir.
func startServer(t testing.TB, dataDir string, args ...string) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	exited := make(chan struct{})
	var runErr error
	argv := append([]string{"serve", "-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0", "-data", dataDir, "-log-level", "warn"}, args...)
	env := func(string) string { return "" }
	go func() {
		defer close(exited)
		runErr = run(ctx, argv, env, bytes.NewReader(nil), in.stdout, in.stderr)
	}()
	var once sync.Once
	in.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-exited:
				if runErr != nil {
					t.Errorf("run returned %v; log:\n%s", runErr, in.stderr)
				}
			case <-time.After(30 * time.Second):
				t.Errorf("server did not stop within 30 s")
			}
		})
	}
	t.Cleanup(in.stop)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(in.stdout.String()); m != nil {
			in.URL = m[1]
			if m := metricsLine.FindStringSubmatch(in.stdout.String()); m != nil {
				in.MetricsURL = m[1]
			}
			return in
		}
		select {
		case <-exited:
			t.Fatalf("run ended before serving; stderr:\n%s", in.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("server did not start within 60 s; stderr:\n%s", in.stderr)
	return nil
}

var setupLink = regexp.MustCompile(`/setup#([A-Za-z0-9]+)`)

// setupToken reads the one-time setup link the server printed.
func (in *instance) setupToken(t testing.TB) string {
	t.Helper()
	m := setupLink.FindStringSubmatch(in.stdout.String())
	if m == nil {
		t.Fatalf("no setup link printed; stdout:\n%s", in.stdout)
	}
	return m[1]
}
