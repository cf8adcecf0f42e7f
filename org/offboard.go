package org

import "context"

// Offboard deletes organisation id as its lead asks: every role in it, the accounts of
// members who belong to no other organisation and hold no staff role (OnlyHere: the
// caller erases what those accounts wrote first), and the organisation itself. What
// depends on it follows as on a change of status (the status hook: its open requests are
// withdrawn, pending proposals cancelled, running exchanges paused, and the other party
// keeps them), and its members' sockets in its rooms close. Errors: ErrNotFound, or the
// store's; doing it again finishes what an error left.
func (s *Service) Offboard(ctx context.Context, id string) error {
	e, err := s.entry(ctx, id)
	if err != nil {
		return err
	}
	e.write.Lock()
	defer e.write.Unlock()
	members := s.roles.Users(RoleMember, Domain(id))
	defer s.standingChanged(ctx, id, members...)
	s.mu.RLock()
	host := confirmedHostOf(e.org)
	s.mu.RUnlock()
	if host != "" {
		defer s.hostPeopleChanged(ctx, host) // its host's people leave its exchanges too
	}
	if err := s.removeLocked(ctx, id); err != nil {
		return err
	}
	if s.statusHook != nil {
		return s.statusHook(ctx, id)
	}
	return nil
}

// OnlyHere reports whether userID belongs to no organisation but id and holds no platform
// role beyond those every account or participant has: offboarding id deletes the account.
func (s *Service) OnlyHere(userID, id string) bool { return s.onlyHere(userID, id) }
