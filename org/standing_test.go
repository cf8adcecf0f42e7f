package org_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/org/orgtest"
)

// standings records what the organisations announce.
type standings struct{ told []string }

func (s *standings) StandingChanged(_ context.Context, orgID string, users []string) {
	users = slices.Sorted(slices.Values(users))
	s.told = append(s.told, orgID+":"+strings.Join(users, ","))
}

// Every change of standing is announced by the service that makes it, once stored:
// naming and un-naming a mentor, a removal, a suspension and a re-approval; a refused
// change announces nothing.
func TestStandingChangedIsAnnounced(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, lead := e.apply(t, "Mentoring")
	mara := e.join(t, o.ID, "mara")
	nia := e.join(t, o.ID, "nia")
	told := &standings{}
	e.svc.OnStanding(told)

	steps := []func() error{
		func() error { return e.svc.SetMentor(ctx, o.ID, mara, true) },
		func() error { return e.svc.SetMentor(ctx, o.ID, mara, false) },
		func() error { return e.svc.RemoveMember(ctx, o.ID, nia) },
		func() error { _, err := e.svc.Approve(ctx, o.ID); return err },
		func() error { _, err := e.svc.Suspend(ctx, o.ID, "under review"); return err },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	// Refused: the last lead, a stranger.
	_ = e.svc.RemoveMember(ctx, o.ID, lead)
	_ = e.svc.SetMentor(ctx, o.ID, "nobody", true)

	all := strings.Join(slices.Sorted(slices.Values([]string{lead, mara})), ",")
	want := []string{o.ID + ":" + mara, o.ID + ":" + mara, o.ID + ":" + nia, o.ID + ":" + all, o.ID + ":" + all}
	if !reflect.DeepEqual(told.told, want) {
		t.Errorf("told %v, want %v", told.told, want)
	}
}

// An instance that reads again an organisation whose status another instance changed
// announces the change of standing itself: what follows from a status is decided where
// it is known. A refresh that finds the same status announces nothing.
func TestRefreshAnnouncesAChangedStatus(t *testing.T) {
	ctx := context.Background()
	a, b, _ := sharedPair(t)
	o, lead, _, err := a.Apply(ctx, "rosa", "correct horse battery", orgtest.Profile("Sisters Rising"))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Refresh(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	told := &standings{}
	b.OnStanding(told)
	if _, err := a.Approve(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := b.Refresh(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{o.ID + ":" + lead}; !reflect.DeepEqual(told.told, want) {
		t.Errorf("b told %v, want %v once", told.told, want)
	}
}
