package org

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ApplicationTTL is how long an application may wait: a pending organisation that nobody
// approved or rejected within it is deleted with its members' accounts (ExpireApplications),
// so that applying cannot pile up accounts nobody vouched for.
const ApplicationTTL = 30 * 24 * time.Hour

// RoleUser in DomainPlatform is the role every account holds; with RoleParticipant it is
// the one platform role an account may hold and still expire with an application.
const RoleUser = "user"

// ExpireApplications deletes every organisation still pending ApplicationTTL after it
// applied, and returns how many it deleted. Run it periodically on every instance: each
// organisation is checked again under its write lock against the store, so one approved
// meanwhile stays, and deleting one already deleted elsewhere is harmless.
func (s *Service) ExpireApplications(ctx context.Context) (int, error) {
	cutoff := s.clock().Add(-ApplicationTTL)
	var due []string
	s.mu.RLock()
	for id, e := range s.orgs {
		if e.org.Status == StatusPending && e.org.Created.Before(cutoff) {
			due = append(due, id)
		}
	}
	s.mu.RUnlock()
	n := 0
	var errs []error
	for _, id := range due {
		gone, err := s.expire(ctx, id, cutoff)
		if gone {
			n++
		}
		errs = append(errs, err)
	}
	return n, errors.Join(errs...)
}

// expire deletes organisation id if it is still pending and applied before cutoff.
func (s *Service) expire(ctx context.Context, id string, cutoff time.Time) (bool, error) {
	e := s.known(id)
	if e == nil {
		return false, nil
	}
	e.write.Lock()
	defer e.write.Unlock()
	o, err := s.current(ctx, e)
	if errors.Is(err, ErrNotFound) { // another instance deleted it
		s.forget(id)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if o.Status != StatusPending || !o.Created.Before(cutoff) {
		return false, nil
	}
	return true, s.removeLocked(ctx, id)
}

// removeLocked deletes organisation id: first the accounts of its members who belong to
// no other organisation and hold no platform role of their own (staff), then every role in
// it, then the organisation. An interruption leaves the organisation stored, so doing it
// again finishes the work; accounts already gone are not an error. The caller holds the
// organisation's write lock.
func (s *Service) removeLocked(ctx context.Context, id string) error {
	dom := Domain(id)
	var users []string
	for _, r := range []string{RoleMember, RoleLead, RoleMentor} {
		users = append(users, s.roles.Users(r, dom)...)
	}
	slices.Sort(users)
	users = slices.Compact(users)
	for _, u := range users {
		if s.onlyHere(u, id) {
			if err := s.acc.Delete(ctx, u); err != nil {
				return fmt.Errorf("org: remove %s: %w", id, err)
			}
		}
	}
	defer s.tell(ctx, id) // even after a failure part-way: some roles may be gone
	for _, u := range users {
		for _, r := range s.roles.Roles(u, dom) {
			if err := s.roles.Revoke(u, r, dom); err != nil {
				return fmt.Errorf("org: remove %s: %w", id, err)
			}
		}
		s.indexMember(u, id, false)
		if err := s.syncParticipant(u); err != nil {
			return fmt.Errorf("org: remove %s: %w", id, err)
		}
	}
	if err := s.st.DeleteOrganisation(ctx, id); err != nil {
		return fmt.Errorf("org: remove %s: %w", id, err)
	}
	s.forget(id)
	return nil
}

// onlyHere reports whether userID belongs to no organisation but id and holds no
// platform role beyond those every account or participant has.
func (s *Service) onlyHere(userID, id string) bool {
	s.mu.RLock()
	for other := range s.userOrgs[userID] {
		if other != id {
			s.mu.RUnlock()
			return false
		}
	}
	s.mu.RUnlock()
	for _, r := range s.roles.Roles(userID, DomainPlatform) {
		if r != RoleUser && r != RoleParticipant {
			return false
		}
	}
	return true
}

// forget drops organisation id from memory: it is no longer stored.
func (s *Service) forget(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.orgs, id)
	s.dir = nil
	for u, orgs := range s.userOrgs {
		if orgs[id] {
			delete(orgs, id)
			if len(orgs) == 0 {
				delete(s.userOrgs, u)
			}
		}
	}
}
