package rooms

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/cascade-platform/cascade/org"
)

// Member is one person in a room as its members see them.
type Member struct {
	UserID string
	// Org is the party organisation that puts them in an exchange room; empty in a space.
	Org  string
	Role string // RoleOwner or RoleMember
}

// Join makes userID a member of an open community space. Errors: ErrNotFound, ErrClosed.
func (s *Service) Join(ctx context.Context, userID, id string) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if r.Kind != KindSpace || r.Access != AccessOpen {
		return ErrClosed
	}
	return s.grantMember(ctx, id, userID)
}

// AddMember lets userID into room id (an owner's decision, checked by the caller). Into
// an exchange room a lead adds only members of the two organisations, and they stay only
// while they are members. Errors: ErrNotFound, ErrNotParty.
func (s *Service) AddMember(ctx context.Context, id, userID string) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if r.Kind == KindExchange {
		x, err := s.exchangeOf(ctx, r)
		if err != nil {
			return err
		}
		if s.placeIn(ctx, userID, x).party == "" {
			return ErrNotParty
		}
	}
	return s.grantMember(ctx, id, userID)
}

// RemoveMember takes userID out of room id (an owner's decision, checked by the caller)
// and closes their sockets in it on every instance. Owners and an exchange room's leads
// and mentors cannot be removed so: ErrDerived. Errors also: ErrNotFound.
func (s *Service) RemoveMember(ctx context.Context, id, userID string) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	switch r.Kind {
	case KindExchange:
		x, err := s.exchangeOf(ctx, r)
		if err != nil {
			return err
		}
		if p := s.placeIn(ctx, userID, x); p.role != "" && !p.added {
			return ErrDerived
		}
	default:
		if slices.Contains(s.roles.Roles(userID, Domain(id)), RoleOwner) {
			return ErrDerived
		}
	}
	return s.revokeMember(ctx, id, userID)
}

// Leave takes userID out of room id and closes their sockets in it on every instance.
// An owner who leaves a space stops owning it (see leaveSpace). An exchange room's leads
// and mentors are in it by their role: ErrDerived. Errors also: ErrNotFound.
func (s *Service) Leave(ctx context.Context, userID, id string) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if r.Kind != KindExchange {
		return s.leaveSpace(ctx, r, userID)
	}
	x, err := s.exchangeOf(ctx, r)
	if err != nil {
		return err
	}
	if p := s.placeIn(ctx, userID, x); p.role != "" && !p.added {
		return ErrDerived
	}
	return s.revokeMember(ctx, id, userID)
}

func (s *Service) grantMember(ctx context.Context, id, userID string) error {
	if err := s.roles.Grant(userID, RoleMember, Domain(id)); err != nil {
		return err
	}
	if err := s.st.MarkMember(ctx, id, userID, s.now()); err != nil {
		return err
	}
	s.memberChanged(ctx, id, userID)
	return nil
}

func (s *Service) revokeMember(ctx context.Context, id, userID string) error {
	if err := s.roles.Revoke(userID, RoleMember, Domain(id)); err != nil {
		return err
	}
	if err := s.st.UnmarkMember(ctx, id, userID); err != nil {
		return err
	}
	if s.revoke != nil {
		s.revoke.RoomLeft(ctx, userID, id)
	}
	s.memberChanged(ctx, id, userID)
	return nil
}

func (s *Service) memberChanged(ctx context.Context, id, userID string) {
	if s.roster != nil {
		s.roster.MemberChanged(ctx, id, userID)
	}
}

// Members lists the people of room id, by user id: for a space its owners and members,
// for an exchange room the people its organisations put there. Errors: ErrNotFound.
func (s *Service) Members(ctx context.Context, id string) ([]Member, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	dom := Domain(id)
	var out []Member
	if r.Kind == KindExchange {
		x, err := s.exchangeOf(ctx, r)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, party := range s.organisations(ctx, x) {
			for _, u := range s.roles.Users(RoleMember, org.Domain(party)) {
				if seen[u] {
					continue
				}
				seen[u] = true
				if p := s.placeIn(ctx, u, x); p.role != "" {
					out = append(out, Member{UserID: u, Org: p.party, Role: p.role})
				}
			}
		}
	} else {
		owners := s.roles.Users(RoleOwner, dom)
		for _, u := range owners {
			out = append(out, Member{UserID: u, Role: RoleOwner})
		}
		for _, u := range s.roles.Users(RoleMember, dom) {
			if !slices.Contains(owners, u) {
				out = append(out, Member{UserID: u, Role: RoleMember})
			}
		}
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.UserID, b.UserID) })
	return out, nil
}

// ForUser lists the rooms userID may read, and the open spaces they could join.
func (s *Service) ForUser(ctx context.Context, userID string) (mine, joinable []Room) {
	all := s.list()
	mine, joinable = []Room{}, []Room{}
	for _, r := range all {
		if r.Kind == KindExchange {
			if ok, _ := s.Allowed(userID, Domain(r.ID), "messages", "read"); ok {
				mine = append(mine, r)
			}
			continue
		}
		switch roles := s.roles.Roles(userID, Domain(r.ID)); {
		case slices.Contains(roles, RoleMember):
			mine = append(mine, r)
		case r.Kind == KindSpace && r.Access == AccessOpen:
			joinable = append(joinable, r)
		}
	}
	return mine, joinable
}

// list returns every room sorted by title, then id.
func (s *Service) list() []Room {
	s.mu.RLock()
	all := make([]Room, 0, len(s.rooms))
	for _, r := range s.rooms {
		all = append(all, r)
	}
	s.mu.RUnlock()
	slices.SortFunc(all, func(a, b Room) int { return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID)) })
	return all
}
