package rooms

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// closedRetentionDays is the retention a closed space takes: the message sweeper then
// deletes what it holds within a day.
const closedRetentionDays = 1

// leaveSpace takes userID out of space r. An owner who leaves stops owning it; when the
// last owner leaves, the longest-standing member takes it over, and with nobody left the
// space closes (see close).
func (s *Service) leaveSpace(ctx context.Context, r Room, userID string) error {
	// One leave at a time, so that two owners leaving together cannot both find the other
	// still there, nor both hand the space over.
	s.leaveMu.Lock()
	defer s.leaveMu.Unlock()
	dom := Domain(r.ID)
	owned := slices.Contains(s.roles.Roles(userID, dom), RoleOwner)
	if owned {
		if err := s.roles.Revoke(userID, RoleOwner, dom); err != nil {
			return err
		}
	}
	if err := s.revokeMember(ctx, r.ID, userID); err != nil {
		return err
	}
	if !owned || len(s.roles.Users(RoleOwner, dom)) > 0 {
		return nil
	}
	return s.handOver(ctx, r.ID)
}

// handOver makes the longest-standing member of space id its owner; members from before
// their dates were kept count as the longest-standing, by user id. With no member left,
// the space closes.
func (s *Service) handOver(ctx context.Context, id string) error {
	members := s.roles.Users(RoleMember, Domain(id))
	if len(members) == 0 {
		return s.close(ctx, id)
	}
	since, err := s.st.MembersSince(ctx, id)
	if err != nil {
		return err
	}
	heir := slices.MinFunc(members, func(a, b string) int {
		return cmp.Or(since[a].Compare(since[b]), strings.Compare(a, b))
	})
	if err := s.roles.Grant(heir, RoleOwner, Domain(id)); err != nil {
		return err
	}
	s.memberChanged(ctx, id, heir)
	return nil
}

// close closes a space nobody is in: invite-only, so nobody can join it, and kept for a
// day, so its messages are deleted.
func (s *Service) close(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.rooms[id]
	if !ok {
		return ErrNotFound
	}
	r.Access, r.RetentionDays = AccessInvite, closedRetentionDays
	if err := s.st.UpdateRoom(ctx, r); err != nil {
		return err
	}
	s.rooms[id] = r
	s.tell(ctx, id)
	return nil
}
