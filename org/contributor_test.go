package org_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/cascade-platform/cascade/org"
)

// TestContributorEndsWithMembership: a lead names a member a contributor and stops it;
// leaving takes the role with every other; only members can be named.
func TestContributorEndsWithMembership(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Contributing")
	dom := org.Domain(o.ID)
	ana := e.join(t, o.ID, "ana")
	if err := e.svc.SetContributor(ctx, o.ID, "stranger", true); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("naming a stranger: got %v, want ErrNotFound", err)
	}
	if err := e.svc.SetContributor(ctx, o.ID, ana, true); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(e.roles.Roles(ana, dom), org.RoleContributor) {
		t.Fatalf("ana's roles %v lack contributor", e.roles.Roles(ana, dom))
	}
	if err := e.svc.SetContributor(ctx, o.ID, ana, false); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(e.roles.Roles(ana, dom), org.RoleContributor) {
		t.Fatalf("stopped, ana's roles %v still hold contributor", e.roles.Roles(ana, dom))
	}
	if err := e.svc.SetContributor(ctx, o.ID, ana, true); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.RemoveMember(ctx, o.ID, ana); err != nil {
		t.Fatal(err)
	}
	if got := e.roles.Roles(ana, dom); len(got) != 0 {
		t.Errorf("after leaving ana holds %v", got)
	}
}
