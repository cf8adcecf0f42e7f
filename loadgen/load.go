// Package loadgen drives a running Cascade server over its public API and /ws the way
// many people would, and reports latency, throughput and losses (`cascade load`).
package loadgen

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// loadConfig is what `cascade load` was asked to do.
type loadConfig struct {
	url, origin    string
	metricsURL     string // the server's /metrics, on its operators' listener
	lead, password string
	scenario       string
	run            string // tags this run's accounts and rooms
	accounts       string // file keeping load accounts between runs
	pid            int
	reportEvery    time.Duration

	subscribers int           // fanout and slow: sockets in the one room
	senders     int           // fanout and slow: 0 picks enough to stay under the per-user rate limit
	rate        float64       // messages per second, all senders together
	duration    time.Duration // how long senders send
	rooms       int           // rooms scenario: rooms ...
	members     int           // ... of this many sockets, every one sending
	conns       int           // idle, storm and reconnect: sockets
	perUser     int           // sockets per account (the server allows 5)
	missed      int           // reconnect: messages sent while the clients are away
	bodyBytes   int           // message body size
	concurrency int           // connection attempts in flight
	settle      time.Duration // how long the sockets stay open before traffic starts or memory is read
}

// loadScenarios is the order `-scenario all` runs them in: the cheap ones first, so a
// broken setup shows before the long ones start.
var loadScenarios = []string{"storm", "idle", "fanout", "slow", "rooms", "reconnect"}

// Run parses args (the flags of `cascade load`), drives the server they name, prints a
// report as it goes and one result line per scenario, and returns the exit status: 0,
// 1 when any message was lost, duplicated or delivered out of order or the run could not
// go on, 2 for flags it cannot run.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c loadConfig
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.url, "url", "http://127.0.0.1:8080", "the server; the tool talks to nothing else")
	fs.StringVar(&c.origin, "origin", "", "the server's public origin (default: -url)")
	fs.StringVar(&c.metricsURL, "metrics-url", "http://127.0.0.1:9090/metrics", "the server's /metrics (its -metrics-addr), for its memory per socket")
	fs.StringVar(&c.lead, "lead-pseudonym", "", "a lead of an approved organisation (it invites the load accounts)")
	fs.StringVar(&c.password, "lead-password", "", "the lead's password; empty reads one line from stdin")
	fs.StringVar(&c.scenario, "scenario", "fanout", "fanout, rooms, idle, storm, reconnect, slow or all")
	fs.StringVar(&c.run, "run", time.Now().UTC().Format("0102-150405"), "run name, part of every pseudonym and room title")
	fs.StringVar(&c.accounts, "accounts", "", "file that keeps the load accounts and their sessions between runs (mode 0600)")
	fs.IntVar(&c.pid, "pid", 0, "the server's pid, for CPU and memory from /proc (same machine)")
	fs.DurationVar(&c.reportEvery, "report-every", 5*time.Second, "progress interval")
	fs.IntVar(&c.subscribers, "subscribers", 1000, "fanout, slow: sockets in one room")
	fs.IntVar(&c.senders, "senders", 0, "fanout, slow: sending sockets (0: enough for the per-user rate limit)")
	fs.Float64Var(&c.rate, "rate", 100, "messages per second across all senders")
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "sending time per scenario")
	fs.IntVar(&c.rooms, "rooms", 1000, "rooms scenario: rooms")
	fs.IntVar(&c.members, "members", 10, "rooms scenario: sockets per room, all sending")
	fs.IntVar(&c.conns, "conns", 1000, "idle, storm, reconnect: sockets")
	fs.IntVar(&c.perUser, "per-user", 5, "sockets per load account (1-5)")
	fs.IntVar(&c.missed, "missed", 50, "reconnect: messages sent while the clients are away")
	fs.IntVar(&c.bodyBytes, "body", 100, "message body bytes")
	fs.IntVar(&c.concurrency, "concurrency", 200, "connection attempts in flight")
	fs.DurationVar(&c.settle, "settle", 3*time.Second, "how long the sockets stay open before traffic starts, or the server's memory is read (idle; up to 10m; the Go runtime collects at least every 2 minutes)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := c.check(stdin); err != nil {
		fmt.Fprintf(stderr, "cascade load: %v\n", err)
		return 2
	}
	todo := []string{c.scenario}
	if c.scenario == "all" {
		todo = loadScenarios
	}

	env, err := newLoadEnv(ctx, c, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "cascade load: setup: %v\n", err)
		return 1
	}
	failed := false
	for _, name := range todo {
		res, err := env.scenario(ctx, name)
		if err != nil {
			fmt.Fprintf(stderr, "cascade load: %s: %v\n", name, err)
			return 1
		}
		fmt.Fprintln(stdout, res.line())
		failed = failed || !res.ok()
	}
	if failed {
		fmt.Fprintln(stderr, "cascade load: messages were lost, duplicated, reordered or not recovered")
		return 1
	}
	return 0
}

func (c *loadConfig) check(stdin io.Reader) error {
	c.url = strings.TrimSuffix(c.url, "/")
	if !strings.HasPrefix(c.url, "http://") && !strings.HasPrefix(c.url, "https://") {
		return errors.New("-url must start with http:// or https://")
	}
	if c.origin == "" {
		c.origin = c.url
	}
	if c.lead == "" {
		return errors.New("-lead-pseudonym is required (a lead of an approved organisation; `cascade demo` prints one)")
	}
	if c.password == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no -lead-password and nothing on stdin")
		}
		c.password = strings.TrimRight(line, "\r\n")
	}
	switch c.scenario {
	case "all", "fanout", "rooms", "idle", "storm", "reconnect", "slow":
	default:
		return fmt.Errorf("unknown -scenario %q", c.scenario)
	}
	if c.perUser < 1 || c.perUser > 5 {
		return errors.New("-per-user must be 1 to 5 (the server allows 5 sockets per person)")
	}
	if c.subscribers < 1 || c.rooms < 1 || c.members < 1 || c.conns < 1 || c.rate <= 0 || c.duration <= 0 ||
		c.missed < 1 || c.bodyBytes < 24 || c.bodyBytes > 4000 || c.concurrency < 1 || c.reportEvery <= 0 ||
		c.settle < 0 || c.settle > 10*time.Minute {
		return errors.New("sizes must be positive; -body 24 to 4000; -settle 0 to 10m")
	}
	return nil
}
