package authz

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

func newTest(t *testing.T, a *memAdapter) *Enforcer {
	t.Helper()
	e, err := New(a)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func allowed(t *testing.T, e *Enforcer, userID, dom, obj, act string) bool {
	t.Helper()
	ok, err := e.Allowed(userID, dom, obj, act)
	if err != nil {
		t.Fatalf("Allowed(%s, %s, %s, %s): %v", userID, dom, obj, act, err)
	}
	return ok
}

func mustGrant(t *testing.T, e *Enforcer, userID, role, dom string) {
	t.Helper()
	if err := e.Grant(userID, role, dom); err != nil {
		t.Fatalf("Grant(%s, %s, %s): %v", userID, role, dom, err)
	}
}

// objectActions lists every distinct object/action pair of the shipped policy.
func objectActions(t *testing.T) [][2]string {
	t.Helper()
	policy, err := parsePolicy(policyCSV)
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]string
	for _, p := range policy {
		if pair := [2]string{p[2], p[3]}; !slices.Contains(pairs, pair) {
			pairs = append(pairs, pair)
		}
	}
	return pairs
}

func TestNothingCrossesDomains(t *testing.T) {
	tests := []struct {
		name      string
		roles     []string
		home, far string
	}{
		{"every org role of org A in org B", []string{RoleLead, RoleMember, RoleMentor}, OrgDomain("a"), OrgDomain("b")},
		{"every room role of room A in room B", []string{RoleOwner, RoleMember, RoleRoomMod}, RoomDomain("a"), RoomDomain("b")},
		{"org A roles in a room with the same id", []string{RoleLead, RoleMember, RoleMentor}, OrgDomain("a"), RoomDomain("a")},
		{"org A roles on the platform", []string{RoleLead, RoleMember, RoleMentor}, OrgDomain("a"), Platform},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTest(t, newMemAdapter())
			for _, r := range tt.roles {
				mustGrant(t, e, "1", r, tt.home)
			}
			var home int
			for _, p := range objectActions(t) {
				if allowed(t, e, "1", tt.home, p[0], p[1]) {
					home++
				}
				if allowed(t, e, "1", tt.far, p[0], p[1]) {
					t.Errorf("allowed %s/%s in %s with roles %v in %s", p[0], p[1], tt.far, tt.roles, tt.home)
				}
			}
			// Guards against a vacuous pass: the roles must do something at home.
			if home == 0 {
				t.Errorf("roles %v allow nothing in %s", tt.roles, tt.home)
			}
		})
	}
}

func TestChangesApplyAtNextDecision(t *testing.T) {
	org, room := OrgDomain("1"), RoomDomain("1")
	tests := []struct {
		name   string
		setup  func(*Enforcer) error
		change func(*Enforcer) error
		dom    string
		obj    string
		act    string
		before bool
		after  bool
	}{
		{"grant lead", nil, func(e *Enforcer) error { return e.Grant("1", RoleLead, org) }, org, "profile", "update", false, true},
		{"revoke lead", func(e *Enforcer) error { return e.Grant("1", RoleLead, org) },
			func(e *Enforcer) error { return e.Revoke("1", RoleLead, org) }, org, "profile", "update", true, false},
		{"grant platform admin", nil, func(e *Enforcer) error { return e.Grant("1", RoleAdmin, Platform) }, Platform, "applications", "review", false, true},
		{"revoke platform admin", func(e *Enforcer) error { return e.Grant("1", RoleAdmin, Platform) },
			func(e *Enforcer) error { return e.Revoke("1", RoleAdmin, Platform) }, Platform, "applications", "review", true, false},
		{"mute", func(e *Enforcer) error { return e.Grant("1", RoleMember, room) },
			func(e *Enforcer) error { return e.Grant("1", RoleMuted, room) }, room, "messages", "write", true, false},
		{"ban", func(e *Enforcer) error { return e.Grant("1", RoleMember, room) },
			func(e *Enforcer) error { return e.Grant("1", RoleBanned, room) }, room, "messages", "read", true, false},
		{"unmute", func(e *Enforcer) error {
			return errors.Join(e.Grant("1", RoleMember, room), e.Grant("1", RoleMuted, room))
		}, func(e *Enforcer) error { return e.Revoke("1", RoleMuted, room) }, room, "messages", "write", false, true},
		{"remove user", func(e *Enforcer) error {
			return errors.Join(e.Grant("1", RoleUser, Platform), e.Grant("1", RoleLead, org))
		}, func(e *Enforcer) error { return e.RemoveUser("1") }, org, "members", "manage", true, false},
		{"remove domain", func(e *Enforcer) error { return e.Grant("1", RoleOwner, room) },
			func(e *Enforcer) error { return e.RemoveDomain(room) }, room, "room", "manage", true, false},
		{"grant again after domain removed", func(e *Enforcer) error {
			return errors.Join(e.Grant("1", RoleOwner, room), e.RemoveDomain(room))
		}, func(e *Enforcer) error { return e.Grant("1", RoleOwner, room) }, room, "room", "manage", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newMemAdapter()
			e := newTest(t, a)
			if tt.setup != nil {
				if err := tt.setup(e); err != nil {
					t.Fatalf("setup: %v", err)
				}
			}
			if got := allowed(t, e, "1", tt.dom, tt.obj, tt.act); got != tt.before {
				t.Fatalf("before: got %v, want %v", got, tt.before)
			}
			if err := tt.change(e); err != nil {
				t.Fatalf("change: %v", err)
			}
			if got := allowed(t, e, "1", tt.dom, tt.obj, tt.act); got != tt.after {
				t.Errorf("after: got %v, want %v", got, tt.after)
			}
			// The store must agree with memory: a fresh enforcer on it decides the same.
			if got := allowed(t, newTest(t, a), "1", tt.dom, tt.obj, tt.act); got != tt.after {
				t.Errorf("after reload from the adapter: got %v, want %v", got, tt.after)
			}
		})
	}
}

func TestRemoveUserKeepsOthers(t *testing.T) {
	a := newMemAdapter()
	e := newTest(t, a)
	mustGrant(t, e, "1", RoleLead, OrgDomain("1"))
	mustGrant(t, e, "1", RoleAdmin, Platform)
	mustGrant(t, e, "2", RoleLead, OrgDomain("1"))
	mustGrant(t, e, "2", RoleAdmin, Platform)
	mustGrant(t, e, "12", RoleAdmin, Platform)
	if err := e.RemoveUser("1"); err != nil {
		t.Fatal(err)
	}
	if got, want := e.Users(RoleLead, OrgDomain("1")), []string{"2"}; !slices.Equal(got, want) {
		t.Errorf("leads = %v, want %v", got, want)
	}
	if got, want := e.Users(RoleAdmin, Platform), []string{"12", "2"}; !slices.Equal(got, want) {
		t.Errorf("admins = %v, want %v", got, want)
	}
	if got, want := a.len(), 3; got != want {
		t.Errorf("adapter holds %d lines, want %d", got, want)
	}
}

func TestRemoveDomainKeepsOthers(t *testing.T) {
	a := newMemAdapter()
	e := newTest(t, a)
	mustGrant(t, e, "1", RoleOwner, RoomDomain("1"))
	mustGrant(t, e, "2", RoleMember, RoomDomain("1"))
	mustGrant(t, e, "1", RoleOwner, RoomDomain("2"))
	mustGrant(t, e, "1", RoleLead, OrgDomain("1"))
	mustGrant(t, e, "1", RoleUser, Platform)
	if err := e.RemoveDomain(RoomDomain("1")); err != nil {
		t.Fatal(err)
	}
	if got := e.Users(RoleMember, RoomDomain("1")); len(got) != 0 {
		t.Errorf("room 1 members = %v, want none", got)
	}
	for _, dom := range []string{RoomDomain("2"), OrgDomain("1"), Platform} {
		if got := e.Roles("1", dom); len(got) != 1 {
			t.Errorf("roles in %s = %v, want one", dom, got)
		}
	}
	if got, want := a.len(), 3; got != want {
		t.Errorf("adapter holds %d lines, want %d", got, want)
	}
}

func TestRolesAndUsers(t *testing.T) {
	e := newTest(t, newMemAdapter())
	mustGrant(t, e, "1", RoleMember, OrgDomain("1"))
	mustGrant(t, e, "1", RoleLead, OrgDomain("1"))
	mustGrant(t, e, "1", RoleUser, Platform)
	mustGrant(t, e, "1", RoleAdmin, Platform)
	mustGrant(t, e, "2", RoleLead, OrgDomain("1"))
	mustGrant(t, e, "2", RoleLead, OrgDomain("2"))
	mustGrant(t, e, "2", RoleUser, Platform)
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"roles of 1 in org 1", e.Roles("1", OrgDomain("1")), []string{RoleLead, RoleMember}},
		{"roles of 1 on the platform", e.Roles("1", Platform), []string{RoleAdmin, RoleUser}},
		{"roles of 1 in org 2", e.Roles("1", OrgDomain("2")), nil},
		{"roles of 2 in org 2", e.Roles("2", OrgDomain("2")), []string{RoleLead}},
		{"roles of unknown user", e.Roles("9", OrgDomain("1")), nil},
		{"leads of org 1", e.Users(RoleLead, OrgDomain("1")), []string{"1", "2"}},
		{"members of org 1", e.Users(RoleMember, OrgDomain("1")), []string{"1"}},
		{"users", e.Users(RoleUser, Platform), []string{"1", "2"}},
		{"admins", e.Users(RoleAdmin, Platform), []string{"1"}},
		{"leads of unknown org", e.Users(RoleLead, OrgDomain("9")), nil},
		{"platform role asked in an org", e.Users(RoleAdmin, OrgDomain("1")), nil},
		{"malformed domain", e.Roles("1", "org:*"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) && (len(tt.got) != 0 || len(tt.want) != 0) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestGrantIsIdempotent(t *testing.T) {
	a := newMemAdapter()
	e := newTest(t, a)
	for range 3 {
		mustGrant(t, e, "1", RoleLead, OrgDomain("1"))
		mustGrant(t, e, "1", RoleUser, Platform)
	}
	if got, want := a.len(), 2; got != want {
		t.Errorf("adapter holds %d lines, want %d", got, want)
	}
	for range 2 {
		if err := e.Revoke("1", RoleLead, OrgDomain("1")); err != nil {
			t.Errorf("revoke: %v", err)
		}
	}
	if err := e.Revoke("5", RoleBanned, RoomDomain("3")); err != nil {
		t.Errorf("revoke of a grant that never existed: %v", err)
	}
}

func TestGrantRewritesWhatAnotherInstanceRevoked(t *testing.T) {
	a := newMemAdapter()
	one, two := newTest(t, a), newTest(t, a)
	mustGrant(t, one, "1", RoleLead, OrgDomain("1"))
	if err := two.Reload(); err != nil {
		t.Fatal(err)
	}
	if err := two.Revoke("1", RoleLead, OrgDomain("1")); err != nil {
		t.Fatal(err)
	}
	// one still holds the grant in memory; granting again must still store it.
	mustGrant(t, one, "1", RoleLead, OrgDomain("1"))
	if !a.has("g", Subject("1"), RoleLead, OrgDomain("1")) {
		t.Error("grant not stored")
	}
}

func TestReloadSeesOtherInstances(t *testing.T) {
	a := newMemAdapter()
	one, two := newTest(t, a), newTest(t, a)
	mustGrant(t, one, "1", RoleLead, OrgDomain("1"))
	if allowed(t, two, "1", OrgDomain("1"), "profile", "update") {
		t.Fatal("second instance saw the grant before Reload; the test cannot tell Reload works")
	}
	if err := two.Reload(); err != nil {
		t.Fatal(err)
	}
	if !allowed(t, two, "1", OrgDomain("1"), "profile", "update") {
		t.Error("second instance does not see the grant after Reload")
	}
	if err := one.Revoke("1", RoleLead, OrgDomain("1")); err != nil {
		t.Fatal(err)
	}
	if err := two.Reload(); err != nil {
		t.Fatal(err)
	}
	if allowed(t, two, "1", OrgDomain("1"), "profile", "update") {
		t.Error("second instance still sees the revoked grant after Reload")
	}
}

// TestReloadKeepsChangesMadeWhileLoading: a grant and a revoke land after the reload
// read the store and before it finished; the reloaded state must include both.
func TestReloadKeepsChangesMadeWhileLoading(t *testing.T) {
	a := newMemAdapter()
	e := newTest(t, a)
	org := OrgDomain("1")
	mustGrant(t, e, "old", RoleLead, org)
	read, release := make(chan struct{}), make(chan struct{})
	a.mu.Lock()
	a.onLoad = func() {
		close(read)
		<-release
	}
	a.mu.Unlock()
	done := make(chan error)
	go func() { done <- e.Reload() }()
	<-read
	mustGrant(t, e, "new", RoleLead, org)
	if err := e.Revoke("old", RoleLead, org); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if got, want := e.Users(RoleLead, org), []string{"new"}; !slices.Equal(got, want) {
		t.Errorf("leads after reload = %v, want %v", got, want)
	}
}

// TestFailedSaveChangesNothing: the adapter is written first, and memory changes only
// when that succeeded. (casbin's own auto-save does the same in v2.135, except that it
// ignores an adapter error whose text is exactly "not implemented".)
func TestFailedSaveChangesNothing(t *testing.T) {
	org := OrgDomain("1")
	tests := []struct {
		name   string
		held   bool // the user is lead of org before the failing call
		change func(*Enforcer) error
	}{
		{"grant", false, func(e *Enforcer) error { return e.Grant("1", RoleLead, org) }},
		{"revoke", true, func(e *Enforcer) error { return e.Revoke("1", RoleLead, org) }},
		{"remove user", true, func(e *Enforcer) error { return e.RemoveUser("1") }},
		{"remove domain", true, func(e *Enforcer) error { return e.RemoveDomain(org) }},
		{"reload", true, func(e *Enforcer) error { return e.Reload() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newMemAdapter()
			e := newTest(t, a)
			if tt.held {
				mustGrant(t, e, "1", RoleLead, org)
			}
			a.setFail(true)
			if err := tt.change(e); !errors.Is(err, errFake) {
				t.Fatalf("got error %v, want the adapter's", err)
			}
			if got := allowed(t, e, "1", org, "members", "manage"); got != tt.held {
				t.Errorf("after a failed save: allowed = %v, want %v", got, tt.held)
			}
			if got := len(e.Roles("1", org)) == 1; got != tt.held {
				t.Errorf("after a failed save: holds role = %v, want %v", got, tt.held)
			}
		})
	}
}

func TestNewRefusesBadStore(t *testing.T) {
	tests := []struct {
		name    string
		line    []string
		invalid bool
	}{
		{"policy line", []string{"p", "u:1", Platform, "rooms", "read", "allow"}, true},
		{"subject is a role", []string{"g2", RoleModerator, RoleAdmin}, true},
		{"platform role in an org", []string{"g", Subject("1"), RoleAdmin, OrgDomain("1")}, true},
		{"org role on the platform", []string{"g2", Subject("1"), RoleLead}, true},
		{"g line in the platform domain", []string{"g", Subject("1"), RoleLead, Platform}, true},
		{"glob in a domain", []string{"g", Subject("1"), RoleLead, "org:*"}, true},
		{"unknown role", []string{"g", Subject("1"), "superuser", OrgDomain("1")}, true},
		{"good line", []string{"g", Subject("1"), RoleLead, OrgDomain("1")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newMemAdapter()
			a.put(tt.line[0], tt.line[1:]...)
			_, err := New(a)
			if got := errors.Is(err, ErrInvalid); got != tt.invalid {
				t.Errorf("New: error %v, want ErrInvalid: %v", err, tt.invalid)
			}
		})
	}
	a := newMemAdapter()
	a.setFail(true)
	if _, err := New(a); !errors.Is(err, errFake) {
		t.Errorf("New on a failing adapter: got %v, want its error", err)
	}
}

func TestInvalidArguments(t *testing.T) {
	e := newTest(t, newMemAdapter())
	tests := []struct {
		name string
		call func() error
	}{
		{"grant empty user", func() error { return e.Grant("", RoleLead, OrgDomain("1")) }},
		{"grant user with comma", func() error { return e.Grant("1,lead", RoleLead, OrgDomain("1")) }},
		{"grant user with space", func() error { return e.Grant("1 2", RoleLead, OrgDomain("1")) }},
		{"grant org role in a room", func() error { return e.Grant("1", RoleLead, RoomDomain("1")) }},
		{"grant room role in an org", func() error { return e.Grant("1", RoleOwner, OrgDomain("1")) }},
		{"grant platform role in an org", func() error { return e.Grant("1", RoleAdmin, OrgDomain("1")) }},
		{"grant org role on the platform", func() error { return e.Grant("1", RoleLead, Platform) }},
		{"grant room moderator on the platform", func() error { return e.Grant("1", RoleRoomMod, Platform) }},
		{"grant unknown role", func() error { return e.Grant("1", "root", OrgDomain("1")) }},
		{"grant in a glob domain", func() error { return e.Grant("1", RoleLead, "org:*") }},
		{"grant in an empty org id", func() error { return e.Grant("1", RoleLead, OrgDomain("")) }},
		{"grant in an unknown domain kind", func() error { return e.Grant("1", RoleLead, "team:1") }},
		{"revoke unknown role", func() error { return e.Revoke("1", "root", OrgDomain("1")) }},
		{"allowed in a glob domain", func() error { _, err := e.Allowed("1", "room:*", "messages", "read"); return err }},
		{"allowed for empty user", func() error { _, err := e.Allowed("", Platform, "self", "manage"); return err }},
		{"remove empty user", func() error { return e.RemoveUser("") }},
		{"remove the platform", func() error { return e.RemoveDomain(Platform) }},
		{"remove a malformed domain", func() error { return e.RemoveDomain("org:") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, ErrInvalid) {
				t.Errorf("got %v, want ErrInvalid", err)
			}
		})
	}
}

func TestDomainNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{Subject("42"), "u:42"},
		{OrgDomain("42"), "org:42"},
		{RoomDomain("42"), "room:42"},
		{Platform, "platform"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestConcurrentUse runs decisions against changes and reloads; run with -race.
func TestConcurrentUse(t *testing.T) {
	a := newMemAdapter()
	e := newTest(t, a)
	room := RoomDomain("1")
	mustGrant(t, e, "reader", RoleMember, room)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				user := fmt.Sprint("w", w, "-", i%5)
				if err := e.Grant(user, RoleMember, room); err != nil {
					t.Error(err)
				}
				if err := e.Revoke(user, RoleMember, room); err != nil {
					t.Error(err)
				}
				if i%10 == 0 {
					if err := e.Reload(); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 200 {
				ok, err := e.Allowed("reader", room, "messages", "read")
				if err != nil || !ok {
					t.Errorf("reader lost access during changes: %v %v", ok, err)
				}
				_ = e.Users(RoleMember, room)
				_ = e.Roles("reader", room)
			}
		})
	}
	wg.Wait()
	if got, want := e.Users(RoleMember, room), []string{"reader"}; !slices.Equal(got, want) {
		t.Errorf("members after the churn = %v, want %v", got, want)
	}
}

// Decisions asked while a role is muted and unmuted over and over never outlive the
// change: right after each change every answer is the new one, though answers to the
// same question were being cached concurrently all along.
func TestCachedDecisionsFollowChanges(t *testing.T) {
	e := newTest(t, newMemAdapter())
	room := RoomDomain("1")
	if err := e.Grant("1", RoleMember, room); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					_, _ = e.Allowed("1", room, "messages", "write")
				}
			}
		})
	}
	defer func() { close(stop); wg.Wait() }()
	for i := range 300 {
		change, want := e.Grant, false
		if i%2 == 1 {
			change, want = e.Revoke, true
		}
		if err := change("1", RoleMuted, room); err != nil {
			t.Fatal(err)
		}
		if got := allowed(t, e, "1", room, "messages", "write"); got != want {
			t.Fatalf("change %d: got %v, want %v", i, got, want)
		}
	}
}

// OnChange hears every change that was stored (RemoveUser stores one per kind of
// role), and neither a failed one nor a Reload (a reload told by another instance must
// not tell the others again).
func TestOnChangeHearsStoredChanges(t *testing.T) {
	org := OrgDomain("1")
	tests := []struct {
		name   string
		fail   bool
		change func(*Enforcer) error
		heard  bool
	}{
		{"grant", false, func(e *Enforcer) error { return e.Grant("2", RoleMember, org) }, true},
		{"revoke", false, func(e *Enforcer) error { return e.Revoke("1", RoleLead, org) }, true},
		{"remove user", false, func(e *Enforcer) error { return e.RemoveUser("1") }, true},
		{"remove domain", false, func(e *Enforcer) error { return e.RemoveDomain(org) }, true},
		{"reload", false, func(e *Enforcer) error { return e.Reload() }, false},
		{"failed grant", true, func(e *Enforcer) error { return e.Grant("2", RoleMember, org) }, false},
		{"invalid grant", false, func(e *Enforcer) error { return e.Grant("2", RoleOwner, org) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newMemAdapter()
			e := newTest(t, a)
			mustGrant(t, e, "1", RoleLead, org)
			heard := 0
			e.OnChange(func() { heard++ })
			a.setFail(tt.fail)
			_ = tt.change(e)
			if (heard > 0) != tt.heard {
				t.Fatalf("heard %d changes, want any: %v", heard, tt.heard)
			}
		})
	}
}
