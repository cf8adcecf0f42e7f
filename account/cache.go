package account

import (
	"sync"
	"time"
)

// defaultCacheSize bounds the session cache; a session pushed out is only reloaded from
// the database on its next request, never logged out.
const defaultCacheSize = 100_000

// sessionCache keeps live sessions by token hash so Authenticate needs no query (every
// FerretDB query scans the whole table).
type sessionCache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
	max     int
	// gen counts drops. A lookup that missed reads gen before going to the database and
	// caches its result only if gen has not moved, so a session revoked meanwhile is not
	// brought back into the cache.
	gen uint64
}

type cacheEntry struct {
	rec     SessionRecord // rec.LastSeen is the true last use
	user    User
	written time.Time // the LastSeen the database holds
}

func newSessionCache(max int) *sessionCache {
	return &sessionCache{entries: make(map[string]*cacheEntry), max: max}
}

// generation returns the drop counter; see gen.
func (c *sessionCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// get returns a copy of the entry for hash and, when it is live, moves its LastSeen to now;
// write says the database copy is older than touchInterval and should be written. A live
// entry is one expired says is not expired at now; an expired one is removed.
func (c *sessionCache) get(hash string, now time.Time, expired func(SessionRecord, time.Time) bool) (e cacheEntry, ok, write bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.entries[hash]
	if !ok {
		return cacheEntry{}, false, false
	}
	if expired(p.rec, now) {
		delete(c.entries, hash)
		return *p, false, false
	}
	p.rec.LastSeen = now
	if now.Sub(p.written) >= touchInterval {
		p.written = now // claimed here so concurrent requests do not all write
		write = true
	}
	return *p, true, write
}

// put caches e under hash unless a drop happened since gen was read. When full it removes
// expired entries, then arbitrary ones.
func (c *sessionCache) put(hash string, e cacheEntry, gen uint64, now time.Time, expired func(SessionRecord, time.Time) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if _, ok := c.entries[hash]; !ok && len(c.entries) >= c.max {
		for k, p := range c.entries {
			if expired(p.rec, now) {
				delete(c.entries, k)
			}
		}
		for k := range c.entries { // random order
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[hash] = &e
}

// drop removes one session.
func (c *sessionCache) drop(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.entries, hash)
}

// dropUser removes every session of userID. It scans the cache; it runs only on
// revoke-all, password reset, disable and delete.
func (c *sessionCache) dropUser(userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for k, p := range c.entries {
		if p.rec.UserID == userID {
			delete(c.entries, k)
		}
	}
}

// lastSeen returns the in-memory LastSeen of a cached session, newer than the stored one.
func (c *sessionCache) lastSeen(hash string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.entries[hash]; ok {
		return p.rec.LastSeen, true
	}
	return time.Time{}, false
}
