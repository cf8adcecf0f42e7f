package account

import (
	"sync"
	"time"
)

// Brute-force back-off: after freeAttempts failures on one pseudonym key, each further
// failure doubles the pause before the next attempt (1 s, 2 s, 4 s …) up to maxBackoff.
// The cap is what keeps an attacker from locking the owner out for long. One client
// address gets addressFreeAttempts failures, over any names, before the same back-off:
// enough for a shared office connection, too few to spray guesses over many names.
const (
	freeAttempts        = 10
	addressFreeAttempts = 30
	firstBackoff        = time.Second
	maxBackoff          = 15 * time.Minute
	forgetAfter         = time.Hour // a key with no failure for this long starts again from zero
	maxThrottled        = 100_000   // bound on keys held in memory
	evictionProbe       = 8
)

// throttle counts failed logins per key: per pseudonym key, known or not, so that the
// answers for unknown pseudonyms are the same as for real ones; or per client address.
type throttle struct {
	free int // failures before the first pause
	// keepOnSuccess: a success does not forget the failures. A client address's count
	// must survive the attacker's own successful logins between guesses.
	keepOnSuccess bool

	mu        sync.Mutex
	entries   map[string]*throttleEntry
	lastSweep time.Time
}

type throttleEntry struct {
	failures    int
	inFlight    int
	lastFailure time.Time // or when the entry was made
	until       time.Time // no attempt before this
}

// newThrottle counts per pseudonym key.
func newThrottle() *throttle {
	return &throttle{free: freeAttempts, entries: make(map[string]*throttleEntry)}
}

// newAddressThrottle counts per client address.
func newAddressThrottle() *throttle {
	return &throttle{free: addressFreeAttempts, keepOnSuccess: true, entries: make(map[string]*throttleEntry)}
}

// begin asks to run one attempt for key at now. It returns 0 and counts the attempt as in
// flight, or the pause to wait. Once the free attempts are used up only one attempt runs
// at a time, so many parallel guesses cannot all slip in before the first failure counts.
func (t *throttle) begin(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[key]
	if ok && e.inFlight == 0 && now.Sub(e.lastFailure) >= forgetAfter {
		delete(t.entries, key)
		ok = false
	}
	if !ok {
		if len(t.entries) >= maxThrottled {
			t.makeRoom(now)
		}
		e = &throttleEntry{lastFailure: now}
		t.entries[key] = e
	}
	if now.Before(e.until) {
		return e.until.Sub(now)
	}
	if e.inFlight > 0 && e.failures+e.inFlight >= t.free {
		return firstBackoff
	}
	e.inFlight++
	return 0
}

// end records how an attempt started by begin went: success forgets the key (the owner got
// in) unless keepOnSuccess; failure sets the next pause.
func (t *throttle) end(key string, now time.Time, success bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[key]
	if !ok { // evicted meanwhile: count from scratch
		if success {
			return
		}
		e = &throttleEntry{inFlight: 1}
		t.entries[key] = e
	}
	e.inFlight--
	if success && t.keepOnSuccess {
		return
	}
	if success {
		e.failures, e.until = 0, time.Time{}
		if e.inFlight == 0 {
			delete(t.entries, key)
		}
		return
	}
	e.failures++
	e.lastFailure = now
	if over := e.failures - t.free; over >= 0 {
		d := maxBackoff
		if over < 20 { // 2^20 s is far past the cap; avoids overflow
			d = min(firstBackoff<<over, maxBackoff)
		}
		e.until = now.Add(d)
	}
}

// abandon ends an attempt started by begin that never got to check a password (the
// caller went away, the store failed): it counts neither way.
func (t *throttle) abandon(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.entries[key]; ok && e.inFlight > 0 {
		e.inFlight--
	}
}

// reset clears key's failures: the owner proved who they are another way.
func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.entries[key]; ok {
		if e.inFlight == 0 {
			delete(t.entries, key)
		} else {
			e.failures, e.until = 0, time.Time{}
		}
	}
}

// makeRoom drops stale keys (at most once a minute, since it scans the map) and, if the
// map is still full, the least-failed of a few random keys. Dropping a key can only make
// the limiter more lenient for it, never lock anyone out.
func (t *throttle) makeRoom(now time.Time) {
	if now.Sub(t.lastSweep) >= time.Minute {
		t.lastSweep = now
		for k, e := range t.entries {
			if e.inFlight == 0 && now.Sub(e.lastFailure) >= forgetAfter {
				delete(t.entries, k)
			}
		}
	}
	if len(t.entries) < maxThrottled {
		return
	}
	victim, fewest, n := "", int(^uint(0)>>1), 0
	for k, e := range t.entries { // map order is random: this samples
		if e.failures < fewest {
			victim, fewest = k, e.failures
		}
		if n++; n == evictionProbe {
			break
		}
	}
	delete(t.entries, victim)
}
