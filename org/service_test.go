package org_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
)

// env is a service on fakes.
type env struct {
	svc   *org.Service
	st    *fakeStore
	acc   *orgtest.Accounts
	roles *orgtest.Roles
	clock *fakeclock.Clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{st: newFakeStore(), acc: &orgtest.Accounts{}, roles: &orgtest.Roles{}, clock: fakeclock.New()}
	e.restart(t)
	return e
}

// restart builds a new service on the same store and roles, as a process restart would.
func (e *env) restart(t *testing.T) {
	t.Helper()
	svc, err := org.NewService(context.Background(), e.st, e.acc, e.roles, org.Options{Now: e.clock.Now})
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	e.svc = svc
}

// apply creates a pending organisation and returns it with its lead's user id.
func (e *env) apply(t *testing.T, name string) (org.Organisation, string) {
	t.Helper()
	o, lead, codes, err := e.svc.Apply(context.Background(), "lead of "+name, "correct horse battery", orgtest.Profile(name))
	if err != nil || len(codes) == 0 {
		t.Fatalf("Apply(%s): %v (codes %v)", name, err, codes)
	}
	return o, lead
}

// join invites a new member into orgID and returns their user id.
func (e *env) join(t *testing.T, orgID, pseudonym string) string {
	t.Helper()
	ctx := context.Background()
	_, token, err := e.svc.CreateInvite(ctx, orgID, "someone")
	if err != nil {
		t.Fatalf("CreateInvite: %v", err)
	}
	gotOrg, user, _, err := e.svc.AcceptInvite(ctx, token, pseudonym, "correct horse battery")
	if err != nil || gotOrg != orgID {
		t.Fatalf("AcceptInvite: got %q, %v; want %q", gotOrg, err, orgID)
	}
	return user
}

func TestApply(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p := orgtest.Profile("  Sisters Rising ")
	o, lead, _, err := e.svc.Apply(ctx, "rosa", "correct horse battery", p)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != org.StatusPending || o.Profile.Name != "Sisters Rising" || o.ID == "" {
		t.Errorf("got %+v, want a pending, normalised organisation", o)
	}
	if !o.Created.Equal(e.clock.Now()) || !o.Updated.Equal(o.Created) {
		t.Errorf("got created %v updated %v, want %v", o.Created, o.Updated, e.clock.Now())
	}
	if got := e.roles.Roles(lead, org.Domain(o.ID)); !reflect.DeepEqual(got, []string{"lead", "member"}) {
		t.Errorf("got lead's roles %v, want [lead member]", got)
	}
	if e.roles.Has(lead, org.RoleParticipant, org.DomainPlatform) {
		t.Errorf("lead of a pending organisation is a participant")
	}
	if got, err := e.svc.Get(ctx, o.ID); err != nil || !reflect.DeepEqual(got, o) {
		t.Errorf("Get: got %+v, %v; want %+v", got, err, o)
	}
}

func TestApplyFailures(t *testing.T) {
	ctx := context.Background()
	bad := orgtest.Profile("Sisters Rising")
	bad.Country = "XX"
	tests := []struct {
		name      string
		pseudonym string
		password  string
		profile   org.Profile
		want      error
	}{
		{"bad profile", "rosa", "correct horse battery", bad, org.ErrInvalid},
		{"weak password", "rosa", orgtest.WeakPassword, orgtest.Profile("Sisters Rising"), orgtest.ErrWeak},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, _, _, err := e.svc.Apply(ctx, tt.pseudonym, tt.password, tt.profile)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if n := e.acc.Count(); n != 0 {
				t.Errorf("got %d accounts, want 0", n)
			}
			if n := len(e.svc.List(ctx, "")); n != 0 {
				t.Errorf("got %d organisations, want 0", n)
			}
		})
	}
}

func TestGetUnknown(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.Get(context.Background(), "nope"); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound", err)
	}
}

func TestListAndDirectory(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ids := map[string]string{}
	for _, name := range []string{"Zeta", "ágape", "Beta", "Alpha", "Pending", "Rejected", "Suspended"} {
		o, _ := e.apply(t, name)
		ids[name] = o.ID
		e.clock.Advance(time.Minute)
	}
	for _, name := range []string{"Zeta", "ágape", "Beta", "Alpha", "Suspended"} {
		if _, err := e.svc.Approve(ctx, ids[name]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.Reject(ctx, ids["Rejected"], "not sex worker-led"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Suspend(ctx, ids["Suspended"], "under review"); err != nil {
		t.Fatal(err)
	}

	var names []string
	for _, d := range e.svc.Directory(ctx) {
		names = append(names, d.Name)
	}
	if want := []string{"ágape", "Alpha", "Beta", "Zeta"}; !reflect.DeepEqual(names, want) {
		t.Errorf("directory: got %v, want %v", names, want)
	}
	raw, _ := json.Marshal(e.svc.Directory(ctx))
	for _, secret := range []string{"Friendly NGO", "host_name", "legal", "hosted", "status", "under review"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("directory JSON contains %q: %s", secret, raw)
		}
	}

	tests := []struct {
		status org.Status
		want   []string
	}{
		{"", []string{"Zeta", "ágape", "Beta", "Alpha", "Pending", "Rejected", "Suspended"}},
		{org.StatusApproved, []string{"Zeta", "ágape", "Beta", "Alpha"}},
		{org.StatusPending, []string{"Pending"}},
		{org.StatusRejected, []string{"Rejected"}},
		{org.StatusSuspended, []string{"Suspended"}},
	}
	for _, tt := range tests {
		var got []string
		for _, o := range e.svc.List(ctx, tt.status) {
			got = append(got, o.Profile.Name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("List(%q): got %v, want %v (oldest first)", tt.status, got, tt.want)
		}
	}
}

func TestDirectoryFollowsProfileChanges(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Before")
	if _, err := e.svc.Approve(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	_ = e.svc.Directory(ctx) // fill the cache
	p := o.Profile
	p.Name = "After"
	e.clock.Advance(time.Hour)
	updated, err := e.svc.UpdateProfile(ctx, o.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	if !updated.Updated.Equal(e.clock.Now()) || !updated.Created.Equal(o.Created) {
		t.Errorf("got created %v updated %v", updated.Created, updated.Updated)
	}
	if dir := e.svc.Directory(ctx); len(dir) != 1 || dir[0].Name != "After" {
		t.Errorf("got directory %+v, want the new name", dir)
	}
}

func TestUpdateProfile(t *testing.T) {
	ctx := context.Background()
	bad := orgtest.Profile("x")
	bad.Capacity = 99
	tests := []struct {
		name    string
		status  org.Status
		profile org.Profile
		want    error
	}{
		{"pending", org.StatusPending, orgtest.Profile("New name"), nil},
		{"approved", org.StatusApproved, orgtest.Profile("New name"), nil},
		{"suspended", org.StatusSuspended, orgtest.Profile("New name"), nil},
		{"rejected", org.StatusRejected, orgtest.Profile("New name"), org.ErrConflict},
		{"invalid", org.StatusApproved, bad, org.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			o := e.orgIn(t, tt.status)
			_, err := e.svc.UpdateProfile(ctx, o.ID, tt.profile)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			got, _ := e.svc.Get(ctx, o.ID)
			if changed := got.Profile.Name == "New name"; changed != (tt.want == nil) {
				t.Errorf("got name %q after %v", got.Profile.Name, err)
			}
		})
	}
	e := newEnv(t)
	if _, err := e.svc.UpdateProfile(ctx, "nope", orgtest.Profile("x y")); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("unknown organisation: got %v, want ErrNotFound", err)
	}
}

func TestStoreFailureLeavesMemoryUnchanged(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Steady")
	e.st.fail = errors.New("disk full")
	if _, err := e.svc.Approve(ctx, o.ID); err == nil {
		t.Fatal("Approve succeeded with a failing store")
	}
	if got, _ := e.svc.Get(ctx, o.ID); got.Status != org.StatusPending {
		t.Errorf("got status %s in memory, want pending", got.Status)
	}
}

func TestReturnedValuesAreCopies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Copies")
	o.Profile.Languages[0] = "xx"
	got, _ := e.svc.Get(ctx, o.ID)
	got.Profile.Offers[0].Level = 3
	if again, _ := e.svc.Get(ctx, o.ID); again.Profile.Languages[0] != "pt" || again.Profile.Offers[0].Level != 2 {
		t.Errorf("caller changed the service's copy: %+v", again.Profile)
	}
}

func TestRestartSeesEverything(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, lead := e.apply(t, "Lasting")
	if _, err := e.svc.Approve(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	member := e.join(t, o.ID, "mara")
	before := e.svc.List(ctx, "")
	e.restart(t)
	if got := e.svc.List(ctx, ""); !reflect.DeepEqual(got, before) {
		t.Errorf("after restart got %+v, want %+v", got, before)
	}
	for _, u := range []string{lead, member} {
		if ms := e.svc.OrganisationsOf(ctx, u); len(ms) != 1 || ms[0].Org.ID != o.ID {
			t.Errorf("OrganisationsOf(%s) after restart: got %+v", u, ms)
		}
	}
}
