package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
)

// An expired application is gone from the store with its invites, and stays gone after
// a restart; an approved one stays.
func TestExpireApplicationsStored(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	stale, _, _, err := e.svc.Apply(ctx, "lead", "correct horse battery", orgtest.Profile("Stale"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.CreateInvite(ctx, stale.ID, "lead"); err != nil {
		t.Fatal(err)
	}
	kept, _, _, err := e.svc.Apply(ctx, "lead b", "correct horse battery", orgtest.Profile("Kept"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Approve(ctx, kept.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(org.ApplicationTTL + time.Second)
	if n, err := e.svc.ExpireApplications(ctx); n != 1 || err != nil {
		t.Fatalf("ExpireApplications: got %d, %v; want 1", n, err)
	}
	if _, err := e.db.Organisation(ctx, stale.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("stored expired organisation: got %v, want ErrNotFound", err)
	}
	if list, err := e.db.InvitesOf(ctx, stale.ID); err != nil || len(list) != 0 {
		t.Errorf("invites of the expired organisation: got %d, %v; want none", len(list), err)
	}
	if n := e.acc.Count(); n != 1 {
		t.Errorf("got %d accounts, want 1 (the approved lead's)", n)
	}
	e.restart(t)
	if _, err := e.svc.Get(ctx, stale.ID); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("after a restart, Get(expired): got %v, want ErrNotFound", err)
	}
	if _, err := e.svc.Get(ctx, kept.ID); err != nil {
		t.Errorf("after a restart, Get(approved): %v", err)
	}
}
