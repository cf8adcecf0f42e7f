package rooms_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/rooms"
	"github.com/cascade-platform/cascade/store/storetest"
)

// fakeParties holds the exchanges and organisations an exchange room follows.
type fakeParties struct {
	mu   sync.Mutex
	xs   map[string]exchange.Exchange
	orgs map[string]org.Organisation
}

func (f *fakeParties) Find(_ context.Context, id string) (exchange.Exchange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	x, ok := f.xs[id]
	if !ok {
		return x, exchange.ErrNotFound
	}
	return x, nil
}

func (f *fakeParties) Get(_ context.Context, id string) (org.Organisation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orgs[id]
	if !ok {
		return o, org.ErrNotFound
	}
	return o, nil
}

func (f *fakeParties) set(edit func()) { f.mu.Lock(); edit(); f.mu.Unlock() }

// announced records what the service announces.
type announced struct {
	mu      sync.Mutex
	left    []string // user@room
	changed []string // users whose roles changed
	roster  []string // user@room
}

func (a *announced) RoomLeft(_ context.Context, u, room string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.left = append(a.left, u+"@"+room)
}

func (a *announced) RolesChanged(_ context.Context, u string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.changed = append(a.changed, u)
}

func (a *announced) MemberChanged(_ context.Context, room, u string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.roster = append(a.roster, u+"@"+room)
}

type exchangeRoom struct {
	db      rooms.Store
	s       *rooms.Service
	roles   *authz.Enforcer
	parties *fakeParties
	told    *announced
	room    rooms.Room
}

// newExchangeRoom opens the room of exchange e1 between organisations A (requesting) and
// B (mentor): lead la and member ma in A; lead lb, mentor mb and member pb in B.
func newExchangeRoom(t testing.TB) *exchangeRoom {
	t.Helper()
	ctx := context.Background()
	db := storetest.NewDB(t)
	roles, err := authz.New(db.RoleAdapter())
	if err != nil {
		t.Fatal(err)
	}
	parties := &fakeParties{
		xs: map[string]exchange.Exchange{"e1": {ID: "e1", RequestOrg: "A", MentorOrg: "B", State: exchange.StateAccepted}},
		orgs: map[string]org.Organisation{
			"A": {ID: "A", Status: org.StatusApproved, Profile: org.Profile{Name: "Kianda"}},
			"B": {ID: "B", Status: org.StatusApproved, Profile: org.Profile{Name: "Ikhaya"}},
		},
	}
	for _, g := range [][3]string{
		{"la", "lead", "A"}, {"la", "member", "A"}, {"ma", "member", "A"},
		{"lb", "lead", "B"}, {"lb", "member", "B"}, {"mb", "mentor", "B"}, {"mb", "member", "B"}, {"pb", "member", "B"},
	} {
		if err := roles.Grant(g[0], g[1], authz.OrgDomain(g[2])); err != nil {
			t.Fatal(err)
		}
	}
	s, err := rooms.NewService(ctx, rooms.Config{Store: db, Roles: roles, Exchanges: parties, Orgs: parties})
	if err != nil {
		t.Fatal(err)
	}
	told := &announced{}
	s.Announce(told, told)
	r, err := s.OpenExchangeRoom(ctx, parties.xs["e1"])
	if err != nil {
		t.Fatal(err)
	}
	if again, err := s.OpenExchangeRoom(ctx, parties.xs["e1"]); err != nil || again != r {
		t.Fatalf("opening again: %+v, %v; want the same room", again, err)
	}
	if r.Title != "Kianda × Ikhaya" || r.Kind != rooms.KindExchange {
		t.Fatalf("room %+v, want the exchange room titled after both organisations", r)
	}
	return &exchangeRoom{db: db, s: s, roles: roles, parties: parties, told: told, room: r}
}

func (x *exchangeRoom) can(t *testing.T, user, obj, act string) bool {
	t.Helper()
	ok, err := x.s.Allowed(user, authz.RoomDomain(x.room.ID), obj, act)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// Who is in an exchange room follows from the organisations, at every moment: leads own
// it, mentors are members, plain members only when a lead adds them, and nobody of an
// organisation that is not approved.
func TestExchangeRoomIsDerived(t *testing.T) {
	ctx := context.Background()
	x := newExchangeRoom(t)
	dom := authz.RoomDomain(x.room.ID)
	for _, tt := range []struct {
		user, obj, act string
		want           bool
	}{
		{"la", "messages", "write", true},
		{"la", "room", "manage", true},
		{"lb", "room", "manage", true},
		{"mb", "messages", "write", true},
		{"mb", "room", "manage", false},
		{"ma", "messages", "read", false},
		{"pb", "messages", "read", false},
		{"stranger", "messages", "read", false},
	} {
		if got := x.can(t, tt.user, tt.obj, tt.act); got != tt.want {
			t.Errorf("%s %s/%s = %v, want %v", tt.user, tt.obj, tt.act, got, tt.want)
		}
	}
	// Nothing was granted in the room's domain.
	for _, u := range []string{"la", "lb", "mb"} {
		if roles := x.roles.Roles(u, dom); len(roles) != 0 {
			t.Errorf("%s holds %v in the room, want nothing granted", u, roles)
		}
	}

	// A lead adds a member of either party, never anyone else.
	if err := x.s.AddMember(ctx, x.room.ID, "stranger"); !errors.Is(err, rooms.ErrNotParty) {
		t.Errorf("adding a stranger: got %v, want ErrNotParty", err)
	}
	if err := x.s.AddMember(ctx, x.room.ID, "pb"); err != nil {
		t.Fatal(err)
	}
	if !x.can(t, "pb", "messages", "write") {
		t.Error("an added member cannot write")
	}
	// Leads and mentors are there by their role: they cannot be removed from the room.
	for _, u := range []string{"la", "mb"} {
		if err := x.s.RemoveMember(ctx, x.room.ID, u); !errors.Is(err, rooms.ErrDerived) {
			t.Errorf("removing %s: got %v, want ErrDerived", u, err)
		}
		if err := x.s.Leave(ctx, u, x.room.ID); !errors.Is(err, rooms.ErrDerived) {
			t.Errorf("%s leaving: got %v, want ErrDerived", u, err)
		}
	}
	ms, err := x.s.Members(ctx, x.room.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []rooms.Member{{"la", "A", "owner"}, {"lb", "B", "owner"}, {"mb", "B", "member"}, {"pb", "B", "member"}}
	if !slices.Equal(ms, want) {
		t.Errorf("members %+v, want %+v", ms, want)
	}

	// An added member who leaves the organisation is out, although the grant is left.
	if err := x.roles.Revoke("pb", "member", authz.OrgDomain("B")); err != nil {
		t.Fatal(err)
	}
	if x.can(t, "pb", "messages", "read") {
		t.Error("an added member removed from the organisation still reads the room")
	}
	// Once the organisation tells, the addition is forgotten: joining the organisation
	// again does not bring the room back.
	x.s.StandingChanged(ctx, "B", []string{"pb"})
	if err := x.roles.Grant("pb", "member", authz.OrgDomain("B")); err != nil {
		t.Fatal(err)
	}
	if x.can(t, "pb", "messages", "read") {
		t.Error("a member removed and let in again regained the room without a lead")
	}
	// A mentor un-named is out; named again, in at once.
	if err := x.roles.Revoke("mb", "mentor", authz.OrgDomain("B")); err != nil {
		t.Fatal(err)
	}
	if x.can(t, "mb", "messages", "read") {
		t.Error("an un-named mentor still reads the room")
	}
	if mine, _ := x.s.ForUser(ctx, "mb"); len(mine) != 0 {
		t.Errorf("an un-named mentor's rooms: %v, want none", mine)
	}
	if err := x.roles.Grant("mb", "mentor", authz.OrgDomain("B")); err != nil {
		t.Fatal(err)
	}
	if mine, _ := x.s.ForUser(ctx, "mb"); len(mine) != 1 || mine[0].ID != x.room.ID {
		t.Errorf("a mentor named again: rooms %v, want the exchange room", mine)
	}
	// An organisation suspended puts nobody in the room, its leads included.
	x.parties.set(func() { o := x.parties.orgs["B"]; o.Status = org.StatusSuspended; x.parties.orgs["B"] = o })
	for _, u := range []string{"lb", "mb"} {
		if x.can(t, u, "messages", "read") {
			t.Errorf("%s of a suspended organisation still reads the room", u)
		}
	}
	if !x.can(t, "la", "messages", "read") {
		t.Error("the other party's lead lost the room")
	}
}

// Grants copied into an exchange room before its people were derived are dropped at
// start; a member a lead added stays.
func TestCopiedGrantsDropped(t *testing.T) {
	ctx := context.Background()
	x := newExchangeRoom(t)
	dom := authz.RoomDomain(x.room.ID)
	if err := x.s.AddMember(ctx, x.room.ID, "pb"); err != nil {
		t.Fatal(err)
	}
	// As the accept did: a grant for the mentor, who is then un-named.
	if err := x.roles.Grant("mb", rooms.RoleMember, dom); err != nil {
		t.Fatal(err)
	}
	if err := x.roles.Revoke("mb", "mentor", authz.OrgDomain("B")); err != nil {
		t.Fatal(err)
	}
	again, err := rooms.NewService(ctx, rooms.Config{Store: x.db, Roles: x.roles, Exchanges: x.parties, Orgs: x.parties})
	if err != nil {
		t.Fatal(err)
	}
	if got := x.roles.Users(rooms.RoleMember, dom); !slices.Equal(got, []string{"pb"}) {
		t.Errorf("after a restart the room's grants are %v, want the added member's only", got)
	}
	if ok, _ := again.Allowed("mb", dom, "messages", "read"); ok {
		t.Error("an un-named mentor with a copied grant still reads the room")
	}
}

// An exchange that stops running (completed, cancelled, paused) leaves its room readable
// and read-only for both sides.
func TestExchangeRoomReadOnly(t *testing.T) {
	x := newExchangeRoom(t)
	for _, stop := range []func(*exchange.Exchange){
		func(e *exchange.Exchange) { e.State = exchange.StateCompleted },
		func(e *exchange.Exchange) { e.State = exchange.StateCancelled },
		func(e *exchange.Exchange) { e.State, e.Paused = exchange.StateActive, true },
	} {
		x.parties.set(func() { e := x.parties.xs["e1"]; stop(&e); x.parties.xs["e1"] = e })
		if !x.s.ReadOnly(x.room.ID) {
			t.Errorf("exchange %+v: room not read-only", x.parties.xs["e1"])
		}
		for _, u := range []string{"la", "mb"} {
			if x.can(t, u, "messages", "write") || !x.can(t, u, "messages", "read") {
				t.Errorf("exchange %s: %s may write or may not read", x.parties.xs["e1"].State, u)
			}
		}
		x.parties.set(func() {
			x.parties.xs["e1"] = exchange.Exchange{ID: "e1", RequestOrg: "A", MentorOrg: "B", State: exchange.StateActive}
		})
		if x.s.ReadOnly(x.room.ID) || !x.can(t, "la", "messages", "write") {
			t.Error("a running exchange's room is read-only")
		}
	}
}

// A change of standing in an organisation is announced for each person, and told to the
// rosters of that organisation's exchange rooms only.
func TestStandingChangedIsAnnounced(t *testing.T) {
	x := newExchangeRoom(t)
	ctx := context.Background()
	room := x.room.ID
	// A role change: every instance reloads and rechecks each person; nothing is closed
	// by name, since roles reach the others with the reload.
	if err := x.roles.Revoke("mb", "mentor", authz.OrgDomain("B")); err != nil {
		t.Fatal(err)
	}
	x.s.StandingChanged(ctx, "B", []string{"mb", "lb"})
	x.s.StandingChanged(ctx, "C", []string{"zz"})
	if !slices.Equal(x.told.changed, []string{"mb", "lb", "zz"}) {
		t.Errorf("roles changed told for %v, want mb, lb, zz", x.told.changed)
	}
	if len(x.told.left) != 0 {
		t.Errorf("room left told %v after a role change, want none", x.told.left)
	}
	if want := []string{"mb@" + room, "lb@" + room}; !slices.Equal(x.told.roster, want) {
		t.Errorf("rosters told %v, want %v", x.told.roster, want)
	}
	// A suspension is no role: who lost the room is decided here and closed by name.
	x.parties.set(func() { o := x.parties.orgs["A"]; o.Status = org.StatusSuspended; x.parties.orgs["A"] = o })
	x.s.StandingChanged(ctx, "A", []string{"la", "ma"})
	// Whether they were in it before is not known; closing nothing is harmless.
	if want := []string{"la@" + room, "ma@" + room}; !slices.Equal(x.told.left, want) {
		t.Errorf("room left told %v after the suspension, want %v", x.told.left, want)
	}
}

// BenchmarkAllowedExchangeRoom is what every chat frame in an exchange room asks: derived
// from the exchange, both organisations and the roles, for a mentor's write.
func BenchmarkAllowedExchangeRoom(b *testing.B) {
	x := newExchangeRoom(b)
	dom := authz.RoomDomain(x.room.ID)
	for b.Loop() {
		if ok, _ := x.s.Allowed("mb", dom, "messages", "write"); !ok {
			b.Fatal("refused")
		}
	}
}

// BenchmarkAllowedSpace is the same question in a space, passed to the role policy.
func BenchmarkAllowedSpace(b *testing.B) {
	x := newExchangeRoom(b)
	r, err := x.s.CreateSpace(context.Background(), "mb", "Safety at work", "", rooms.AccessOpen)
	if err != nil {
		b.Fatal(err)
	}
	dom := authz.RoomDomain(r.ID)
	for b.Loop() {
		if ok, _ := x.s.Allowed("mb", dom, "messages", "write"); !ok {
			b.Fatal("refused")
		}
	}
}
