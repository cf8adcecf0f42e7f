package chat

import (
	"crypto/rand"
	"maps"
	"slices"
	"time"
)

// Presence is what one activation of a room (the room loaded on one instance, from its
// first member to its retirement) tells the other instances through the Broker: who has
// a socket in the room there. A user is online in a room while any activation lists them.
//
// Each Presence is the whole set and replaces the last one from the same From; an empty
// set withdraws it. Whole sets rather than changes, because core NATS is at most once
// and instances publish independently: a lost or reordered set is mended by the next one,
// where a lost change would stand until the next announcement. A set costs a few bytes
// per user, and goes out at most once per PresenceEvery, per room and instance.
//
// From names the activation, not the instance: a room that retires and loads again here
// gets a new From, so a late goodbye of the old activation cannot erase the users of the
// new one elsewhere.
type Presence struct {
	From  string   `json:"from"`
	Users []string `json:"users,omitempty"`
	// Query asks every other activation of the room to announce its set soon: From has
	// just subscribed, or its broker may have lost events.
	Query bool `json:"query,omitempty"`
}

// missedAnnouncements is how many PresenceAnnounce periods an activation may stay silent
// before its users are dropped: it died, or lost its broker, without a goodbye.
const missedAnnouncements = 3

// presenceState is what a room knows about presence beyond its own members (room.users).
// Changes, local or remote, go out together at most once per PresenceEvery: to the other
// instances as this activation's set, to the members as one presence frame with the net
// change of the union. So N people (re)connecting cost each member a few frames, not N,
// and each instance a few broker events per room, not N. Guarded by room.mu.
type presenceState struct {
	id        string             // this activation's From
	published []string           // room.users as last published, sorted
	announce  bool               // publish the set at the next flush, changed or not
	query     bool               // ask the others at the next flush
	peers     map[string]peerSet // the other activations' users, by From
	shown     map[string]bool    // the union, as the members were last told it
	armed     bool               // a flush is scheduled
	last      time.Time          // of the last flush
	tick      *time.Timer        // announces and expires every PresenceAnnounce
	stopped   bool               // the room retired: the tick ends
}

// peerSet is another activation's users and when it last said so.
type peerSet struct {
	users []string
	heard time.Time
}

func newPresenceState() presenceState {
	return presenceState{id: rand.Text(), peers: make(map[string]peerSet), shown: make(map[string]bool)}
}

// startPresence asks the others for their sets once the room is subscribed, and starts
// the announcements.
func (r *room) startPresence() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pres.tick = time.AfterFunc(r.hub.cfg.PresenceAnnounce, r.presenceTick)
	r.queryPresence()
}

// stopPresence ends the announcements when the room retires. A flush already scheduled
// still runs: it tells the others that this activation has nobody left.
func (r *room) stopPresence() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pres.stopped = true
	r.pres.tick.Stop()
}

// queryPresence asks the other activations for their sets. Caller holds r.mu.
func (r *room) queryPresence() {
	r.pres.query = true
	r.schedulePresence(0)
}

// localPresence notes that a user's first connection joined the room, or the last one
// left it. Waiting a whole window lets a burst of joins (and a join undone within it) go
// out as one change. Caller holds r.mu.
func (r *room) localPresence() {
	r.schedulePresence(r.hub.cfg.PresenceEvery)
}

// hearPresence takes a set from the broker. Another activation's set has already waited
// for its window there, so it is shown as soon as this room's window allows. Caller
// holds r.mu.
func (r *room) hearPresence(in *Presence) {
	p := &r.pres
	if in.From == p.id {
		return // our own, delivered back
	}
	if len(in.Users) == 0 {
		delete(p.peers, in.From)
	} else {
		p.peers[in.From] = peerSet{users: in.Users, heard: time.Now()}
	}
	// Queries are answered with the next flush, so several at once get one answer.
	if in.Query && len(r.users) > 0 {
		p.announce = true
	}
	r.schedulePresence(0)
}

// presenceTick announces this activation's set, so that others keep it, and drops the
// sets of activations that stopped announcing theirs.
func (r *room) presenceTick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := &r.pres
	if p.stopped {
		return
	}
	every := r.hub.cfg.PresenceAnnounce
	p.tick.Reset(every)
	stale := time.Now().Add(-missedAnnouncements * every)
	expired := false
	for from, s := range p.peers {
		if s.heard.Before(stale) {
			delete(p.peers, from)
			expired = true
		}
	}
	if len(r.users) > 0 {
		p.announce = true
	}
	if p.announce || expired {
		r.schedulePresence(0)
	}
}

// schedulePresence arms a flush after wait, but never sooner than a window after the
// last one. Caller holds r.mu.
func (r *room) schedulePresence(wait time.Duration) {
	p := &r.pres
	if p.armed {
		return // the flush takes whatever changed until it runs
	}
	p.armed = true
	wait = max(wait, time.Until(p.last.Add(r.hub.cfg.PresenceEvery)))
	// Callers run while the hub counts them: a member's reader, or a broker delivery or
	// the tick, both of which end before the room's goroutine does. Close waits for the
	// flush, which also tells other instances who left.
	r.hub.wg.Add(1)
	time.AfterFunc(wait, r.flushPresence)
}

// flushPresence publishes this activation's set if it changed (or was asked for), and
// shows the members what changed in the union.
func (r *room) flushPresence() {
	defer r.hub.wg.Done()
	r.mu.Lock()
	p := &r.pres
	p.armed, p.last = false, time.Now()
	var out *Presence
	if mine := slices.Sorted(maps.Keys(r.users)); p.query || p.announce || !slices.Equal(mine, p.published) {
		out = &Presence{From: p.id, Users: mine, Query: p.query}
		p.published, p.query, p.announce = mine, false, false
	}
	r.showPresence()
	r.mu.Unlock()
	// Outside r.mu: the broker may deliver to this room at once.
	if out == nil {
		return
	}
	if err := r.hub.broker.Publish(r.hub.ctx, Event{Room: r.id, Presence: out}); err != nil {
		// A lost set is mended by the next announcement, or the query after a reconnect.
		r.hub.log.Warn("chat: publish presence", "room", r.id, "err", err)
	}
}

// showPresence sends the members one presence frame with who came online and who went
// offline in the union since they were last told. Caller holds r.mu.
func (r *room) showPresence() {
	p := &r.pres
	now := r.online()
	f := ServerFrame{Type: "presence", Room: r.id}
	for u := range now {
		if !p.shown[u] {
			f.Online = append(f.Online, u)
		}
	}
	for u := range p.shown {
		if !now[u] {
			f.Offline = append(f.Offline, u)
		}
	}
	p.shown = now
	if len(f.Online) == 0 && len(f.Offline) == 0 {
		return
	}
	slices.Sort(f.Online)
	slices.Sort(f.Offline)
	frame := wsFrame(f)
	for c := range r.members {
		c.enqueue(frame)
	}
}

// online is the union of this room's users and those of every other activation known.
// Caller holds r.mu.
func (r *room) online() map[string]bool {
	users := make(map[string]bool, len(r.users))
	for u := range r.users {
		users[u] = true
	}
	for _, s := range r.pres.peers {
		for _, u := range s.users {
			users[u] = true
		}
	}
	return users
}

// present lists the users online in the room on any instance this room has heard from,
// plus userID, for the snapshot in joined. Caller holds r.mu.
func (r *room) present(userID string) []string {
	users := r.online()
	users[userID] = true
	return slices.Sorted(maps.Keys(users))
}
