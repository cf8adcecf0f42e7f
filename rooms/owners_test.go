package rooms_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/rooms"
	"github.com/cascade-platform/cascade/store/storetest"
)

// An owner who leaves a space stops owning it; the last owner leaving hands it to the
// longest-standing member; the last person leaving closes it.
func TestOwnerLeaves(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewDB(t)
	roles, err := authz.New(db.RoleAdapter())
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Minute); return clock }
	s, err := rooms.NewService(ctx, rooms.Config{Store: db, Roles: roles, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateSpace(ctx, "first", "Safety at work", "", rooms.AccessOpen)
	if err != nil {
		t.Fatal(err)
	}
	// zed joins before amy: standing, not the alphabet, decides.
	for _, u := range []string{"zed", "amy", "second"} {
		if err := s.Join(ctx, u, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := roles.Grant("second", rooms.RoleOwner, rooms.Domain(r.ID)); err != nil {
		t.Fatal(err)
	}
	owners := func() []string { return roles.Users(rooms.RoleOwner, rooms.Domain(r.ID)) }

	if err := s.Leave(ctx, "first", r.ID); err != nil {
		t.Fatal(err)
	}
	if got := owners(); !slices.Equal(got, []string{"second"}) {
		t.Errorf("after an owner left, owners %v, want [second]", got)
	}
	if ok, _ := roles.Allowed("first", rooms.Domain(r.ID), "room", "manage"); ok {
		t.Error("an owner who left still manages the space")
	}
	if err := s.Leave(ctx, "second", r.ID); err != nil {
		t.Fatal(err)
	}
	if got := owners(); !slices.Equal(got, []string{"zed"}) {
		t.Errorf("after the last owner left, owners %v, want the longest-standing member zed", got)
	}
	for _, u := range []string{"zed", "amy"} {
		if err := s.Leave(ctx, u, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	closed, err := s.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if closed.Access != rooms.AccessInvite || closed.RetentionDays != 1 || len(owners()) != 0 {
		t.Errorf("after everyone left: %+v, owners %v; want it closed (invite-only, kept a day)", closed, owners())
	}
	if _, joinable := s.ForUser(ctx, "amy"); len(joinable) != 0 {
		t.Errorf("a closed space is joinable: %v", joinable)
	}
}
