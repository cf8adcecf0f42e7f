package org_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/org"
)

var allStatuses = []org.Status{org.StatusPending, org.StatusApproved, org.StatusRejected, org.StatusSuspended}

func TestStatusCanBecome(t *testing.T) {
	allowed := map[[2]org.Status]bool{
		{org.StatusPending, org.StatusApproved}:   true,
		{org.StatusPending, org.StatusRejected}:   true,
		{org.StatusApproved, org.StatusSuspended}: true,
		{org.StatusSuspended, org.StatusApproved}: true,
	}
	for _, from := range allStatuses {
		for _, to := range allStatuses {
			if got, want := from.CanBecome(to), allowed[[2]org.Status{from, to}]; got != want {
				t.Errorf("%s → %s: got %v, want %v", from, to, got, want)
			}
		}
	}
}

// orgIn returns a new organisation brought into status st through allowed transitions.
func (e *env) orgIn(t *testing.T, st org.Status) org.Organisation {
	t.Helper()
	ctx := context.Background()
	o, _ := e.apply(t, "Org "+string(st))
	var err error
	switch st {
	case org.StatusApproved:
		o, err = e.svc.Approve(ctx, o.ID)
	case org.StatusRejected:
		o, err = e.svc.Reject(ctx, o.ID, "not eligible")
	case org.StatusSuspended:
		if o, err = e.svc.Approve(ctx, o.ID); err == nil {
			o, err = e.svc.Suspend(ctx, o.ID, "reported")
		}
	}
	if err != nil || o.Status != st {
		t.Fatalf("bring organisation to %s: got %s, %v", st, o.Status, err)
	}
	return o
}

// TestStatusTransitions runs every (from, to) pair through the service.
func TestStatusTransitions(t *testing.T) {
	ctx := context.Background()
	do := map[org.Status]func(svc *org.Service, id string) (org.Organisation, error){
		org.StatusApproved:  func(svc *org.Service, id string) (org.Organisation, error) { return svc.Approve(ctx, id) },
		org.StatusRejected:  func(svc *org.Service, id string) (org.Organisation, error) { return svc.Reject(ctx, id, "why") },
		org.StatusSuspended: func(svc *org.Service, id string) (org.Organisation, error) { return svc.Suspend(ctx, id, "why") },
	}
	tests := []struct {
		from, to org.Status
		want     error
	}{
		{org.StatusPending, org.StatusApproved, nil},
		{org.StatusPending, org.StatusRejected, nil},
		{org.StatusPending, org.StatusSuspended, org.ErrConflict},
		{org.StatusApproved, org.StatusApproved, org.ErrConflict},
		{org.StatusApproved, org.StatusRejected, org.ErrConflict},
		{org.StatusApproved, org.StatusSuspended, nil},
		{org.StatusRejected, org.StatusApproved, org.ErrConflict},
		{org.StatusRejected, org.StatusRejected, org.ErrConflict},
		{org.StatusRejected, org.StatusSuspended, org.ErrConflict},
		{org.StatusSuspended, org.StatusApproved, nil},
		{org.StatusSuspended, org.StatusRejected, org.ErrConflict},
		{org.StatusSuspended, org.StatusSuspended, org.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"→"+string(tt.to), func(t *testing.T) {
			e := newEnv(t)
			o := e.orgIn(t, tt.from)
			got, err := do[tt.to](e.svc, o.ID)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			stored, _ := e.svc.Get(ctx, o.ID)
			wantStatus, wantReason := tt.from, o.StatusReason
			if tt.want == nil {
				wantStatus, wantReason = tt.to, "why"
				if tt.to == org.StatusApproved {
					wantReason = ""
				}
				if got.Status != tt.to {
					t.Errorf("returned status %s, want %s", got.Status, tt.to)
				}
			}
			if stored.Status != wantStatus || stored.StatusReason != wantReason {
				t.Errorf("stored %s (%q), want %s (%q)", stored.Status, stored.StatusReason, wantStatus, wantReason)
			}
			if e.st.orgs[o.ID].Status != wantStatus {
				t.Errorf("store has %s, want %s", e.st.orgs[o.ID].Status, wantStatus)
			}
		})
	}
	if len(tests) != len(allStatuses)*(len(allStatuses)-1) {
		t.Errorf("table has %d rows, want every pair with a target other than pending", len(tests))
	}
}

func TestStatusReason(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, reason string
		want         error
	}{
		{"given", "  outside the programme  ", nil},
		{"empty", "", org.ErrInvalid},
		{"blank", "   ", org.ErrInvalid},
		{"too long", strings.Repeat("r", org.ReasonMaxLen+1), org.ErrInvalid},
		{"control character", "bad\x00", org.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			o, _ := e.apply(t, "Reasoned")
			got, err := e.svc.Reject(ctx, o.ID, tt.reason)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err == nil && got.StatusReason != "outside the programme" {
				t.Errorf("got reason %q", got.StatusReason)
			}
		})
	}
	e := newEnv(t)
	if _, err := e.svc.Approve(ctx, "nope"); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("unknown organisation: got %v, want ErrNotFound", err)
	}
}

// TestOnStatus: the status hook is told each stored change, after it is visible and the
// participant role follows it, and a change refused is not told; its error is returned
// with the stored organisation.
func TestOnStatus(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	o, lead := e.apply(t, "Hooked")
	var seen []org.Status
	var fail error
	e.svc.OnStatus(func(ctx context.Context, id string) error {
		now, err := e.svc.Get(ctx, id)
		if err != nil {
			return err
		}
		seen = append(seen, now.Status)
		if participant := slices.Contains(e.roles.Roles(lead, org.DomainPlatform), org.RoleParticipant); participant != (now.Status == org.StatusApproved) {
			t.Errorf("hook for %s ran while the lead's participant role was %v", now.Status, participant)
		}
		return fail
	})
	if _, err := e.svc.Approve(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Approve(ctx, o.ID); !errors.Is(err, org.ErrConflict) {
		t.Fatalf("approve twice: got %v, want ErrConflict", err)
	}
	fail = errors.New("exchanges unreachable")
	got, err := e.svc.Suspend(ctx, o.ID, "reported")
	if !errors.Is(err, fail) || got.Status != org.StatusSuspended {
		t.Errorf("suspend with a failing hook: got %s, %v; want suspended and the hook's error", got.Status, err)
	}
	if want := []org.Status{org.StatusApproved, org.StatusSuspended}; !slices.Equal(seen, want) {
		t.Errorf("hook saw %v, want %v", seen, want)
	}
}
