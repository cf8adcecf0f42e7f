package moderation

import (
	"context"
	"slices"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// Refuse is chat's gate (chat.Gate): the code for a frame that moderation refuses, or
// "" to leave the decision to the role policy. Banned people may not read or write;
// muted people and everyone in a locked room may not write; under slow mode a member
// other than the room's owners and moderators sends at most once per interval (counted
// on this instance).
func (s *Service) Refuse(userID, room, frame string) string {
	roles := s.roles.Roles(userID, Domain(room))
	if slices.Contains(roles, roleBanned) {
		return chat.CodeBanned
	}
	if frame != "send" && frame != "edit" && frame != "delete" {
		return ""
	}
	if slices.Contains(roles, roleMuted) {
		return chat.CodeMuted
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.controls[room]
	if c.Locked {
		return chat.CodeRoomLocked
	}
	if c.SlowSeconds == 0 || frame != "send" {
		return ""
	}
	if ok, err := s.roles.Allowed(userID, Domain(room), "room", "moderate"); err == nil && ok {
		return ""
	}
	now, key := s.now(), [2]string{room, userID}
	if last, ok := s.lastSend[key]; ok && now.Sub(last) < time.Duration(c.SlowSeconds)*time.Second {
		return chat.CodeSlowMode
	}
	s.lastSend[key] = now
	return ""
}

// Controls returns a room's lock and slow mode.
func (s *Service) Controls(room string) Control {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.controls[room]
	c.Room = room
	return c
}

// setControl keeps c in memory; the caller holds s.mu.
func (s *Service) setControl(c Control) {
	if !c.Locked && c.SlowSeconds == 0 {
		delete(s.controls, c.Room)
		for k := range s.lastSend {
			if k[0] == c.Room {
				delete(s.lastSend, k)
			}
		}
		return
	}
	s.controls[c.Room] = c
}

// loadControls reads every room's controls from the store: those changed on other
// instances take effect here.
func (s *Service) loadControls(ctx context.Context) error {
	list, err := s.st.Controls(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	if s.controls == nil {
		s.controls = map[string]Control{}
	}
	for _, c := range list {
		seen[c.Room] = true
		s.setControl(c)
	}
	for room := range s.controls {
		if !seen[room] {
			s.setControl(Control{Room: room})
		}
	}
	return nil
}

// Sweep lifts the mutes that have run out (one instance lifts each: the one whose
// delete of the sanction succeeds; every instance then sees the role gone) and reads
// the room controls again.
func (s *Service) Sweep(ctx context.Context) error {
	list, err := s.st.Sanctions(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	for _, sn := range list {
		if sn.Until.After(now) {
			continue
		}
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
	return s.loadControls(ctx)
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
