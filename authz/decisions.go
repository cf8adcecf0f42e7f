package authz

import "sync"

// decisions caches Allowed's answers for the assignments in force. Casbin evaluates its
// matcher for every question (tens of µs), and every chat send asks one: at 5,000 sends
// a second that was a sixth of the server's CPU. Every change and reload empties it.
type decisions struct {
	mu  sync.RWMutex
	gen uint64 // bumped by every change, so an answer computed before one is not kept
	m   map[question]bool
}

type question struct{ user, dom, obj, act, as string }

// maxDecisions bounds the cache; when full it starts over.
const maxDecisions = 100_000

func (d *decisions) get(q question) (allowed, ok bool, gen uint64) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	allowed, ok = d.m[q]
	return allowed, ok, d.gen
}

// put keeps an answer computed when the generation was gen, unless a change came since.
func (d *decisions) put(q question, allowed bool, gen uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen != d.gen {
		return
	}
	if d.m == nil || len(d.m) >= maxDecisions {
		d.m = make(map[question]bool)
	}
	d.m[q] = allowed
}

// forget drops every answer; call it after the assignments changed.
func (d *decisions) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	d.m = nil
}
