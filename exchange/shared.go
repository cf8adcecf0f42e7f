package exchange

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// This file is what changes when several instances share one store: each keeps its own
// copy in memory, tells the others what it changed (OnChange) and reads again what they
// changed (Refresh, RefreshRound, RefreshNotes).
//
// Stale writes: every change to a request or its exchanges takes the request's lock and
// then reads the request and its exchanges from the store (begin), so it builds on the
// latest stored version rather than on this instance's copy, which may lag by one control
// event (or more, as core NATS may drop one). Rounds are read again the same way before a
// re-run or a publish, and a user's notifications before one is marked read. What is left
// is two instances changing one request within the same few milliseconds (last write of
// the document wins); the invariants that matter most (capacity, one accepted proposal per
// request, open requests per organisation) do not depend on it: claims under unique keys
// decide them.

// Changes is told what this instance changed, once it is stored, so that the other
// instances sharing the store read it again.
type Changes interface {
	// RequestChanged: the request or any of its exchanges was created or changed.
	RequestChanged(ctx context.Context, requestID string)
	// RoundChanged: a matching round was created, re-run or published.
	RoundChanged(ctx context.Context, roundID string)
	// NotesChanged: a notification of the user was created or marked read.
	NotesChanged(ctx context.Context, userID string)
}

// OnChange sets what is told about every change. Call it before the service is used, and
// only when other instances share the store: from then on a change reads what it changes
// from the store first, and a lookup by id that misses memory reads the store. Without it
// the service trusts its memory, as the only writer.
func (s *Service) OnChange(c Changes) { s.changes = c }

func (s *Service) shared() bool { return s.changes != nil }

// Refresh reads request id and its exchanges again from the store, with the mentors' load
// and track records that follow from them: another instance changed them.
// Errors: ErrNotFound, or the store's.
func (s *Service) Refresh(ctx context.Context, requestID string) error {
	defer s.lock(requestID)()
	return s.reread(ctx, requestID)
}

// reread replaces request id and its exchanges in memory with the stored ones. The caller
// holds the request's lock, so a change made here meanwhile cannot be overwritten by an
// older read.
func (s *Service) reread(ctx context.Context, id string) error {
	r, err := s.st.Request(ctx, id)
	if err != nil {
		return fmt.Errorf("exchange: read request %s: %w", id, err)
	}
	xs, err := s.st.ExchangesOf(ctx, id)
	if err != nil {
		return fmt.Errorf("exchange: read exchanges of %s: %w", id, err)
	}
	s.putRequest(r)
	ids := make([]string, 0, len(xs))
	var hostMoved []hostMove
	for _, x := range sortByProposed(xs) {
		if before, err := s.exchange(x.ID); err == nil && (before.HostOrg != x.HostOrg || before.HostLink != x.HostLink) {
			hostMoved = append(hostMoved, hostMove{x, before.HostOrg})
		}
		s.put(x)
		ids = append(ids, x.ID)
	}
	// A host another instance brought in or took out: who is in the room is decided
	// again here, now that this instance knows it (a socket that joined here meanwhile
	// closes).
	for _, m := range hostMoved {
		s.tellHost(ctx, m.x, m.former)
	}
	// Nothing is ever deleted, so the stored list is complete, and in order.
	s.mu.Lock()
	s.byRequest[id] = ids
	s.mu.Unlock()
	return nil
}

// begin takes the lock of request id for a change and, on a shared store, reads the
// request again first. The returned end unlocks and tells the other instances, also after
// a change that failed part-way, since part of it may be stored.
func (s *Service) begin(ctx context.Context, id string) (end func(), err error) {
	unlock := s.lock(id)
	if !s.shared() {
		return unlock, nil
	}
	if err := s.reread(ctx, id); errors.Is(err, ErrNotFound) {
		return unlock, nil // the caller's lookup in memory says so
	} else if err != nil {
		unlock()
		return nil, err
	}
	return func() {
		unlock()
		s.changes.RequestChanged(ctx, id)
	}, nil
}

// lookup makes sure this instance knows request id, on a shared store: another instance
// may have created it a moment ago. An id the store does not know is not an error here
// (the caller's lookup in memory says so) and takes no lock.
func (s *Service) lookup(ctx context.Context, id string) error {
	if !s.shared() || s.knows(id) {
		return nil
	}
	if _, err := s.st.Request(ctx, id); errors.Is(err, ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	return s.Refresh(ctx, id)
}

// find returns exchange id, reading its request from a shared store when this instance
// does not know it.
func (s *Service) find(ctx context.Context, id string) (Exchange, error) {
	if x, err := s.exchange(id); err == nil || !s.shared() {
		return x, err
	}
	x, err := s.st.Exchange(ctx, id)
	if err != nil {
		return Exchange{}, err
	}
	if err := s.Refresh(ctx, x.RequestID); err != nil {
		return Exchange{}, err
	}
	return s.exchange(id)
}

func (s *Service) knows(requestID string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.requests[requestID]
	return ok
}

// sortByProposed sorts exchanges oldest first, the order byRequest keeps.
func sortByProposed(xs []Exchange) []Exchange {
	slices.SortFunc(xs, func(a, b Exchange) int { return cmp.Or(a.Proposed.Compare(b.Proposed), strings.Compare(a.ID, b.ID)) })
	return xs
}

// RefreshRound reads round id again from the store: another instance changed it.
// Errors: ErrNotFound, or the store's.
func (s *Service) RefreshRound(ctx context.Context, id string) error {
	s.rounds.mu.Lock()
	defer s.rounds.mu.Unlock()
	_, err := s.roundLocked(ctx, id, true)
	return err
}

// roundLocked returns round id. It reads the round from the store when reread is set, or
// when memory misses it on a shared store (another instance may have created it).
// The caller holds s.rounds.mu.
func (s *Service) roundLocked(ctx context.Context, id string, reread bool) (*Round, error) {
	r, ok := s.rounds.byID[id]
	if reread || (!ok && s.shared()) {
		stored, err := s.st.Round(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("exchange: read round %s: %w", id, err)
		}
		r, ok = &stored, true
		s.rounds.byID[id] = r
	}
	if !ok {
		return nil, fmt.Errorf("round %s: %w", id, ErrNotFound)
	}
	return r, nil
}

// RefreshNotes reads a user's notifications again from the store: another instance
// created one or marked one read.
func (s *Service) RefreshNotes(ctx context.Context, userID string) error {
	list, err := s.st.NotificationsOf(ctx, userID)
	if err != nil {
		return fmt.Errorf("exchange: read notifications: %w", err)
	}
	s.notes.mu.Lock()
	added, read := s.notes.merge(userID, list...)
	unread := s.notes.unread(userID)
	s.notes.mu.Unlock()
	s.tell(ctx, userID, added, read, unread)
	return nil
}
