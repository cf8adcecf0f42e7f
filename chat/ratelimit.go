package chat

import (
	"sync"
	"time"
)

// limiter is a token bucket per user, shared by the user's connections: perMinute
// tokens, refilled continuously. Refusals are counted per minute so that a client that
// keeps pushing past the limit can be closed (1008) instead of answered forever.
type limiter struct {
	mu        sync.Mutex
	perMinute float64
	tokens    float64
	last      time.Time
	refused   int
	window    time.Time
}

func newLimiter(perMinute int, now time.Time) *limiter {
	return &limiter{perMinute: float64(perMinute), tokens: float64(perMinute), last: now, window: now}
}

// abuseRefusals is how many refusals within a minute count as persistent abuse.
const abuseRefusals = 50

// allow takes a token. It reports whether the frame may pass, and whether the user has
// been refused so often this minute that the connection should close.
func (l *limiter) allow(now time.Time) (ok, abuse bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens = min(l.perMinute, l.tokens+now.Sub(l.last).Minutes()*l.perMinute)
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return true, false
	}
	if now.Sub(l.window) > time.Minute {
		l.window, l.refused = now, 0
	}
	l.refused++
	return false, l.refused >= abuseRefusals
}
