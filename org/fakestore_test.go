package org_test

import (
	"context"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/org"
)

// fakeStore is an in-memory org.Store. Its claim check is under a mutex, like a unique index.
type fakeStore struct {
	mu      sync.Mutex
	orgs    map[string]org.Organisation
	invites map[string]org.Invite
	hashes  map[string]string // token hash → invite id
	claims  map[string]bool
	fail    error // returned by every write when set
}

func newFakeStore() *fakeStore {
	return &fakeStore{
		orgs: map[string]org.Organisation{}, invites: map[string]org.Invite{},
		hashes: map[string]string{}, claims: map[string]bool{},
	}
}

func (f *fakeStore) InsertOrganisation(ctx context.Context, o org.Organisation) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if _, ok := f.orgs[o.ID]; ok {
		return org.ErrConflict
	}
	f.orgs[o.ID] = o
	return nil
}

func (f *fakeStore) DeleteOrganisation(ctx context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	delete(f.orgs, id)
	for k, inv := range f.invites {
		if inv.OrgID == id {
			delete(f.invites, k)
		}
	}
	return nil
}

func (f *fakeStore) UpdateOrganisation(ctx context.Context, o org.Organisation) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if _, ok := f.orgs[o.ID]; !ok {
		return org.ErrNotFound
	}
	f.orgs[o.ID] = o
	return nil
}

func (f *fakeStore) Organisation(ctx context.Context, id string) (org.Organisation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orgs[id]
	if !ok {
		return org.Organisation{}, org.ErrNotFound
	}
	return o, nil
}

func (f *fakeStore) Organisations(ctx context.Context) ([]org.Organisation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []org.Organisation
	for _, o := range f.orgs {
		out = append(out, o)
	}
	return out, nil
}

func (f *fakeStore) InsertInvite(ctx context.Context, inv org.Invite, tokenHash []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.invites[inv.ID] = inv
	f.hashes[string(tokenHash)] = inv.ID
	return nil
}

func (f *fakeStore) InviteByTokenHash(ctx context.Context, tokenHash []byte) (org.Invite, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.hashes[string(tokenHash)]
	if !ok {
		return org.Invite{}, org.ErrNotFound
	}
	inv := f.invites[id]
	inv.Used = f.claims[id]
	return inv, nil
}

func (f *fakeStore) InvitesOf(ctx context.Context, orgID string) ([]org.Invite, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []org.Invite
	for id, inv := range f.invites {
		if inv.OrgID == orgID {
			inv.Used = f.claims[id]
			out = append(out, inv)
		}
	}
	return out, nil
}

func (f *fakeStore) RevokeInvite(ctx context.Context, inviteID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	inv, ok := f.invites[inviteID]
	if !ok {
		return org.ErrNotFound
	}
	inv.Revoked = true
	f.invites[inviteID] = inv
	return nil
}

func (f *fakeStore) ClaimInvite(ctx context.Context, inviteID string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.claims[inviteID] {
		return org.ErrConflict
	}
	f.claims[inviteID] = true
	return nil
}

func (f *fakeStore) ReleaseInviteClaim(ctx context.Context, inviteID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.claims, inviteID)
	return nil
}
