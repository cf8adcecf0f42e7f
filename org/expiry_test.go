package org_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// grantFails is orgtest.Roles whose grants of one role fail, as a store failing mid-apply would.
type grantFails struct {
	roles *orgtest.Roles
	role  string
}

func (g grantFails) Grant(user, role, dom string) error {
	if role == g.role {
		return errors.New("roles store unavailable")
	}
	return g.roles.Grant(user, role, dom)
}

func (g grantFails) Revoke(user, role, dom string) error { return g.roles.Revoke(user, role, dom) }
func (g grantFails) Roles(user, dom string) []string     { return g.roles.Roles(user, dom) }
func (g grantFails) Users(role, dom string) []string     { return g.roles.Users(role, dom) }

// An application whose organisation cannot be stored, or whose lead cannot be named, leaves
// no account, no organisation and no role behind.
func TestApplyLeavesNoOrphanAccount(t *testing.T) {
	ctx := context.Background()
	t.Run("organisation not stored", func(t *testing.T) {
		e := newEnv(t)
		e.st.fail = errors.New("disk full")
		if _, _, _, err := e.svc.Apply(ctx, "rosa", "correct horse battery", orgtest.Profile("Sisters Rising")); err == nil {
			t.Fatal("Apply with a failing store: got nil error")
		}
		if n := e.acc.Count(); n != 0 {
			t.Errorf("got %d accounts, want 0", n)
		}
	})
	t.Run("lead not named", func(t *testing.T) {
		st, acc, roles := newFakeStore(), &orgtest.Accounts{}, &orgtest.Roles{}
		svc, err := org.NewService(ctx, st, acc, grantFails{roles, org.RoleMember}, org.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := svc.Apply(ctx, "rosa", "correct horse battery", orgtest.Profile("Sisters Rising")); err == nil {
			t.Fatal("Apply with failing grants: got nil error")
		}
		if n := acc.Count(); n != 0 {
			t.Errorf("got %d accounts, want 0", n)
		}
		if all, _ := st.Organisations(ctx); len(all) != 0 || len(svc.List(ctx, "")) != 0 {
			t.Errorf("got %d stored and %d listed organisations, want none", len(all), len(svc.List(ctx, "")))
		}
		if u := roles.Users(org.RoleLead, org.Domain("any")); len(u) != 0 {
			t.Errorf("got leads %v, want none", u)
		}
	})
}

// A pending organisation nobody decided on within 30 days is deleted with its members'
// accounts; approved ones, younger ones, members who belong elsewhere and staff stay.
func TestExpireApplications(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	stale, staleLead := e.apply(t, "Stale")
	newcomer := e.join(t, stale.ID, "newcomer")
	staffer := e.join(t, stale.ID, "staffer")
	if err := e.roles.Grant(staffer, "admin", org.DomainPlatform); err != nil {
		t.Fatal(err)
	}
	approved, _ := e.apply(t, "Approved")
	if _, err := e.svc.Approve(ctx, approved.ID); err != nil {
		t.Fatal(err)
	}
	both := e.join(t, approved.ID, "in both")
	if err := e.roles.Grant(both, org.RoleMember, org.Domain(stale.ID)); err != nil { // a member of both
		t.Fatal(err)
	}
	e.restart(t) // index the grant made behind the service's back

	e.clock.Advance(org.ApplicationTTL - time.Minute)
	if n, err := e.svc.ExpireApplications(ctx); n != 0 || err != nil {
		t.Fatalf("ExpireApplications a minute early: got %d, %v; want 0", n, err)
	}
	young, _ := e.apply(t, "Young")
	accounts := e.acc.Count()
	e.clock.Advance(2 * time.Minute)
	if n, err := e.svc.ExpireApplications(ctx); n != 1 || err != nil {
		t.Fatalf("ExpireApplications: got %d, %v; want 1", n, err)
	}
	if _, err := e.svc.Get(ctx, stale.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("Get(expired): got %v, want ErrNotFound", err)
	}
	if _, err := e.st.Organisation(ctx, stale.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("stored expired organisation: got %v, want ErrNotFound", err)
	}
	// The lead and the newcomer go; the member of the approved organisation and the admin stay.
	if got, want := e.acc.Count(), accounts-2; got != want {
		t.Errorf("got %d accounts, want %d", got, want)
	}
	for _, u := range []string{staleLead, newcomer, staffer, both} {
		if r := e.roles.Roles(u, org.Domain(stale.ID)); len(r) != 0 {
			t.Errorf("%s keeps roles %v in the expired organisation", u, r)
		}
	}
	if len(e.svc.OrganisationsOf(ctx, both)) != 1 || !e.roles.Has(both, org.RoleParticipant, org.DomainPlatform) {
		t.Errorf("the member of the approved organisation lost it")
	}
	for _, o := range []org.Organisation{approved, young} {
		if _, err := e.svc.Get(ctx, o.ID); err != nil {
			t.Errorf("Get(%s): %v, want it kept", o.Profile.Name, err)
		}
	}
	if n, err := e.svc.ExpireApplications(ctx); n != 0 || err != nil {
		t.Errorf("second ExpireApplications: got %d, %v; want 0", n, err)
	}
}

// On two instances sharing a store, the one that did not expire an application forgets it
// when told (Refresh), and by itself at its own next sweep when the news was lost.
func TestExpireApplicationsShared(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewDB(t)
	acc, roles, clk := &orgtest.Accounts{}, &orgtest.Roles{}, fakeclock.New()
	var svc [2]*org.Service
	for i := range svc {
		s, err := org.NewService(ctx, db, acc, roles, org.Options{Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		s.OnChange(func(context.Context, string) {})
		svc[i] = s
	}
	a, b := svc[0], svc[1]
	var ids []string
	for _, name := range []string{"Told", "Not told"} {
		o, _, _, err := a.Apply(ctx, "lead of "+name, "correct horse battery", orgtest.Profile(name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Get(ctx, o.ID); err != nil { // b reads it from the store
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	clk.Advance(org.ApplicationTTL + time.Second)
	if n, err := a.ExpireApplications(ctx); n != 2 || err != nil {
		t.Fatalf("ExpireApplications: got %d, %v; want 2", n, err)
	}
	if err := b.Refresh(ctx, ids[0]); err != nil {
		t.Errorf("Refresh of an expired application: %v", err)
	}
	if len(b.List(ctx, "")) != 1 {
		t.Errorf("after Refresh the other instance lists %d organisations, want 1 (the one it was not told of)", len(b.List(ctx, "")))
	}
	if n, err := b.ExpireApplications(ctx); n != 0 || err != nil {
		t.Errorf("the other instance's sweep: got %d, %v; want 0, nil", n, err)
	}
	if len(b.List(ctx, "")) != 0 {
		t.Errorf("after its sweep the other instance lists %d organisations, want 0", len(b.List(ctx, "")))
	}
}
