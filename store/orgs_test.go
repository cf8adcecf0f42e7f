package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

var _ org.Store = (*store.DB)(nil)

func TestOrganisationRoundTrip(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	hosted := org.Organisation{ID: "o1", Profile: orgtest.Profile("Sisters Rising").Normalize(), Status: org.StatusPending, Created: now, Updated: now}
	// The service keeps the host apart from the profile (org.Service.Apply moves it).
	hosted.Profile.HostName = ""
	hosted.Host = &org.Host{Kind: org.HostCascade, Org: "o9", Link: "l1", State: org.HostDeclined, Reason: "not now", Since: now}
	bare := orgtest.Profile("Bare")
	bare.Region, bare.HostName, bare.About, bare.Legal = "", "", "", org.LegalInformal
	bare.Stage, bare.Offers, bare.Needs, bare.Populations, bare.Capacity = org.StageEstablished, nil, nil, nil, 0
	informal := org.Organisation{ID: "o2", Profile: bare.Normalize(), Status: org.StatusRejected, StatusReason: "why", Created: now, Updated: now}
	for _, o := range []org.Organisation{hosted, informal} {
		if err := o.Profile.Validate(); err != nil {
			t.Fatalf("test profile invalid: %v", err)
		}
		if err := db.InsertOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.InsertOrganisation(ctx, hosted); !errors.Is(err, org.ErrConflict) {
		t.Errorf("duplicate insert: got %v, want ErrConflict", err)
	}
	hosted.Status, hosted.Updated = org.StatusApproved, now.Add(time.Hour)
	hosted.Profile.Offers = append(hosted.Profile.Offers, org.Offer{Topic: org.TopicSafeSpace, Level: 3})
	if err := db.UpdateOrganisation(ctx, hosted); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateOrganisation(ctx, org.Organisation{ID: "nope"}); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("update unknown: got %v, want ErrNotFound", err)
	}
	all, err := db.Organisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]org.Organisation{}
	for _, o := range all {
		got[o.ID] = o
	}
	want := map[string]org.Organisation{hosted.ID: hosted, informal.ID: informal}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestInviteStore(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	hash := sha256.Sum256([]byte("token"))
	inv := org.Invite{ID: "i1", OrgID: "o1", CreatedBy: "u1", Created: now, Expires: now.Add(time.Hour)}
	if err := db.InsertInvite(ctx, inv, hash[:]); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertInvite(ctx, org.Invite{ID: "i2", OrgID: "o1"}, hash[:]); !errors.Is(err, org.ErrConflict) {
		t.Errorf("duplicate token hash: got %v, want ErrConflict", err)
	}
	check := func(step string, want org.Invite) {
		t.Helper()
		got, err := db.InviteByTokenHash(ctx, hash[:])
		if err != nil || got != want {
			t.Errorf("%s: by hash got %+v, %v; want %+v", step, got, err, want)
		}
		list, err := db.InvitesOf(ctx, "o1")
		if err != nil || len(list) != 1 || list[0] != want {
			t.Errorf("%s: list got %+v, %v; want [%+v]", step, list, err, want)
		}
	}
	check("new", inv)
	if err := db.ClaimInvite(ctx, inv.ID, now); err != nil {
		t.Fatal(err)
	}
	used := inv
	used.Used = true
	check("claimed", used)
	if err := db.ClaimInvite(ctx, inv.ID, now); !errors.Is(err, org.ErrConflict) {
		t.Errorf("second claim: got %v, want ErrConflict", err)
	}
	if err := db.ReleaseInviteClaim(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	check("released", inv)
	if err := db.RevokeInvite(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	revoked := inv
	revoked.Revoked = true
	check("revoked", revoked)
	if err := db.RevokeInvite(ctx, "nope"); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("revoke unknown: got %v, want ErrNotFound", err)
	}
	other := sha256.Sum256([]byte("other"))
	if _, err := db.InviteByTokenHash(ctx, other[:]); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("unknown hash: got %v, want ErrNotFound", err)
	}
	if list, err := db.InvitesOf(ctx, "o2"); err != nil || len(list) != 0 {
		t.Errorf("other organisation: got %+v, %v", list, err)
	}
}

// orgEnv is an org service on a real database.
type orgEnv struct {
	db    *store.DB
	svc   *org.Service
	acc   *orgtest.Accounts
	roles *orgtest.Roles
	clock *fakeclock.Clock
}

func newOrgEnv(t *testing.T) *orgEnv {
	t.Helper()
	e := &orgEnv{db: storetest.NewDB(t), acc: &orgtest.Accounts{}, roles: &orgtest.Roles{}, clock: fakeclock.New()}
	e.restart(t)
	return e
}

func (e *orgEnv) restart(t *testing.T) {
	t.Helper()
	svc, err := org.NewService(context.Background(), e.db, e.acc, e.roles, org.Options{Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
}

func TestInviteSingleUseUnderConcurrency(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	o, _, _, err := e.svc.Apply(ctx, "lead", "correct horse battery", orgtest.Profile("Racing"))
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := e.svc.CreateInvite(ctx, o.ID, "lead")
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			_, _, _, errs[i] = e.svc.AcceptInvite(ctx, token, fmt.Sprintf("racer %d", i), "correct horse battery")
		})
	}
	close(start)
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
		} else if !errors.Is(err, org.ErrInviteInvalid) {
			t.Errorf("loser got %v, want ErrInviteInvalid", err)
		}
	}
	if wins != 1 || e.acc.Count() != 2 {
		t.Errorf("got %d winners and %d accounts, want 1 and 2 (lead + winner)", wins, e.acc.Count())
	}
	if got := len(e.svc.Members(ctx, o.ID)); got != 2 {
		t.Errorf("got %d members, want 2", got)
	}
}

func TestInviteClaimReleasedOnFailedSignup(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	o, _, _, err := e.svc.Apply(ctx, "lead", "correct horse battery", orgtest.Profile("Releasing"))
	if err != nil {
		t.Fatal(err)
	}
	_, token, _ := e.svc.CreateInvite(ctx, o.ID, "lead")
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "lead", "correct horse battery"); !errors.Is(err, orgtest.ErrTaken) {
		t.Fatalf("taken pseudonym: got %v, want ErrTaken", err)
	}
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "mara", orgtest.WeakPassword); !errors.Is(err, orgtest.ErrWeak) {
		t.Fatalf("weak password: got %v, want ErrWeak", err)
	}
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "mara", "correct horse battery"); err != nil {
		t.Fatalf("after failed signups: got %v, want success", err)
	}
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "nia", "correct horse battery"); !errors.Is(err, org.ErrInviteInvalid) {
		t.Errorf("reuse: got %v, want ErrInviteInvalid", err)
	}
}

func TestOrgServiceRestart(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	a, lead, _, err := e.svc.Apply(ctx, "lead", "correct horse battery", orgtest.Profile("Alpha"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, _, err := e.svc.Apply(ctx, "lead b", "correct horse battery", orgtest.Profile("Bravo"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Approve(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Reject(ctx, b.ID, "not eligible"); err != nil {
		t.Fatal(err)
	}
	_, token, _ := e.svc.CreateInvite(ctx, a.ID, lead)
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "mara", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	open, _, _ := e.svc.CreateInvite(ctx, a.ID, lead)
	wantList, wantDir := e.svc.List(ctx, ""), e.svc.Directory(ctx)
	wantMembers, wantOf := e.svc.Members(ctx, a.ID), e.svc.OrganisationsOf(ctx, lead)

	e.restart(t)
	if got := e.svc.List(ctx, ""); !reflect.DeepEqual(got, wantList) {
		t.Errorf("List: got %+v\nwant %+v", got, wantList)
	}
	if got := e.svc.Directory(ctx); !reflect.DeepEqual(got, wantDir) {
		t.Errorf("Directory: got %+v\nwant %+v", got, wantDir)
	}
	if got := e.svc.Members(ctx, a.ID); !reflect.DeepEqual(got, wantMembers) {
		t.Errorf("Members: got %+v, want %+v", got, wantMembers)
	}
	if got := e.svc.OrganisationsOf(ctx, lead); !reflect.DeepEqual(got, wantOf) {
		t.Errorf("OrganisationsOf: got %+v, want %+v", got, wantOf)
	}
	if got, err := e.svc.Invites(ctx, a.ID); err != nil || len(got) != 1 || got[0] != open {
		t.Errorf("Invites: got %+v, %v; want [%+v]", got, err, open)
	}
	if _, _, _, err := e.svc.AcceptInvite(ctx, token, "nia", "correct horse battery"); !errors.Is(err, org.ErrInviteInvalid) {
		t.Errorf("used invite after restart: got %v, want ErrInviteInvalid", err)
	}
}
