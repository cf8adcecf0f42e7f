package org_test

import (
	"context"
	"slices"
	"testing"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
)

// TestOnApply: the hook is told the id of each stored application, once, and of no
// application that failed.
func TestOnApply(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	var told []string
	e.svc.OnApply(func(_ context.Context, id string) {
		o, err := e.svc.Get(ctx, id)
		if err != nil || o.Status != org.StatusPending {
			t.Errorf("told of %s: got %+v, %v; want a stored pending organisation", id, o, err)
		}
		told = append(told, id)
	})
	a, _ := e.apply(t, "Sisters Rising")
	b, _ := e.apply(t, "Mulheres Unidas")
	bad := orgtest.Profile("Not Stored")
	bad.Country = "XX"
	if _, _, _, err := e.svc.Apply(ctx, "rosa", "correct horse battery", bad); err == nil {
		t.Fatal("a bad profile was accepted")
	}
	if _, _, _, err := e.svc.Apply(ctx, "lua", orgtest.WeakPassword, orgtest.Profile("Weak Password")); err == nil {
		t.Fatal("a weak password was accepted")
	}
	if want := []string{a.ID, b.ID}; !slices.Equal(told, want) {
		t.Errorf("told %v, want %v", told, want)
	}
}
