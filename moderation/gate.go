package moderation

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// Gate is chat's gate (chat.Gate): it refuses the frames of banned and muted people,
// writes to locked rooms, and sends faster than a room's slow mode. It holds the room
// controls in memory; the Service changes them and reads them again from the store at
// every sweep, so that a change made on another instance takes effect here.
type Gate struct {
	roles  Roles
	access Access
	now    func() time.Time

	mu       sync.Mutex
	controls map[string]Control      // rooms with a lock or slow mode, by room id
	lastSend map[[2]string]time.Time // (room, user) of sends under slow mode, on this instance
}

// NewGate returns a gate that reads mutes and bans from roles and asks access who
// moderates a room; now may be nil (time.Now).
func NewGate(roles Roles, access Access, now func() time.Time) *Gate {
	if now == nil {
		now = time.Now
	}
	return &Gate{roles: roles, access: access, now: now, controls: map[string]Control{}, lastSend: map[[2]string]time.Time{}}
}

// Refuse returns the code for a frame that moderation refuses, or "" to leave the
// decision to the role policy. Banned people may not read or write; muted people and
// everyone in a locked room may not write; under slow mode a member other than the
// room's owners and moderators sends at most once per interval (counted on this
// instance).
func (g *Gate) Refuse(userID, room, frame string) string {
	roles := g.roles.Roles(userID, Domain(room))
	if slices.Contains(roles, roleBanned) {
		return chat.CodeBanned
	}
	if frame != "send" && frame != "edit" && frame != "delete" {
		return ""
	}
	if slices.Contains(roles, roleMuted) {
		return chat.CodeMuted
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	c := g.controls[room]
	if c.Locked {
		return chat.CodeRoomLocked
	}
	if c.SlowSeconds == 0 || frame != "send" {
		return ""
	}
	if ok, err := g.access.Allowed(userID, Domain(room), "room", "moderate"); err == nil && ok {
		return ""
	}
	now, key := g.now(), [2]string{room, userID}
	if last, ok := g.lastSend[key]; ok && now.Sub(last) < time.Duration(c.SlowSeconds)*time.Second {
		return chat.CodeSlowMode
	}
	g.lastSend[key] = now
	return ""
}

// Control returns a room's lock and slow mode.
func (g *Gate) Control(room string) Control {
	g.mu.Lock()
	defer g.mu.Unlock()
	c := g.controls[room]
	c.Room = room
	return c
}

// set keeps c in memory.
func (g *Gate) set(c Control) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.setLocked(c)
}

func (g *Gate) setLocked(c Control) {
	if !c.Locked && c.SlowSeconds == 0 {
		delete(g.controls, c.Room)
		for k := range g.lastSend {
			if k[0] == c.Room {
				delete(g.lastSend, k)
			}
		}
		return
	}
	g.controls[c.Room] = c
}

// load replaces the controls in memory with the stored ones.
func (g *Gate) load(ctx context.Context, st Store) error {
	list, err := st.Controls(ctx)
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	seen := map[string]bool{}
	for _, c := range list {
		seen[c.Room] = true
		g.setLocked(c)
	}
	for room := range g.controls {
		if !seen[room] {
			g.setLocked(Control{Room: room})
		}
	}
	return nil
}

// Sweep lifts the mutes that have run out (one instance lifts each: the one whose
// delete of the sanction succeeds; every instance then sees the role gone) and reads
// the room controls again.
func (s *Service) Sweep(ctx context.Context) error {
	list, err := s.st.DueSanctions(ctx, s.now())
	if err != nil {
		return err
	}
	for _, sn := range list {
		mine, err := s.st.DeleteSanction(ctx, sn.ID, sn.Until)
		if err != nil {
			return err
		}
		if !mine {
			continue
		}
		if err := s.roles.Revoke(sn.User, sn.Role, Domain(sn.Room)); err != nil {
			return err
		}
		s.announce(ctx, sn.Room, chat.ServerFrame{Type: "moderation", Room: sn.Room, User: sn.User, Action: KindUnmute, Reason: string(sn.Reason)})
		if err := s.tell(ctx, Notice{User: sn.User, Room: sn.Room, Action: AuditMuteLifted, Reason: sn.Reason}); err != nil {
			return err
		}
		if err := s.Record(ctx, Entry{Actor: System, Action: AuditMuteLifted, Target: "user:" + sn.User + "@room:" + sn.Room, Reason: string(sn.Reason)}); err != nil {
			return err
		}
	}
	return s.gate.load(ctx, s.st)
}

// RunSweeper sweeps at every tick until ctx ends.
func (s *Service) RunSweeper(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			if err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("moderation: sweep", "err", err)
			}
		}
	}
}
