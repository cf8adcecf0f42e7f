package web

import (
	"sync"
	"time"

	"github.com/cascade-platform/cascade/account"
)

// ApplicationLimits bound how many applications (POST /api/v1/applications) are taken
// per hour from one client address and from everyone together; 0 is no limit. Each
// attempt counts, whatever its answer: a refused one still tells whether a pseudonym is
// taken, and a successful one creates an account.
type ApplicationLimits struct {
	PerAddress int
	Total      int
}

// maxBuckets bounds the addresses remembered; past it, full buckets are forgotten first.
const maxBuckets = 100_000

// rateLimit is a bucket per client address plus one for everyone, each holding up to its
// hourly number of attempts and refilled evenly over the hour; an attempt needs room in
// both. A bucket is kept as the time at which it would be full again (the generic cell
// rate algorithm), so it is exact in whole nanoseconds.
type rateLimit struct {
	perAddress, total bucketRate
	now               func() time.Time

	mu     sync.Mutex
	all    time.Time // when everyone's bucket is full again
	byAddr map[string]time.Time
}

// bucketRate is n attempts an hour: one every interval, at most n at once.
type bucketRate struct {
	n        int
	interval time.Duration
}

func rate(perHour int) bucketRate {
	if perHour <= 0 {
		return bucketRate{}
	}
	return bucketRate{n: perHour, interval: time.Hour / time.Duration(perHour)}
}

// wait is how long an attempt at now must wait on a bucket full again at full (0: none),
// and when it would be full again after the attempt.
func (r bucketRate) wait(full, now time.Time) (time.Duration, time.Time) {
	if r.n == 0 {
		return 0, full
	}
	if full.Before(now) {
		full = now
	}
	full = full.Add(r.interval)
	if over := full.Sub(now) - time.Duration(r.n)*r.interval; over > 0 {
		return over, full
	}
	return 0, full
}

func newRateLimit(l ApplicationLimits, now func() time.Time) *rateLimit {
	return &rateLimit{perAddress: rate(l.PerAddress), total: rate(l.Total), now: now, byAddr: map[string]time.Time{}}
}

// take counts an attempt from addr, or counts nothing and returns a
// *account.ThrottledError saying when to try again.
func (r *rateLimit) take(addr string) error {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	own, ownFull := r.perAddress.wait(r.byAddr[addr], now)
	all, allFull := r.total.wait(r.all, now)
	if w := max(own, all); w > 0 {
		return &account.ThrottledError{RetryAfter: w}
	}
	if r.perAddress.n > 0 {
		r.makeRoom(now)
		r.byAddr[addr] = ownFull
	}
	r.all = allFull
	return nil
}

// makeRoom forgets the buckets that are full again (they hold nothing a new one would
// not) once the map is at maxBuckets, and if none is, any one.
func (r *rateLimit) makeRoom(now time.Time) {
	if len(r.byAddr) < maxBuckets {
		return
	}
	for k, full := range r.byAddr {
		if !full.After(now) {
			delete(r.byAddr, k)
		}
	}
	for k := range r.byAddr {
		if len(r.byAddr) < maxBuckets {
			break
		}
		delete(r.byAddr, k)
	}
}
