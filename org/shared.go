package org

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// This file is what changes when several instances share one store: each keeps its own
// copy of the organisations in memory, tells the others what it changed (OnChange) and
// reads again what they changed (Refresh).
//
// Stale writes: a change made from a request reads the organisation from the store under
// its write lock before applying, so it builds on the latest stored version rather than
// on this instance's copy, which may lag by one control event (or more, as core NATS may
// drop one). What is left is two instances changing one organisation within the same few
// milliseconds (last write wins): these are admin and lead actions, rare per organisation,
// and the store offers no atomic compare-and-set on the embedded FerretDB to close it.
// Decisions on roles (last lead, participant) use this instance's roles, which the
// receiver of a change reloads before it refreshes the organisation.

// OnChange sets what is told the id of every organisation this instance creates or
// changes, members and roles included, once the change is stored. Call it before the
// service is used, and only when other instances share the store: from then on a lookup
// that misses memory reads the store, and a change reads the organisation again first.
// Without it the service trusts its memory, as the only writer.
func (s *Service) OnChange(fn func(ctx context.Context, id string)) { s.changed = fn }

func (s *Service) shared() bool { return s.changed != nil }

func (s *Service) tell(ctx context.Context, id string) {
	if s.changed != nil {
		s.changed(ctx, id)
	}
}

// Refresh reads organisation id again from the store, and its members from Roles, because
// another instance changed it: the caller brings Roles up to date first; one the store no
// longer has is forgotten. It writes nothing:
// the instance that made the change has stored it and set its members' roles already, and
// a second writer deciding from a copy a moment older could only undo that.
// Errors: ErrNotFound, or the store's.
func (s *Service) Refresh(ctx context.Context, id string) error {
	e := s.known(id)
	if e == nil {
		_, err := s.load(ctx, id)
		return err
	}
	e.write.Lock()
	defer e.write.Unlock()
	s.mu.RLock()
	before, host := e.org.Status, confirmedHostOf(e.org)
	var link string
	if e.org.Host != nil {
		link = e.org.Host.Link + string(e.org.Host.State)
	}
	s.mu.RUnlock()
	o, err := s.reread(ctx, e)
	if host != "" && (err != nil || o.Status != before || o.Host == nil || o.Host.Link+string(o.Host.State) != link) {
		// Whether its host's people are in its exchanges is decided again here too.
		defer s.hostPeopleChanged(ctx, host)
	}
	if errors.Is(err, ErrNotFound) { // deleted there (an expired application): here too
		s.forget(id)
		return nil
	}
	if err == nil && o.Status != before {
		// A status is no role: what follows from it here is decided again now that this
		// instance knows it (the instance that changed it announced only its own view).
		s.standingChanged(ctx, id, s.roles.Users(RoleMember, Domain(id))...)
	}
	return err
}

// entry returns organisation id's entry. On a shared store an organisation this instance
// does not know is read from it: another instance may have created it a moment ago.
// Errors: ErrNotFound, or the store's.
func (s *Service) entry(ctx context.Context, id string) (*entry, error) {
	if e := s.known(id); e != nil {
		return e, nil
	}
	if !s.shared() {
		return nil, ErrNotFound
	}
	return s.load(ctx, id)
}

// known returns the entry of organisation id in memory, or nil.
func (s *Service) known(id string) *entry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.orgs[id]
}

// load reads an organisation this instance does not know and adds it, with its members.
func (s *Service) load(ctx context.Context, id string) (*entry, error) {
	o, err := s.st.Organisation(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("org: read %s: %w", id, err)
	}
	s.mu.Lock()
	e, ok := s.orgs[id]
	if !ok {
		e = &entry{org: o}
		s.orgs[id] = e
		s.dir = nil
	}
	s.mu.Unlock()
	if !ok {
		s.indexMembers(id)
	}
	return e, nil
}

// current returns the organisation of e to change: on a shared store the stored version,
// which it also puts in memory; otherwise memory, which is then the truth.
// The caller holds e.write.
func (s *Service) current(ctx context.Context, e *entry) (Organisation, error) {
	if s.shared() {
		return s.reread(ctx, e)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return e.org.clone(), nil
}

// reread replaces e's organisation with the stored one and its members with those Roles
// knows. The caller holds e.write, so a change made here cannot be overwritten by an
// older read.
func (s *Service) reread(ctx context.Context, e *entry) (Organisation, error) {
	s.mu.RLock()
	id := e.org.ID
	s.mu.RUnlock()
	o, err := s.st.Organisation(ctx, id)
	if err != nil {
		return Organisation{}, fmt.Errorf("org: read %s: %w", id, err)
	}
	s.mu.Lock()
	e.org = o
	s.dir = nil
	s.mu.Unlock()
	s.indexMembers(id)
	return o.clone(), nil
}

// indexMembers makes the user index agree with Roles about who is a member of orgID.
func (s *Service) indexMembers(orgID string) {
	members := s.roles.Users(RoleMember, Domain(orgID))
	var gone []string
	s.mu.RLock()
	for u, orgs := range s.userOrgs {
		if orgs[orgID] && !slices.Contains(members, u) {
			gone = append(gone, u)
		}
	}
	s.mu.RUnlock()
	for _, u := range gone {
		s.indexMember(u, orgID, false)
	}
	for _, u := range members {
		s.indexMember(u, orgID, true)
	}
}
