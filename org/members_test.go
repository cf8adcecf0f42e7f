package org_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/cascade-platform/cascade/org"
)

func TestMembersAndMentors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, lead := e.apply(t, "Mentoring")
	other, _ := e.apply(t, "Elsewhere")
	mara := e.join(t, o.ID, "mara")
	if err := e.svc.SetMentor(ctx, o.ID, mara, true); err != nil {
		t.Fatal(err)
	}
	want := []org.Member{
		{UserID: lead, Roles: []string{"lead", "member"}},
		{UserID: mara, Roles: []string{"member", "mentor"}},
	}
	if got := e.svc.Members(ctx, o.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if err := e.svc.SetMentor(ctx, o.ID, mara, false); err != nil {
		t.Fatal(err)
	}
	if got := e.roles.Roles(mara, org.Domain(o.ID)); !reflect.DeepEqual(got, []string{"member"}) {
		t.Errorf("after un-naming got %v, want [member]", got)
	}
	tests := []struct {
		name, org, user string
		want            error
	}{
		{"member of another organisation", other.ID, mara, org.ErrNotFound},
		{"unknown user", o.ID, "nobody", org.ErrNotFound},
		{"unknown organisation", "nope", mara, org.ErrNotFound},
	}
	for _, tt := range tests {
		if err := e.svc.SetMentor(ctx, tt.org, tt.user, true); !errors.Is(err, tt.want) {
			t.Errorf("SetMentor %s: got %v, want %v", tt.name, err, tt.want)
		}
		if err := e.svc.RemoveMember(ctx, tt.org, tt.user); !errors.Is(err, tt.want) {
			t.Errorf("RemoveMember %s: got %v, want %v", tt.name, err, tt.want)
		}
	}
	if e.roles.Has(mara, org.RoleMentor, org.Domain(other.ID)) {
		t.Errorf("a non-member was named mentor")
	}
	if got := e.svc.Members(ctx, "nope"); got != nil {
		t.Errorf("Members of unknown organisation: got %+v, want nil", got)
	}
}

func TestRemoveMember(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, lead := e.apply(t, "Removing")
	mara := e.join(t, o.ID, "mara")
	if err := e.svc.SetMentor(ctx, o.ID, mara, true); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.RemoveMember(ctx, o.ID, lead); !errors.Is(err, org.ErrConflict) {
		t.Errorf("removing the last lead: got %v, want ErrConflict", err)
	}
	if err := e.svc.RemoveMember(ctx, o.ID, mara); err != nil {
		t.Fatal(err)
	}
	if got := e.roles.Roles(mara, org.Domain(o.ID)); len(got) != 0 {
		t.Errorf("removed member still has roles %v", got)
	}
	if got := e.svc.OrganisationsOf(ctx, mara); len(got) != 0 {
		t.Errorf("removed member still listed in %+v", got)
	}
	if err := e.svc.RemoveMember(ctx, o.ID, mara); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("removing twice: got %v, want ErrNotFound", err)
	}
	// With a second lead, a lead may go.
	if err := e.roles.Grant(mara, org.RoleLead, org.Domain(o.ID)); err != nil {
		t.Fatal(err)
	}
	if err := e.roles.Grant(mara, org.RoleMember, org.Domain(o.ID)); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.RemoveMember(ctx, o.ID, lead); err != nil {
		t.Errorf("removing one of two leads: %v", err)
	}
}

func TestOrganisationsOf(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	b, _ := e.apply(t, "Bravo")
	a, _ := e.apply(t, "Alpha")
	mara := e.join(t, a.ID, "mara")
	if err := e.svc.SetMentor(ctx, a.ID, mara, true); err != nil {
		t.Fatal(err)
	}
	// An existing user joins a second organisation through the roles (no second account).
	if err := e.roles.Grant(mara, org.RoleMember, org.Domain(b.ID)); err != nil {
		t.Fatal(err)
	}
	e.restart(t) // the index is rebuilt from the roles
	got := e.svc.OrganisationsOf(ctx, mara)
	if len(got) != 2 || got[0].Org.ID != a.ID || got[1].Org.ID != b.ID {
		t.Fatalf("got %+v, want Alpha then Bravo", got)
	}
	if !reflect.DeepEqual(got[0].Roles, []string{"member", "mentor"}) || !reflect.DeepEqual(got[1].Roles, []string{"member"}) {
		t.Errorf("got roles %v and %v", got[0].Roles, got[1].Roles)
	}
	if got := e.svc.OrganisationsOf(ctx, "nobody"); len(got) != 0 {
		t.Errorf("unknown user: got %+v", got)
	}
}

// TestParticipant follows one user who is a member of two organisations through approvals,
// suspensions and a removal.
func TestParticipant(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, _ := e.apply(t, "Alpha")
	b, _ := e.apply(t, "Bravo")
	mara := e.join(t, a.ID, "mara")
	if err := e.roles.Grant(mara, org.RoleMember, org.Domain(b.ID)); err != nil {
		t.Fatal(err)
	}
	e.restart(t)
	steps := []struct {
		name string
		do   func() error
		want bool
	}{
		{"both pending", func() error { return nil }, false},
		{"approve A", func() error { _, err := e.svc.Approve(ctx, a.ID); return err }, true},
		{"approve B", func() error { _, err := e.svc.Approve(ctx, b.ID); return err }, true},
		{"suspend A, B still approved", func() error { _, err := e.svc.Suspend(ctx, a.ID, "r"); return err }, true},
		{"suspend B", func() error { _, err := e.svc.Suspend(ctx, b.ID, "r"); return err }, false},
		{"re-approve B", func() error { _, err := e.svc.Approve(ctx, b.ID); return err }, true},
		{"remove from B, A suspended", func() error { return e.svc.RemoveMember(ctx, b.ID, mara) }, false},
		{"re-approve A", func() error { _, err := e.svc.Approve(ctx, a.ID); return err }, true},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := e.roles.Has(mara, org.RoleParticipant, org.DomainPlatform); got != s.want {
			t.Errorf("%s: participant got %v, want %v", s.name, got, s.want)
		}
	}
	// A new member of an approved organisation is a participant at once.
	if nia := e.join(t, a.ID, "nia"); !e.roles.Has(nia, org.RoleParticipant, org.DomainPlatform) {
		t.Errorf("new member of an approved organisation is not a participant")
	}
}

func TestRestartRepairsParticipants(t *testing.T) {
	e := newEnv(t)
	o := e.orgIn(t, org.StatusApproved)
	mara := e.join(t, o.ID, "mara")
	// As if the process died between storing a status and updating roles.
	if err := e.roles.Revoke(mara, org.RoleParticipant, org.DomainPlatform); err != nil {
		t.Fatal(err)
	}
	if err := e.roles.Grant("stale", org.RoleParticipant, org.DomainPlatform); err != nil {
		t.Fatal(err)
	}
	e.restart(t)
	if !e.roles.Has(mara, org.RoleParticipant, org.DomainPlatform) || e.roles.Has("stale", org.RoleParticipant, org.DomainPlatform) {
		t.Errorf("restart did not repair participants: %v", e.roles.Users(org.RoleParticipant, org.DomainPlatform))
	}
}
