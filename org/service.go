package org

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Store keeps organisations and invites. Implementations return ErrNotFound for a missing
// document and ErrConflict for a duplicate key.
type Store interface {
	// InsertOrganisation stores a new organisation; ErrConflict if its id exists.
	InsertOrganisation(ctx context.Context, o Organisation) error
	// UpdateOrganisation replaces a stored organisation; ErrNotFound if there is none.
	UpdateOrganisation(ctx context.Context, o Organisation) error
	// Organisation returns one organisation; ErrNotFound if there is none.
	Organisation(ctx context.Context, id string) (Organisation, error)
	// Organisations returns every organisation, in any order.
	Organisations(ctx context.Context) ([]Organisation, error)
	// DeleteOrganisation removes an organisation and its invites; one already gone is
	// not an error.
	DeleteOrganisation(ctx context.Context, id string) error

	// InsertInvite stores an invite with the SHA-256 of its token (never the token).
	InsertInvite(ctx context.Context, inv Invite, tokenHash []byte) error
	// InviteByTokenHash returns the invite with that token hash, Used set if it is claimed;
	// ErrNotFound if there is none.
	InviteByTokenHash(ctx context.Context, tokenHash []byte) (Invite, error)
	// InvitesOf returns every invite of an organisation, Used set on claimed ones.
	InvitesOf(ctx context.Context, orgID string) ([]Invite, error)
	// RevokeInvite marks an invite revoked; ErrNotFound if there is none.
	RevokeInvite(ctx context.Context, inviteID string) error
	// ClaimInvite inserts the single claim an invite can have, under a unique key, so exactly
	// one of any number of concurrent callers succeeds; the others get ErrConflict.
	ClaimInvite(ctx context.Context, inviteID string, at time.Time) error
	// ReleaseInviteClaim deletes an invite's claim so the invite can be used again.
	ReleaseInviteClaim(ctx context.Context, inviteID string) error
}

// Accounts creates and removes user accounts.
type Accounts interface {
	// Register creates an account and returns its id and one-time recovery codes.
	Register(ctx context.Context, pseudonym, password string) (userID string, recoveryCodes []string, err error)
	// Delete removes an account with everything it holds; one already gone is not an error.
	Delete(ctx context.Context, userID string) error
}

// Options tune a Service; zero values take the defaults.
type Options struct {
	Now       func() time.Time // default time.Now
	InviteTTL time.Duration    // default DefaultInviteTTL
}

// DefaultInviteTTL is how long an invite link stays usable.
const DefaultInviteTTL = 7 * 24 * time.Hour

// Service manages organisations, their members and invites. It keeps every organisation in
// memory (the directory is read on every page; the embedded store scans whole tables) and
// writes through to the store before changing memory.
type Service struct {
	st    Store
	acc   Accounts
	roles Roles
	now   func() time.Time
	ttl   time.Duration

	mu       sync.RWMutex
	orgs     map[string]*entry
	userOrgs map[string]map[string]bool // user id → ids of organisations they are a member of
	dir      []DirectoryEntry           // sorted directory; nil when it must be rebuilt

	// participantMu makes "decide whether a user is a participant, then grant or revoke"
	// one step, so two concurrent status changes cannot apply stale decisions out of order.
	participantMu sync.Mutex

	// applyHook is told about every application made here (OnApply); nil for none.
	applyHook func(ctx context.Context, id string)

	// changed is told about every change, for the other instances (OnChange); nil on one.
	changed func(ctx context.Context, id string)
	// statusHook is told about every status change made here (OnStatus); nil for none.
	statusHook func(ctx context.Context, id string) error
	// standing is told whose standing in an organisation changed (OnStanding); may be nil.
	standing Standing
	// hostingHook is told about every change of a hosting relationship (OnHosting); may be nil.
	hostingHook func(ctx context.Context, orgID string, ev HostingEvent)
}

// entry is one organisation in memory.
type entry struct {
	// write serialises every change to this organisation (status, profile, members,
	// invites): updates on the embedded store are not atomic, so the process must not race
	// itself. Readers do not take it.
	write sync.Mutex
	org   Organisation // guarded by Service.mu
}

// NewService loads every organisation and membership, and repairs the participant role of
// any user whose memberships and role disagree (for instance after a crash mid-approval).
func NewService(ctx context.Context, st Store, acc Accounts, roles Roles, opt Options) (*Service, error) {
	s := &Service{
		st: st, acc: acc, roles: roles, now: opt.Now, ttl: opt.InviteTTL,
		orgs:     map[string]*entry{},
		userOrgs: map[string]map[string]bool{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ttl <= 0 {
		s.ttl = DefaultInviteTTL
	}
	all, err := st.Organisations(ctx)
	if err != nil {
		return nil, fmt.Errorf("org: load organisations: %w", err)
	}
	for _, o := range all {
		s.orgs[o.ID] = &entry{org: o}
		for _, u := range roles.Users(RoleMember, Domain(o.ID)) {
			s.indexMember(u, o.ID, true)
		}
	}
	users := roles.Users(RoleParticipant, DomainPlatform)
	for u := range s.userOrgs {
		users = append(users, u)
	}
	slices.Sort(users)
	var errs []error
	for _, u := range slices.Compact(users) {
		errs = append(errs, s.syncParticipant(u))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("org: repair participants: %w", err)
	}
	return s, nil
}

// clock returns the current time as the store keeps it (UTC, milliseconds), so memory and
// database agree after a restart.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// newID returns a random, URL-safe identifier with 130 bits of entropy.
func newID() string { return strings.ToLower(rand.Text()) }

// Apply creates an account for the applicant, a pending organisation with profile p, and makes
// the applicant its lead. The profile is checked first, so a bad profile creates no account;
// an organisation that cannot be stored, or its lead named, takes the account with it, so
// no account is left without the application it was made for.
// Errors: *ValidationError (ErrInvalid), or whatever Accounts.Register returns, wrapped.
func (s *Service) Apply(ctx context.Context, pseudonym, password string, p Profile) (Organisation, string, []string, error) {
	p = p.Normalize()
	if err := p.Validate(); err != nil {
		return Organisation{}, "", nil, err
	}
	userID, codes, err := s.acc.Register(ctx, pseudonym, password)
	if err != nil {
		return Organisation{}, "", nil, fmt.Errorf("org: apply: %w", err)
	}
	now := s.clock()
	o := Organisation{ID: newID(), Profile: p, Status: StatusPending, Created: now, Updated: now}
	if p.HostName != "" { // the application form names an outside host: a host on Cascade waits for approval
		o.Host, o.Profile.HostName = &Host{Kind: HostOutside, Name: p.HostName, Since: now}, ""
	}
	if err := s.st.InsertOrganisation(ctx, o); err != nil {
		return Organisation{}, "", nil, fmt.Errorf("org: apply: %w", errors.Join(err, s.acc.Delete(context.WithoutCancel(ctx), userID)))
	}
	defer s.tell(ctx, o.ID) // after the lead's roles, which the others reload with it
	e := &entry{org: o}
	e.write.Lock()
	defer e.write.Unlock()
	s.mu.Lock()
	s.orgs[o.ID] = e
	s.dir = nil
	s.mu.Unlock()
	if err := s.addMember(o.ID, userID, RoleLead); err != nil {
		return Organisation{}, "", nil, fmt.Errorf("org: apply: %w", errors.Join(err, s.acc.Delete(context.WithoutCancel(ctx), userID), s.removeLocked(context.WithoutCancel(ctx), o.ID)))
	}
	if s.applyHook != nil {
		s.applyHook(ctx, o.ID)
	}
	return o.clone(), userID, codes, nil
}

// Get returns one organisation; ErrNotFound if there is none.
func (s *Service) Get(ctx context.Context, id string) (Organisation, error) {
	e, err := s.entry(ctx, id)
	if err != nil {
		return Organisation{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return e.org.clone(), nil
}

// List returns the organisations with the given status ("" for all), oldest first.
func (s *Service) List(ctx context.Context, status Status) []Organisation {
	s.mu.RLock()
	out := make([]Organisation, 0, len(s.orgs))
	for _, e := range s.orgs {
		if status == "" || e.org.Status == status {
			out = append(out, e.org.clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b Organisation) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
	return out
}

// Directory returns the approved organisations in the public view, sorted by name. It is
// served from memory; callers must not modify the entries' slices.
func (s *Service) Directory(ctx context.Context) []DirectoryEntry {
	s.mu.RLock()
	dir := s.dir
	s.mu.RUnlock()
	if dir != nil {
		return slices.Clone(dir)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == nil {
		s.dir = s.buildDirectory()
	}
	return slices.Clone(s.dir)
}

// buildDirectory sorts names with the Unicode collation, so "Ágape" sorts next to "Agape".
// s.mu must be held.
func (s *Service) buildDirectory() []DirectoryEntry {
	dir := []DirectoryEntry{}
	for _, e := range s.orgs {
		if e.org.Status == StatusApproved {
			dir = append(dir, e.org.Public())
		}
	}
	col := collate.New(language.Und, collate.IgnoreCase)
	slices.SortFunc(dir, func(a, b DirectoryEntry) int {
		return cmp.Or(col.CompareString(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return dir
}

// UpdateProfile replaces an organisation's profile. The host stays as it is, except that a
// host_name names an outside host (as the application form does) and an organisation that
// is no longer hosted has no host (a confirmed host on Cascade is told it ended).
// Errors: ErrNotFound, *ValidationError, ErrConflict for a rejected organisation.
func (s *Service) UpdateProfile(ctx context.Context, id string, p Profile) (Organisation, error) {
	p = p.Normalize()
	if err := p.Validate(); err != nil {
		return Organisation{}, err
	}
	var before Organisation
	o, err := s.change(ctx, id, func(o *Organisation) error {
		if o.Status == StatusRejected {
			return ErrConflict
		}
		before = o.clone()
		switch {
		case p.Legal != LegalHosted:
			o.Host = nil
		case p.HostName != "":
			o.Host = &Host{Kind: HostOutside, Name: p.HostName, Since: s.clock()}
		}
		o.Profile, o.Profile.HostName = p, ""
		return nil
	})
	if err == nil && (o.Host == nil || before.Host == nil || *o.Host != *before.Host) {
		s.leftHost(ctx, before, HostingWithdrawn)
	}
	return o, err
}

// change applies edit to a copy of an organisation under its write lock, stores the result,
// only then publishes it in memory, and tells the other instances.
func (s *Service) change(ctx context.Context, id string, edit func(*Organisation) error) (Organisation, error) {
	e, err := s.entry(ctx, id)
	if err != nil {
		return Organisation{}, err
	}
	e.write.Lock()
	defer e.write.Unlock()
	o, err := s.changeLocked(ctx, e, edit)
	if err == nil {
		s.tell(ctx, id)
	}
	return o, err
}

// changeLocked is change for a caller that holds e.write and tells the other instances
// itself (after any roles it sets).
func (s *Service) changeLocked(ctx context.Context, e *entry, edit func(*Organisation) error) (Organisation, error) {
	o, err := s.current(ctx, e)
	if err != nil {
		return Organisation{}, err
	}
	if err := edit(&o); err != nil {
		return Organisation{}, err
	}
	o.Updated = s.clock()
	if err := s.st.UpdateOrganisation(ctx, o); err != nil {
		return Organisation{}, fmt.Errorf("org: update %s: %w", o.ID, err)
	}
	s.mu.Lock()
	e.org = o
	s.dir = nil
	s.mu.Unlock()
	return o.clone(), nil
}
