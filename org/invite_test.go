package org_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
)

func TestCreateInvite(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, lead := e.apply(t, "Inviting")
	inv, token, err := e.svc.CreateInvite(ctx, o.ID, lead)
	if err != nil {
		t.Fatal(err)
	}
	if len(token) != 43 || strings.ContainsAny(token, "+/=") {
		t.Errorf("got token %q, want 43 base64url characters (256 bits)", token)
	}
	if want := e.clock.Now().Add(7 * 24 * time.Hour); !inv.Expires.Equal(want) {
		t.Errorf("got expiry %v, want %v", inv.Expires, want)
	}
	for hash := range e.st.hashes {
		if len(hash) != sha256.Size || strings.Contains(hash, token) {
			t.Errorf("the store got %q, want a SHA-256 hash", hash)
		}
	}
	open, err := e.svc.Invites(ctx, o.ID)
	if err != nil || len(open) != 1 || open[0].ID != inv.ID || open[0].CreatedBy != lead {
		t.Errorf("Invites: got %+v, %v; want the new invite", open, err)
	}
	gotOrg, gotInv, err := e.svc.PeekInvite(ctx, token)
	if err != nil || gotOrg.ID != o.ID || gotInv.ID != inv.ID {
		t.Errorf("PeekInvite: got %s, %s, %v", gotOrg.ID, gotInv.ID, err)
	}
}

func TestCreateInviteRefused(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		status org.Status
		want   error
	}{
		{org.StatusPending, nil},
		{org.StatusApproved, nil},
		{org.StatusRejected, org.ErrConflict},
		{org.StatusSuspended, org.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			e := newEnv(t)
			o := e.orgIn(t, tt.status)
			if _, _, err := e.svc.CreateInvite(ctx, o.ID, "lead"); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	e := newEnv(t)
	if _, _, err := e.svc.CreateInvite(ctx, "nope", "lead"); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("unknown organisation: got %v, want ErrNotFound", err)
	}
	o, _ := e.apply(t, "Busy")
	for range org.MaxPendingInvites {
		if _, _, err := e.svc.CreateInvite(ctx, o.ID, "lead"); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := e.svc.CreateInvite(ctx, o.ID, "lead"); !errors.Is(err, org.ErrConflict) {
		t.Errorf("invite over the limit: got %v, want ErrConflict", err)
	}
}

func TestInviteExpiry(t *testing.T) {
	tests := []struct {
		name  string
		after time.Duration
		valid bool
	}{
		{"fresh", 0, true},
		{"a millisecond before seven days", 7*24*time.Hour - time.Millisecond, true},
		{"at seven days", 7 * 24 * time.Hour, false},
		{"a month later", 30 * 24 * time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			o, _ := e.apply(t, "Expiring")
			_, token, err := e.svc.CreateInvite(ctx, o.ID, "lead")
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(tt.after)
			open, _ := e.svc.Invites(ctx, o.ID)
			if got := len(open) == 1; got != tt.valid {
				t.Errorf("listed: got %v, want %v", got, tt.valid)
			}
			if _, _, err := e.svc.PeekInvite(ctx, token); (err == nil) != tt.valid {
				t.Errorf("PeekInvite: got %v, want valid=%v", err, tt.valid)
			}
			_, _, _, err = e.svc.AcceptInvite(ctx, token, "mara", "correct horse battery")
			if tt.valid && err != nil {
				t.Errorf("AcceptInvite: got %v, want success", err)
			}
			if !tt.valid && !errors.Is(err, org.ErrInviteInvalid) {
				t.Errorf("AcceptInvite: got %v, want ErrInviteInvalid", err)
			}
		})
	}
}

func TestRevokeInvite(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Revoking")
	other, _ := e.apply(t, "Other")
	inv, token, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
	used, usedToken, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
	if _, _, _, err := e.svc.AcceptInvite(ctx, usedToken, "mara", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, org, invite string
		want              error
	}{
		{"another organisation's invite", other.ID, inv.ID, org.ErrNotFound},
		{"unknown invite", o.ID, "nope", org.ErrNotFound},
		{"unknown organisation", "nope", inv.ID, org.ErrNotFound},
		{"used invite", o.ID, used.ID, org.ErrConflict},
		{"open invite", o.ID, inv.ID, nil},
		{"again", o.ID, inv.ID, nil},
	}
	for _, tt := range tests {
		if err := e.svc.RevokeInvite(ctx, tt.org, tt.invite); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
	if open, _ := e.svc.Invites(ctx, o.ID); len(open) != 0 {
		t.Errorf("got open invites %+v, want none", open)
	}
	if _, _, err := e.svc.PeekInvite(ctx, token); !errors.Is(err, org.ErrInviteInvalid) {
		t.Errorf("PeekInvite: got %v, want ErrInviteInvalid", err)
	}
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "nia", "correct horse battery"); !errors.Is(err, org.ErrInviteInvalid) {
		t.Errorf("AcceptInvite: got %v, want ErrInviteInvalid", err)
	}
}

func TestAcceptInvite(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Welcoming")
	_, token, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
	orgID, user, codes, err := e.svc.AcceptInvite(ctx, token, "mara", "correct horse battery")
	if err != nil || orgID != o.ID || user == "" || len(codes) == 0 {
		t.Fatalf("got %q, %q, %v, %v", orgID, user, codes, err)
	}
	if got := e.roles.Roles(user, org.Domain(o.ID)); len(got) != 1 || got[0] != org.RoleMember {
		t.Errorf("got roles %v, want [member]", got)
	}
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "nia", "correct horse battery"); !errors.Is(err, org.ErrInviteInvalid) {
		t.Errorf("second use: got %v, want ErrInviteInvalid", err)
	}
	if _, _, err := e.svc.PeekInvite(ctx, token); !errors.Is(err, org.ErrInviteInvalid) {
		t.Errorf("peek used: got %v, want ErrInviteInvalid", err)
	}
}

func TestBadTokens(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Tokens")
	_, token, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
	for _, bad := range []string{"", "x", token[:42], token + "A", strings.Repeat("A", 43), "!" + token[1:]} {
		if _, _, err := e.svc.PeekInvite(ctx, bad); !errors.Is(err, org.ErrInviteInvalid) {
			t.Errorf("PeekInvite(%q): got %v, want ErrInviteInvalid", bad, err)
		}
	}
}

func TestInviteOfSuspendedOrganisation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o := e.orgIn(t, org.StatusApproved)
	_, token, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
	if _, err := e.svc.Suspend(ctx, o.ID, "reported"); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "mara", "correct horse battery"); !errors.Is(err, org.ErrInviteInvalid) {
		t.Errorf("got %v, want ErrInviteInvalid", err)
	}
}

func TestFailedSignupReleasesInvite(t *testing.T) {
	tests := []struct {
		name, pseudonym, password string
		want                      error
	}{
		{"pseudonym taken", "lead of Releasing", "correct horse battery", orgtest.ErrTaken},
		{"weak password", "mara", orgtest.WeakPassword, orgtest.ErrWeak},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			o, _ := e.apply(t, "Releasing")
			_, token, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
			if _, _, _, err := e.svc.AcceptInvite(ctx, token, tt.pseudonym, tt.password); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if open, _ := e.svc.Invites(ctx, o.ID); len(open) != 1 {
				t.Errorf("got %d open invites after a failed signup, want 1", len(open))
			}
			if _, _, _, err := e.svc.AcceptInvite(ctx, token, "nia", "correct horse battery"); err != nil {
				t.Errorf("retry: got %v, want success", err)
			}
		})
	}
}

func TestConcurrentAcceptsOneWinner(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, _ := e.apply(t, "Racing")
	_, token, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, _, _, errs[i] = e.svc.AcceptInvite(ctx, token, "racer "+string(rune('a'+i)), "correct horse battery")
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, org.ErrInviteInvalid):
			t.Errorf("got %v, want ErrInviteInvalid for a loser", err)
		}
	}
	if wins != 1 || e.acc.Count() != 2 {
		t.Errorf("got %d winners and %d accounts, want 1 and 2 (lead + winner)", wins, e.acc.Count())
	}
}
