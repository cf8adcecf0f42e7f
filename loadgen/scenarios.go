package loadgen

import (
	"context"
	"math"
	"sync/atomic"
	"time"
)

// drainLimit bounds the wait for acks and deliveries after senders stop.
const drainLimit = 15 * time.Second

// fanout puts subs sockets in one room while a few of them send -rate messages a second.
// With slow, one more socket joins and then stops reading: the others must not notice.
func (e *loadEnv) fanout(ctx context.Context, subs int, slow bool) (*loadResult, error) {
	c := e.cfg
	name := "fanout"
	if slow {
		name = "slow"
	}
	senders := c.senders
	if senders == 0 {
		// 1.5 a second per account stays under the 100-a-minute limit for any duration.
		senders = int(math.Ceil(c.rate / 1.5))
	}
	senders = min(senders, subs)
	n := max(accountsFor(subs, c.perUser), senders)
	users, err := e.users(ctx, n+1) // +1: the slow consumer's own account
	if err != nil {
		return nil, err
	}
	e.rateBudget(c.rate/float64(senders), c.duration)
	specs := make([]connSpec, subs)
	for i, u := range assign(users[:n], subs) {
		specs[i].user = u
	}
	if slow {
		specs = append(specs, connSpec{user: users[n], hold: true})
	}
	return e.traffic1(ctx, name, specs, senders, c.rate, func(r *loadResult) {
		r.add("subscribers", subs)
		r.add("senders", senders)
	})
}

// roomsScenario runs -rooms rooms of -members sockets, every socket sending, -rate
// messages a second in all.
func (e *loadEnv) roomsScenario(ctx context.Context) (*loadResult, error) {
	c := e.cfg
	total := c.rooms * c.members
	users, err := e.users(ctx, accountsFor(total, c.perUser))
	if err != nil {
		return nil, err
	}
	e.rateBudget(c.rate/float64(total)*float64(min(c.perUser, total)), c.duration)
	specs := make([]connSpec, total)
	for i, u := range assign(users, total) {
		specs[i].user = u
	}
	e.logf("setup: opening %d rooms of %d", c.rooms, c.members)
	err = parallel(c.rooms, 4, func(r int) error {
		group := specs[r*c.members : (r+1)*c.members]
		var us []*loadUser
		for _, s := range group {
			us = append(us, s.user)
		}
		id, err := e.space(ctx, us)
		for i := range group {
			group[i].room = id
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return e.traffic1(ctx, "rooms", specs, total, c.rate, func(r *loadResult) {
		r.add("rooms", c.rooms)
		r.add("members", c.members)
	})
}

// traffic1 opens specs (in one room unless they name theirs), lets the first nsend
// sockets send rate messages a second for -duration, drains, and reports.
func (e *loadEnv) traffic1(ctx context.Context, name string, specs []connSpec, nsend int, rate float64, describe func(*loadResult)) (*loadResult, error) {
	c := e.cfg
	if specs[0].room == "" {
		var us []*loadUser
		for _, s := range specs {
			us = append(us, s.user)
		}
		room, err := e.space(ctx, us)
		if err != nil {
			return nil, err
		}
		for i := range specs {
			specs[i].room = room
		}
	}
	st := &loadStats{}
	var timing histogram
	before, err := sampleProc(c.pid)
	if err != nil {
		return nil, err
	}
	e.logf("setup: %s: opening %d sockets", name, len(specs))
	conns, err := e.dialAll(ctx, specs, st, &timing)
	if err != nil {
		return nil, err
	}
	defer closeAll(conns)
	// The joins' presence (one frame listing everyone, to everyone, a second later) is
	// not message traffic: it is over before the traffic and its measurement start.
	wait(ctx, c.settle)
	subs := conns
	var slow *lconn
	if specs[len(specs)-1].hold {
		subs, slow = conns[:len(conns)-1], conns[len(conns)-1]
	}
	opened, err := sampleProc(c.pid)
	if err != nil {
		return nil, err
	}
	e.logf("run: %s: %d senders, %.0f messages/s for %s", name, nsend, rate, c.duration)
	start := time.Now()
	e.traffic(ctx, name, st, conns[:nsend], rate, c.duration)
	drain(ctx, st, conns[:nsend], subs, drainLimit)
	elapsed := time.Since(start)
	after, err := sampleProc(c.pid)
	if err != nil {
		return nil, err
	}

	r := &loadResult{scenario: name}
	describe(r)
	r.add("duration_s", elapsed.Seconds())
	r.addTraffic(st, missing(subs, st), elapsed)
	if c.pid != 0 {
		r.add("cpu_s_per_100k", cpuPer100k(opened, after, st.deliveries.Load()))
		r.add("rss_per_conn_kb", kbPerConn(before, opened, len(conns)))
		r.add("rss_mb", float64(after.rss)/(1<<20))
	}
	if slow != nil {
		slow.resume()
		// Either the server dropped it (1013) or it can still read everything.
		drain(ctx, st, nil, []*lconn{slow}, drainLimit)
		r.add("slow_close_code", slow.closeCode())
		r.add("slow_missing", missing([]*lconn{slow}, st))
	}
	return r, nil
}

// idle opens -conns sockets that join one room and then only answer pings, and measures
// the server's resident memory per socket.
func (e *loadEnv) idle(ctx context.Context) (*loadResult, error) {
	r, conns, err := e.openMany(ctx, "idle")
	if err != nil {
		return nil, err
	}
	defer closeAll(conns)
	return r, nil
}

// storm opens -conns sockets as fast as -concurrency allows and reports the rate.
func (e *loadEnv) storm(ctx context.Context) (*loadResult, error) {
	r, conns, err := e.openMany(ctx, "storm")
	if err != nil {
		return nil, err
	}
	closeAll(conns)
	return r, nil
}

func (e *loadEnv) openMany(ctx context.Context, name string) (*loadResult, []*lconn, error) {
	c := e.cfg
	users, err := e.users(ctx, accountsFor(c.conns, c.perUser))
	if err != nil {
		return nil, nil, err
	}
	specs := make([]connSpec, c.conns)
	for i, u := range assign(users, c.conns) {
		specs[i].user = u
	}
	room, err := e.space(ctx, users)
	if err != nil {
		return nil, nil, err
	}
	for i := range specs {
		specs[i].room = room
	}
	before, err := sampleProc(c.pid)
	if err != nil {
		return nil, nil, err
	}
	rtBefore, err := sampleRuntime(ctx, e.acc.api)
	if err != nil {
		return nil, nil, err
	}
	st := &loadStats{}
	var timing histogram
	e.logf("run: %s: opening %d sockets, %d at a time", name, c.conns, c.concurrency)
	start := time.Now()
	conns, err := e.dialAll(ctx, specs, st, &timing)
	if err != nil {
		return nil, nil, err
	}
	elapsed := time.Since(start)
	r := &loadResult{scenario: name}
	r.add("conns", c.conns)
	r.add("open_s", elapsed.Seconds())
	r.add("conns_per_s", float64(c.conns)/elapsed.Seconds())
	r.add("connect_p50_ms", timing.ms(0.5))
	r.add("connect_p99_ms", timing.ms(0.99))
	r.add("connect_max_ms", float64(timing.max.Load())/1000)
	if name == "idle" {
		// Let the server finish the upgrades' garbage before reading its memory.
		wait(ctx, c.settle)
		rt, err := sampleRuntime(ctx, e.acc.api)
		if err != nil {
			closeAll(conns)
			return nil, nil, err
		}
		n := float64(c.conns)
		r.add("goroutines_per_conn", (rt.goroutines-rtBefore.goroutines)/n)
		r.add("heap_per_conn_kb", (rt.heapInuse-rtBefore.heapInuse)/1024/n)
		r.add("stack_per_conn_kb", (rt.stackInuse-rtBefore.stackInuse)/1024/n)
	}
	if c.pid != 0 {
		after, err := sampleProc(c.pid)
		if err != nil {
			closeAll(conns)
			return nil, nil, err
		}
		r.add("rss_before_mb", float64(before.rss)/(1<<20))
		r.add("rss_after_mb", float64(after.rss)/(1<<20))
		r.add("rss_per_conn_kb", kbPerConn(before, after, c.conns))
	}
	// Sockets that closed while open are failures too: nothing may be dropped at rest.
	var closed int64
	for _, lc := range conns {
		select {
		case <-lc.done:
			closed++
		default:
		}
	}
	r.add("closed", closed)
	r.faults += closed
	return r, conns, nil
}

// reconnect: -conns clients in one room see a first message, go away, -missed messages
// are sent, and all come back at once with their last seq. Each must get exactly the
// missed messages, in order.
func (e *loadEnv) reconnect(ctx context.Context) (*loadResult, error) {
	c := e.cfg
	n := accountsFor(c.conns, c.perUser)
	users, err := e.users(ctx, n+1) // the last one sends
	if err != nil {
		return nil, err
	}
	specs := make([]connSpec, c.conns+1)
	for i, u := range assign(users[:n], c.conns) {
		specs[i].user = u
	}
	specs[c.conns].user = users[n]
	room, err := e.space(ctx, users)
	if err != nil {
		return nil, err
	}
	for i := range specs {
		specs[i].room = room
	}
	st := &loadStats{}
	var timing histogram
	e.logf("setup: reconnect: opening %d sockets", len(specs))
	conns, err := e.dialAll(ctx, specs, st, &timing)
	if err != nil {
		return nil, err
	}
	clients, warm := conns[:c.conns], conns[c.conns]
	if err := warm.send(time.Now(), c.bodyBytes); err != nil {
		closeAll(conns)
		return nil, err
	}
	drain(ctx, st, []*lconn{warm}, clients, drainLimit)
	last := make([]int64, len(clients))
	for i, lc := range clients {
		last[i] = lc.lastSeq()
	}
	closeAll(conns)

	// A fresh sender whose stats hold only the missed messages; it keeps the room active.
	gap := &loadStats{}
	sender, err := dial(ctx, c, users[n], room, gap, false)
	if err != nil {
		return nil, err
	}
	defer closeAll([]*lconn{sender})
	if _, err := sender.join(ctx, -1); err != nil {
		return nil, err
	}
	e.logf("run: reconnect: sending %d messages while %d clients are away", c.missed, c.conns)
	for range c.missed {
		if err := sender.send(time.Now(), c.bodyBytes); err != nil {
			return nil, err
		}
	}
	drain(ctx, gap, []*lconn{sender}, nil, drainLimit)

	e.logf("run: reconnect: %d clients come back", c.conns)
	var recovery histogram
	back := make([]*lconn, len(clients))
	var reloads atomic.Int64
	var unrecovered int64
	start := time.Now()
	err = parallel(len(clients), c.concurrency, func(i int) error {
		t0 := time.Now()
		lc, err := dial(ctx, c, specs[i].user, room, gap, false)
		if err != nil {
			return err
		}
		back[i] = lc
		j, err := lc.join(ctx, last[i])
		if err != nil {
			return err
		}
		if j.Reload {
			reloads.Add(1)
			return nil
		}
		wait := time.NewTimer(drainLimit)
		defer wait.Stop()
		select {
		case <-lc.caughtUp:
			recovery.record(time.Since(t0))
		case <-wait.C:
		}
		return nil
	})
	all := time.Since(start)
	defer closeAll(back)
	if err != nil {
		return nil, err
	}
	drain(ctx, gap, nil, back, drainLimit)
	for _, lc := range back {
		lc.mu.Lock()
		if lc.replay > 0 {
			unrecovered++
		}
		lc.mu.Unlock()
	}
	r := &loadResult{scenario: "reconnect"}
	r.add("clients", c.conns)
	r.add("missed", c.missed)
	r.add("acked", gap.acked.Load())
	r.add("replayed", gap.replayed.Load())
	r.add("reloads", reloads.Load())
	r.add("unrecovered", unrecovered)
	r.add("recover_all_s", all.Seconds())
	r.add("recover_p50_ms", recovery.ms(0.5))
	r.add("recover_p99_ms", recovery.ms(0.99))
	r.addFaults(gap, missing(back, gap))
	r.faults += reloads.Load() + unrecovered
	return r, nil
}

// wait returns after d or once ctx ends.
func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
