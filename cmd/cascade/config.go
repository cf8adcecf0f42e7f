package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cascade-platform/cascade/library"
	"github.com/cascade-platform/cascade/web"
)

// config is the effective configuration: flags, with environment variables as defaults.
type config struct {
	addr string
	// metricsAddr is where /metrics is served, apart from the public listener; empty
	// serves none.
	metricsAddr string
	dataDir     string
	mongoURI    string
	dbName      string
	origin      string
	logLevel    slog.Level
	logFormat   string
	demo        bool
	natsURL     string
	// fanoutEvery spaces a busy room's sends to its sockets, so that several records
	// leave in one write(2): less CPU per delivery, at most this much more latency.
	fanoutEvery time.Duration
	// trustedProxies may name the client in X-Forwarded-For (limits per client address).
	trustedProxies []string
	// applications bounds applications per hour, per client address and in all.
	applications web.ApplicationLimits
	// libraryQuota is the training library's storage per organisation, in bytes.
	libraryQuota int64
}

// parseConfig reads the shared flags, plus those extra adds for one command.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (config, *flag.FlagSet, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var c config
	var level, proxies string
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", env("CASCADE_ADDR", "127.0.0.1:8080"), "listen address (env CASCADE_ADDR)")
	fs.StringVar(&c.metricsAddr, "metrics-addr", env("CASCADE_METRICS_ADDR", "127.0.0.1:9090"), "listen address of /metrics, for Prometheus only, never public; empty serves no metrics (env CASCADE_METRICS_ADDR)")
	fs.StringVar(&c.dataDir, "data", env("CASCADE_DATA", "./data"), "data folder for the embedded store (env CASCADE_DATA)")
	fs.StringVar(&c.mongoURI, "mongodb-uri", env("MONGODB_URI", ""), "MongoDB URI; empty runs the embedded store (env MONGODB_URI)")
	fs.StringVar(&c.dbName, "db", env("CASCADE_DB", "cascade"), "database name (env CASCADE_DB)")
	fs.StringVar(&c.origin, "origin", env("CASCADE_ORIGIN", ""), "public origin, e.g. https://cascade.example; default http://<addr> (env CASCADE_ORIGIN)")
	fs.StringVar(&level, "log-level", env("CASCADE_LOG_LEVEL", "info"), "debug, info, warn or error (env CASCADE_LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", env("CASCADE_LOG_FORMAT", "text"), "text or json (env CASCADE_LOG_FORMAT)")
	fs.BoolVar(&c.demo, "demo", false, "fill a fresh store with a demo")
	fs.StringVar(&c.natsURL, "nats-url", env("NATS_URL", ""), "NATS URL to reach the other instances; empty runs one instance with an in-process broker (env NATS_URL)")
	fs.DurationVar(&c.fanoutEvery, "ws-fanout-every", 20*time.Millisecond, "in a busy room, send new messages to its sockets at most this often, several per write (negative: each at once)")
	fs.StringVar(&proxies, "trusted-proxies", env("CASCADE_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (env CASCADE_TRUSTED_PROXIES)")
	fs.IntVar(&c.applications.PerAddress, "applications-per-hour", 20, "applications taken per hour from one client address (0: no limit)")
	fs.IntVar(&c.applications.Total, "applications-per-hour-all", 200, "applications taken per hour from everyone together (0: no limit)")
	fs.Int64Var(&c.libraryQuota, "library-quota", library.DefaultQuota, "training library storage per organisation, in bytes")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return c, fs, err
	}
	if err := c.logLevel.UnmarshalText([]byte(level)); err != nil {
		return c, fs, fmt.Errorf("-log-level: %w", err)
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return c, fs, errors.New("-log-format must be text or json")
	}
	if proxies != "" {
		for _, p := range strings.Split(proxies, ",") {
			p = strings.TrimSpace(p)
			if _, err := netip.ParsePrefix(p); err != nil {
				if _, err := netip.ParseAddr(p); err != nil {
					return c, fs, fmt.Errorf("-trusted-proxies: %q is neither an address nor a CIDR range", p)
				}
			}
			c.trustedProxies = append(c.trustedProxies, p)
		}
	}
	if c.applications.PerAddress < 0 || c.applications.Total < 0 {
		return c, fs, errors.New("-applications-per-hour and -applications-per-hour-all must not be negative")
	}
	if c.libraryQuota <= 0 {
		return c, fs, errors.New("-library-quota must be positive")
	}
	if c.origin != "" {
		if err := checkOrigin(c.origin); err != nil {
			return c, fs, err
		}
	}
	return c, fs, nil
}

// checkOrigin accepts scheme://host[:port] and nothing more, because it is
// compared byte for byte with the browser's Origin header.
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.HasSuffix(o, "/") {
		return fmt.Errorf("-origin %q must look like https://cascade.example (scheme and host only)", o)
	}
	return nil
}

func (c config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.logLevel}
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redactedURI shows where the store is without its credentials.
func redactedURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparseable)"
	}
	if u.User != nil {
		u.User = url.User("***")
	}
	u.RawQuery = ""
	return u.String()
}

// serveMetrics serves /metrics on addr, apart from the public listener, until stop.
func serveMetrics(addr string, reg *prometheus.Registry, stdout io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen: %w", err)
	}
	srv := &http.Server{Handler: web.MetricsHandler(reg), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintf(stdout, "Metrics on http://%s/metrics\n", ln.Addr())
	return func() { _ = srv.Close() }, nil
}
