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

// rateLimit is a token bucket per client address plus one for everyone: each holds up to
// a burst of tokens, refilled evenly over the hour, and an attempt takes one from both.
type rateLimit struct {
	perAddress, total float64 // tokens per hour, and each bucket's size
	now               func() time.Time

	mu     sync.Mutex
	all    bucket
	byAddr map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

func newRateLimit(l ApplicationLimits, now func() time.Time) *rateLimit {
	r := &rateLimit{perAddress: float64(l.PerAddress), total: float64(l.Total), now: now, byAddr: map[string]*bucket{}}
	r.all = bucket{tokens: r.total, at: now()}
	return r
}

// take spends a token of addr's bucket and of the shared one, or spends none and returns
// a *account.ThrottledError saying when to try again.
func (r *rateLimit) take(addr string) error {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	var own *bucket
	if r.perAddress > 0 {
		own = r.byAddr[addr]
		if own == nil {
			r.makeRoom(now)
			own = &bucket{tokens: r.perAddress, at: now}
			r.byAddr[addr] = own
		}
		own.refill(now, r.perAddress)
	}
	if r.total > 0 {
		r.all.refill(now, r.total)
	}
	var wait time.Duration
	if own != nil && own.tokens < 1 {
		wait = max(wait, untilToken(own.tokens, r.perAddress))
	}
	if r.total > 0 && r.all.tokens < 1 {
		wait = max(wait, untilToken(r.all.tokens, r.total))
	}
	if wait > 0 {
		return &account.ThrottledError{RetryAfter: wait}
	}
	if own != nil {
		own.tokens--
	}
	if r.total > 0 {
		r.all.tokens--
	}
	return nil
}

// refill adds the tokens earned since b.at, up to size (size per hour).
func (b *bucket) refill(now time.Time, size float64) {
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(size, b.tokens+size*d.Hours())
		b.at = now
	}
}

// untilToken is how long a bucket with tokens (< 1) takes to earn a whole one.
func untilToken(tokens, perHour float64) time.Duration {
	return time.Duration((1 - tokens) / perHour * float64(time.Hour))
}

// makeRoom forgets the buckets that are full again (they hold nothing a new bucket would
// not) once the map is at maxBuckets, and if none is, one at random.
func (r *rateLimit) makeRoom(now time.Time) {
	if len(r.byAddr) < maxBuckets {
		return
	}
	for k, b := range r.byAddr {
		if b.tokens+r.perAddress*now.Sub(b.at).Hours() >= r.perAddress {
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
