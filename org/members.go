package org

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Role names and domains as the authorisation layer knows them. Org declares them itself
// because it must not import authz.
const (
	RoleLead   = "lead"   // in Domain(orgID): edits the profile, invites, removes, names mentors
	RoleMember = "member" // in Domain(orgID): every member, leads included
	RoleMentor = "mentor" // in Domain(orgID): mentors other organisations in exchanges
	// RoleParticipant in DomainPlatform: member of at least one approved organisation.
	RoleParticipant = "participant"
	DomainPlatform  = "platform"
)

// Domain returns the role domain of an organisation.
func Domain(orgID string) string { return "org:" + orgID }

// Roles grants and lists role assignments. Granting a held role and revoking one not held are
// not errors.
type Roles interface {
	Grant(userID, role, dom string) error
	Revoke(userID, role, dom string) error
	Roles(userID, dom string) []string
	Users(role, dom string) []string
}

// Standing is told, once a change is stored, whose standing in an organisation changed:
// removed or left, named or un-named a mentor, or everyone's, when the organisation was
// suspended or approved. What follows from that standing (who is in an exchange room)
// is derived from it, never copied, so this is what makes such a change take effect at
// once: sockets close, rosters change, on every instance.
type Standing interface {
	StandingChanged(ctx context.Context, orgID string, userIDs []string)
}

// OnStanding sets what is told about every change of standing. Call it before the
// service is used.
func (s *Service) OnStanding(n Standing) { s.standing = n }

func (s *Service) standingChanged(ctx context.Context, orgID string, userIDs ...string) {
	if s.standing != nil && len(userIDs) > 0 {
		s.standing.StandingChanged(ctx, orgID, userIDs)
	}
}

// Membership is one organisation a user belongs to, with their roles in it.
type Membership struct {
	Org   Organisation `json:"org"`
	Roles []string     `json:"roles"`
}

// Member is one member of an organisation with their roles in it.
type Member struct {
	UserID string   `json:"user_id"`
	Roles  []string `json:"roles"`
}

// OrganisationsOf returns the organisations userID is a member of, sorted by name. It reads
// an in-memory index rather than asking Roles about every organisation.
func (s *Service) OrganisationsOf(ctx context.Context, userID string) []Membership {
	s.mu.RLock()
	out := make([]Membership, 0, len(s.userOrgs[userID]))
	for id := range s.userOrgs[userID] {
		out = append(out, Membership{Org: s.orgs[id].org.clone()})
	}
	s.mu.RUnlock()
	for i := range out {
		out[i].Roles = s.sortedRoles(userID, out[i].Org.ID)
	}
	col := collate.New(language.Und, collate.IgnoreCase)
	slices.SortFunc(out, func(a, b Membership) int {
		return cmp.Or(col.CompareString(a.Org.Profile.Name, b.Org.Profile.Name), strings.Compare(a.Org.ID, b.Org.ID))
	})
	return out
}

// Members returns the members of an organisation sorted by user id (nil for an unknown one).
func (s *Service) Members(ctx context.Context, orgID string) []Member {
	if _, err := s.entry(ctx, orgID); err != nil {
		return nil
	}
	users := slices.Sorted(slices.Values(s.roles.Users(RoleMember, Domain(orgID))))
	out := make([]Member, 0, len(users))
	for _, u := range slices.Compact(users) {
		out = append(out, Member{UserID: u, Roles: s.sortedRoles(u, orgID)})
	}
	return out
}

// RemoveMember takes every role in the organisation from userID and recomputes their
// participant role. Errors: ErrNotFound (organisation or member), ErrConflict when userID is
// the last lead, since an organisation without a lead cannot be managed.
func (s *Service) RemoveMember(ctx context.Context, orgID, userID string) error {
	e, err := s.entry(ctx, orgID)
	if err != nil {
		return err
	}
	e.write.Lock()
	defer e.write.Unlock()
	dom := Domain(orgID)
	held := s.roles.Roles(userID, dom)
	if !slices.Contains(held, RoleMember) {
		return ErrNotFound
	}
	if slices.Contains(held, RoleLead) && len(s.roles.Users(RoleLead, dom)) <= 1 {
		return fmt.Errorf("%w: cannot remove the last lead", ErrConflict)
	}
	// Member goes last: while any role is left the user still counts as a member, so a
	// failure part-way leaves someone a lead can see and remove again.
	held = append(slices.DeleteFunc(held, func(r string) bool { return r == RoleMember }), RoleMember)
	defer s.tell(ctx, orgID) // even after a failure part-way: some roles may be gone
	defer s.standingChanged(ctx, orgID, userID)
	for _, r := range held {
		if err := s.roles.Revoke(userID, r, dom); err != nil {
			return fmt.Errorf("org: remove member: %w", err)
		}
	}
	s.indexMember(userID, orgID, false)
	return s.syncParticipant(userID)
}

// SetMentor names (on) or un-names a member as a mentor of the organisation.
// Errors: ErrNotFound (organisation, or userID is not a member).
func (s *Service) SetMentor(ctx context.Context, orgID, userID string, on bool) error {
	if err := s.setMemberRole(ctx, orgID, userID, RoleMentor, on); err != nil {
		return err
	}
	// Who mentors the organisation decides who joins its exchange rooms.
	s.standingChanged(ctx, orgID, userID)
	return nil
}

// setMemberRole grants (on) or takes a role in the organisation from one of its members,
// and tells the instances. Errors: ErrNotFound (organisation, or userID is not a member).
func (s *Service) setMemberRole(ctx context.Context, orgID, userID, role string, on bool) error {
	e, err := s.entry(ctx, orgID)
	if err != nil {
		return err
	}
	e.write.Lock()
	defer e.write.Unlock()
	dom := Domain(orgID)
	if !slices.Contains(s.roles.Roles(userID, dom), RoleMember) {
		return ErrNotFound
	}
	if on {
		err = s.roles.Grant(userID, role, dom)
	} else {
		err = s.roles.Revoke(userID, role, dom)
	}
	if err != nil {
		return fmt.Errorf("org: set %s: %w", role, err)
	}
	s.tell(ctx, orgID)
	return nil
}

// addMember makes userID a member with the extra roles. The caller holds the
// organisation's write lock.
func (s *Service) addMember(orgID, userID string, extra ...string) error {
	dom := Domain(orgID)
	for _, r := range append(extra, RoleMember) {
		if err := s.roles.Grant(userID, r, dom); err != nil {
			return err
		}
	}
	s.indexMember(userID, orgID, true)
	return s.syncParticipant(userID)
}

func (s *Service) indexMember(userID, orgID string, member bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !member {
		delete(s.userOrgs[userID], orgID)
		if len(s.userOrgs[userID]) == 0 {
			delete(s.userOrgs, userID)
		}
		return
	}
	if s.userOrgs[userID] == nil {
		s.userOrgs[userID] = map[string]bool{}
	}
	s.userOrgs[userID][orgID] = true
}

// syncParticipant grants the participant role to a user with at least one approved
// organisation and revokes it from one without.
func (s *Service) syncParticipant(userID string) error {
	s.participantMu.Lock()
	defer s.participantMu.Unlock()
	s.mu.RLock()
	want := false
	for id := range s.userOrgs[userID] {
		if s.orgs[id].org.Status == StatusApproved {
			want = true
			break
		}
	}
	s.mu.RUnlock()
	has := slices.Contains(s.roles.Roles(userID, DomainPlatform), RoleParticipant)
	var err error
	switch {
	case want && !has:
		err = s.roles.Grant(userID, RoleParticipant, DomainPlatform)
	case !want && has:
		err = s.roles.Revoke(userID, RoleParticipant, DomainPlatform)
	}
	if err != nil {
		return fmt.Errorf("org: participant role: %w", err)
	}
	return nil
}

func (s *Service) sortedRoles(userID, orgID string) []string {
	return slices.Sorted(slices.Values(s.roles.Roles(userID, Domain(orgID))))
}
