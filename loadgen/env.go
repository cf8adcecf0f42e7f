package loadgen

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// loadEnv is one run of the tool: its settings, its accounts and where it reports.
type loadEnv struct {
	cfg    loadConfig
	acc    *loadAccounts
	out    io.Writer
	spaces atomic.Int64 // numbers room titles
}

func newLoadEnv(ctx context.Context, c loadConfig, out io.Writer) (*loadEnv, error) {
	acc, err := newLoadAccounts(ctx, newLoadAPI(c), c)
	if err != nil {
		return nil, err
	}
	return &loadEnv{cfg: c, acc: acc, out: out}, nil
}

func (e *loadEnv) scenario(ctx context.Context, name string) (*loadResult, error) {
	c := e.cfg
	switch name {
	case "fanout":
		return e.fanout(ctx, c.subscribers, false)
	case "slow":
		return e.fanout(ctx, c.subscribers, true)
	case "rooms":
		return e.roomsScenario(ctx)
	case "idle":
		return e.idle(ctx)
	case "storm":
		return e.storm(ctx)
	case "reconnect":
		return e.reconnect(ctx)
	}
	return nil, fmt.Errorf("unknown scenario %q", name)
}

func (e *loadEnv) logf(format string, args ...any) {
	fmt.Fprintf(e.out, format+"\n", args...)
}

// users returns n load accounts, creating the missing ones (which takes a while).
func (e *loadEnv) users(ctx context.Context, n int) ([]*loadUser, error) {
	if missing := n - len(e.acc.users); missing > 0 {
		e.logf("setup: creating %d accounts (one argon2id hash each on the server)", missing)
	}
	start := time.Now()
	us, err := e.acc.ensure(ctx, n)
	if d := time.Since(start); err == nil && d > time.Second {
		e.logf("setup: accounts ready in %.1fs", d.Seconds())
	}
	return us, err
}

// space opens a room that users join (through the API).
func (e *loadEnv) space(ctx context.Context, users []*loadUser) (string, error) {
	title := fmt.Sprintf("load %s room %d", e.cfg.run, e.spaces.Add(1))
	return e.acc.space(ctx, title, distinct(users))
}

func distinct(users []*loadUser) []*loadUser {
	seen := map[*loadUser]bool{}
	var out []*loadUser
	for _, u := range users {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// parallel runs f(0..n-1) on at most workers goroutines and returns the first error;
// after an error no new calls start.
func parallel(n, workers int, f func(i int) error) error {
	var next atomic.Int64
	var once sync.Once
	var first error
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return first
}

// connSpec is one socket to open: whose, in which room.
type connSpec struct {
	user *loadUser
	room string
	hold bool // the reader stops after the join (a slow consumer)
}

// dialAll opens and joins (live) every socket, at most -concurrency at a time, timing
// each from dial to joined. On an error it closes what it opened.
func (e *loadEnv) dialAll(ctx context.Context, specs []connSpec, st *loadStats, timing *histogram) ([]*lconn, error) {
	conns := make([]*lconn, len(specs))
	err := parallel(len(specs), e.cfg.concurrency, func(i int) error {
		start := time.Now()
		lc, err := dial(ctx, e.cfg, specs[i].user, specs[i].room, st, specs[i].hold)
		if err != nil {
			return err
		}
		conns[i] = lc
		if _, err := lc.join(ctx, -1); err != nil {
			return err
		}
		timing.record(time.Since(start))
		return nil
	})
	if err != nil {
		closeAll(conns)
		return nil, err
	}
	return conns, nil
}

// closeAll closes sockets concurrently and waits until each reader has ended.
func closeAll(conns []*lconn) {
	_ = parallel(len(conns), 256, func(i int) error {
		if conns[i] != nil {
			conns[i].resume()
			conns[i].close()
		}
		return nil
	})
}

// assign spreads n sockets over users, at most perUser each, socket i to user i%len(users).
func assign(users []*loadUser, n int) []*loadUser {
	out := make([]*loadUser, n)
	for i := range out {
		out[i] = users[i%len(users)]
	}
	return out
}

// accountsFor is how many accounts n sockets need at perUser sockets each.
func accountsFor(n, perUser int) int { return (n + perUser - 1) / perUser }

// rateBudget warns when each account would send more than the server's per-user limit
// (100 a minute, with a burst of 100) lets through in d.
func (e *loadEnv) rateBudget(perAccount float64, d time.Duration) {
	allowed := 100 + 100*d.Minutes()
	if want := perAccount * d.Seconds(); want > allowed {
		e.logf("warning: %.0f messages per account in %s exceed the server's limit (%.0f); expect rate_limited errors", want, d, allowed)
	}
}

// traffic makes every sender send at rate/len(senders) per second for d, staggered so
// that the total is smooth, and prints progress every -report-every.
func (e *loadEnv) traffic(ctx context.Context, name string, st *loadStats, senders []*lconn, rate float64, d time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	every := time.Duration(float64(time.Second) * float64(len(senders)) / rate)
	stopProgress := e.progress(name, st)
	defer stopProgress()
	var wg sync.WaitGroup
	for i, lc := range senders {
		wg.Go(func() {
			// Stagger the first send so the senders do not fire together.
			first := time.NewTimer(every * time.Duration(i) / time.Duration(len(senders)))
			defer first.Stop()
			select {
			case <-ctx.Done():
				return
			case <-first.C:
			}
			tick := time.NewTicker(every)
			defer tick.Stop()
			for {
				if err := lc.send(time.Now(), e.cfg.bodyBytes); err != nil {
					st.errors.note("write_failed")
					return
				}
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		})
	}
	wg.Wait()
}

// progress prints the interval's rates and latencies until the returned func is called.
func (e *loadEnv) progress(name string, st *loadStats) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(e.cfg.reportEvery)
		defer tick.Stop()
		start := time.Now()
		lastAt, lastDel, lastAck := start, st.deliveries.Load(), st.acked.Load()
		lastLat, lastAckLat := st.latency.snapshot(), st.ackLatency.snapshot()
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				del, ack := st.deliveries.Load(), st.acked.Load()
				lat, ackLat := st.latency.snapshot(), st.ackLatency.snapshot()
				secs := now.Sub(lastAt).Seconds()
				e.logf("progress scenario=%s t=%.0fs deliveries_per_s=%.0f acked_per_s=%.0f p50_ms=%.3g p99_ms=%.3g ack_p99_ms=%.3g errors=%s",
					name, now.Sub(start).Seconds(), float64(del-lastDel)/secs, float64(ack-lastAck)/secs,
					quantile(lat, lastLat, 0.5), quantile(lat, lastLat, 0.99), quantile(ackLat, lastAckLat, 0.99), st.errors.String())
				lastAt, lastDel, lastAck, lastLat, lastAckLat = now, del, ack, lat, ackLat
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// drain waits (at most limit) until every send is acked or refused and every
// subscriber has received every acked message of its room.
func drain(ctx context.Context, st *loadStats, senders, subs []*lconn, limit time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if outstanding(senders) == 0 && missing(subs, st) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func outstanding(senders []*lconn) int {
	n := 0
	for _, lc := range senders {
		lc.mu.Lock()
		n += len(lc.pending)
		lc.mu.Unlock()
	}
	return n
}

// missing counts acked messages that a subscriber has not received: losses, once drained.
func missing(subs []*lconn, st *loadStats) int64 {
	var n int64
	for _, lc := range subs {
		seqs := st.ackedSeqs.of(lc.room)
		lc.mu.Lock()
		for _, s := range seqs {
			if !lc.seen.has(s) {
				n++
			}
		}
		lc.mu.Unlock()
	}
	return n
}

// cpuPer100k is server CPU seconds per 100,000 deliveries between two samples.
func cpuPer100k(before, after procSample, deliveries int64) float64 {
	if deliveries == 0 {
		return math.NaN()
	}
	return (after.cpu - before.cpu).Seconds() / float64(deliveries) * 1e5
}

// kbPerConn is the server's resident memory growth per socket, in KB.
func kbPerConn(before, after procSample, conns int) float64 {
	return float64(after.rss-before.rss) / 1024 / float64(conns)
}
