package chat

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// presenceBatch holds a room's presence changes until its next presence frame, so that
// N people (re)connecting cost each member a few frames rather than N: when 1,000
// reconnect at once, one frame per window lists them all instead of 1,000² frames.
type presenceBatch struct {
	mu      sync.Mutex
	pending map[string]bool // user → online: net changes since the last frame
	armed   bool            // a flush is scheduled
}

// presence records that userID's first connection joined the room (online) or its last
// one left it; the change goes out with the others of the same window.
func (r *room) presence(userID string, online bool) {
	p := &r.pres
	p.mu.Lock()
	defer p.mu.Unlock()
	if was, ok := p.pending[userID]; ok && was != online {
		delete(p.pending, userID) // back to what the room was last told
	} else {
		if p.pending == nil {
			p.pending = make(map[string]bool)
		}
		p.pending[userID] = online
	}
	if p.armed || len(p.pending) == 0 {
		return
	}
	p.armed = true
	// The caller is a connection the hub counts, so the hub's WaitGroup is not at zero
	// here; Close waits for the flush, which also tells other instances.
	r.hub.wg.Add(1)
	time.AfterFunc(r.hub.cfg.PresenceEvery, r.flushPresence)
}

// flushPresence publishes the batch as one frame: who came online, who went offline.
func (r *room) flushPresence() {
	defer r.hub.wg.Done()
	p := &r.pres
	p.mu.Lock()
	batch := p.pending
	p.pending, p.armed = nil, false
	p.mu.Unlock()
	f := ServerFrame{Type: "presence", Room: r.id}
	for _, u := range slices.Sorted(maps.Keys(batch)) {
		if batch[u] {
			f.Online = append(f.Online, u)
		} else {
			f.Offline = append(f.Offline, u)
		}
	}
	if len(batch) > 0 {
		r.publishFrame(r.hub.ctx, f)
	}
}

// present lists the users with a connection in the room on this process, plus userID,
// for the snapshot in joined. Caller holds r.mu.
func (r *room) present(userID string) []string {
	users := slices.Collect(maps.Keys(r.users))
	if r.users[userID] == 0 {
		users = append(users, userID)
	}
	slices.Sort(users)
	return users
}
