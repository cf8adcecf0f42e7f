package org_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// changes records the organisation ids a service tells about.
type changes struct {
	mu  sync.Mutex
	ids []string
}

func (c *changes) told(_ context.Context, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids = append(c.ids, id)
}

func (c *changes) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := c.ids
	c.ids = nil
	return ids
}

// sharedPair returns two services on one real database, as two instances, each telling
// what it changes. One Roles stands for the role assignments both instances have reloaded.
func sharedPair(t *testing.T) (a, b *org.Service, toldA *changes) {
	t.Helper()
	db := storetest.NewDB(t)
	acc, roles := &orgtest.Accounts{}, &orgtest.Roles{}
	var svc [2]*org.Service
	var told [2]*changes
	for i := range svc {
		s, err := org.NewService(context.Background(), db, acc, roles, org.Options{})
		if err != nil {
			t.Fatal(err)
		}
		told[i] = &changes{}
		s.OnChange(told[i].told)
		svc[i] = s
	}
	return svc[0], svc[1], told[0]
}

func inDirectory(s *org.Service, id string) bool {
	return slices.ContainsFunc(s.Directory(context.Background()), func(d org.DirectoryEntry) bool { return d.ID == id })
}

func memberOf(s *org.Service, userID, orgID string) bool {
	return slices.ContainsFunc(s.OrganisationsOf(context.Background(), userID), func(m org.Membership) bool { return m.Org.ID == orgID })
}

// TestSharedStore: what one instance creates the other reads through at once; what one
// changes the other shows after Refresh, directory and memberships included; a change on
// a stale copy does not undo the other instance's newer write.
func TestSharedStore(t *testing.T) {
	ctx := context.Background()
	a, b, toldA := sharedPair(t)

	o, lead, _, err := a.Apply(ctx, "rosa", "correct horse battery", orgtest.Profile("Sisters Rising"))
	if err != nil {
		t.Fatal(err)
	}
	if got := toldA.take(); !slices.Equal(got, []string{o.ID}) {
		t.Errorf("apply told %v, want [%s]", got, o.ID)
	}
	if got, err := b.Get(ctx, o.ID); err != nil || got.Status != org.StatusPending {
		t.Fatalf("read through on the other instance: %+v, %v; want the pending organisation", got, err)
	}
	if !memberOf(b, lead, o.ID) {
		t.Error("the other instance does not list the lead's membership of an organisation it read through")
	}

	if _, err := a.Approve(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Get(ctx, o.ID); got.Status != org.StatusPending || inDirectory(b, o.ID) {
		t.Fatalf("before Refresh the other instance has status %s; the test needs it stale", got.Status)
	}
	if err := b.Refresh(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Get(ctx, o.ID); got.Status != org.StatusApproved || !inDirectory(b, o.ID) {
		t.Errorf("after Refresh: status %s, in directory %v; want approved and listed", got.Status, inDirectory(b, o.ID))
	}

	// b's copy lags behind a's profile change; b's suspension must keep it.
	p := orgtest.Profile("Sisters Rising Maputo")
	if _, err := a.UpdateProfile(ctx, o.ID, p); err != nil {
		t.Fatal(err)
	}
	got, err := b.Suspend(ctx, o.ID, "Reported by members")
	if err != nil {
		t.Fatal(err)
	}
	if got.Profile.Name != p.Name {
		t.Errorf("suspending on a stale copy gave name %q, want %q", got.Profile.Name, p.Name)
	}
	if err := a.Refresh(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Get(ctx, o.ID); got.Status != org.StatusSuspended || got.Profile.Name != p.Name || inDirectory(a, o.ID) {
		t.Errorf("after Refresh: %s %q, in directory %v; want suspended %q, not listed", got.Status, got.Profile.Name, inDirectory(a, o.ID), p.Name)
	}
	toldA.take()

	// Members: joined and removed on a, seen on b after Refresh.
	if _, err := b.Approve(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	_, token, err := a.CreateInvite(ctx, o.ID, lead)
	if err != nil {
		t.Fatal(err)
	}
	_, user, _, err := a.AcceptInvite(ctx, token, "ana", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Refresh(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if !memberOf(b, user, o.ID) {
		t.Error("after Refresh the other instance does not list the new member's organisation")
	}
	if err := a.RemoveMember(ctx, o.ID, user); err != nil {
		t.Fatal(err)
	}
	if err := a.SetMentor(ctx, o.ID, lead, true); err != nil {
		t.Fatal(err)
	}
	if got := toldA.take(); len(got) != 3 {
		t.Errorf("invite, removal and mentor flag told %v, want the organisation three times", got)
	}
	if err := b.Refresh(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if memberOf(b, user, o.ID) {
		t.Error("after Refresh the other instance still lists the removed member's organisation")
	}
	if err := b.Refresh(ctx, "no-such-org"); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("Refresh of an unknown organisation: got %v, want ErrNotFound", err)
	}
}

// TestOneInstanceStaysInMemory: without OnChange a service is the only writer and reads
// only its memory, so it does not see what another writer stored.
func TestOneInstanceStaysInMemory(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewDB(t)
	acc, roles := &orgtest.Accounts{}, &orgtest.Roles{}
	a, err := org.NewService(ctx, db, acc, roles, org.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := org.NewService(ctx, db, acc, roles, org.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, _, _, err := a.Apply(ctx, "rosa", "correct horse battery", orgtest.Profile("Sisters Rising"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(ctx, o.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("Get on a service without OnChange: got %v, want ErrNotFound from memory", err)
	}
}
