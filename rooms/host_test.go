package rooms_test

import (
	"context"
	"slices"
	"testing"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/rooms"
	"github.com/cascade-platform/cascade/store/storetest"
)

// hostParties adds who hosts whom to fakeParties (exchange.Hosts).
type hostParties struct {
	*fakeParties
	hosts map[string][2]string // hosted → host, link
}

func (h *hostParties) ConfirmedHost(_ context.Context, orgID string) (string, string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.hosts[orgID]
	return v[0], v[1], ok
}

type hostRoom struct {
	s       *rooms.Service
	roles   *authz.Enforcer
	parties *hostParties
	told    *announced
	room    string
}

// newHostRoom opens the room of exchange e1 between A (hosted by H, which A brought in)
// and B: lead lh, mentor mh and member ph in H; lead la in A.
func newHostRoom(t *testing.T) *hostRoom {
	t.Helper()
	ctx := context.Background()
	db := storetest.NewDB(t)
	roles, err := authz.New(db.RoleAdapter())
	if err != nil {
		t.Fatal(err)
	}
	p := &hostParties{fakeParties: &fakeParties{
		xs: map[string]exchange.Exchange{"e1": {ID: "e1", RequestOrg: "A", MentorOrg: "B", State: exchange.StateActive, HostOrg: "H", HostFor: "A", HostLink: "l1"}},
		orgs: map[string]org.Organisation{
			"A": {ID: "A", Status: org.StatusApproved, Profile: org.Profile{Name: "Kianda"}},
			"B": {ID: "B", Status: org.StatusApproved, Profile: org.Profile{Name: "Ikhaya"}},
			"H": {ID: "H", Status: org.StatusApproved, Profile: org.Profile{Name: "Amigos"}},
		},
	}, hosts: map[string][2]string{"A": {"H", "l1"}}}
	for _, g := range [][3]string{
		{"la", "lead", "A"}, {"la", "member", "A"},
		{"lh", "lead", "H"}, {"lh", "member", "H"}, {"mh", "mentor", "H"}, {"mh", "member", "H"}, {"ph", "member", "H"},
	} {
		if err := roles.Grant(g[0], g[1], authz.OrgDomain(g[2])); err != nil {
			t.Fatal(err)
		}
	}
	s, err := rooms.NewService(ctx, rooms.Config{Store: db, Roles: roles, Exchanges: p, Orgs: p, Hosts: p})
	if err != nil {
		t.Fatal(err)
	}
	told := &announced{}
	s.Announce(told, told)
	r, err := s.OpenExchangeRoom(ctx, p.xs["e1"])
	if err != nil {
		t.Fatal(err)
	}
	return &hostRoom{s: s, roles: roles, parties: p, told: told, room: r.ID}
}

func (h *hostRoom) can(t *testing.T, user, act string) bool {
	t.Helper()
	ok, err := h.s.Allowed(user, rooms.Domain(h.room), "messages", act)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// The host's leads own the room and its mentors are in it, as a party's are; its other
// members are not; the roster names the host as their organisation.
func TestHostPeopleAreDerived(t *testing.T) {
	h := newHostRoom(t)
	for _, c := range []struct {
		user       string
		read, post bool
	}{{"lh", true, true}, {"mh", true, true}, {"ph", false, false}, {"la", true, true}, {"stranger", false, false}} {
		if got := h.can(t, c.user, "read"); got != c.read {
			t.Errorf("%s read: got %v, want %v", c.user, got, c.read)
		}
		if got := h.can(t, c.user, "write"); got != c.post {
			t.Errorf("%s write: got %v, want %v", c.user, got, c.post)
		}
	}
	ms, err := h.s.Members(context.Background(), h.room)
	if err != nil {
		t.Fatal(err)
	}
	want := []rooms.Member{{UserID: "la", Org: "A", Role: rooms.RoleOwner}, {UserID: "lh", Org: "H", Role: rooms.RoleOwner}, {UserID: "mh", Org: "H", Role: rooms.RoleMember}}
	if !slices.Equal(ms, want) {
		t.Errorf("members %+v, want %+v", ms, want)
	}
	// A closed exchange stays readable, not writable, for the host as for the parties.
	h.parties.set(func() {
		x := h.parties.xs["e1"]
		x.State = exchange.StateCompleted
		h.parties.xs["e1"] = x
	})
	if !h.can(t, "lh", "read") || h.can(t, "lh", "write") {
		t.Errorf("completed: host lead read %v write %v, want read only", h.can(t, "lh", "read"), h.can(t, "lh", "write"))
	}
}

// Every way the host's people lose the room ends their access and closes their sockets
// by name (RoomLeft), as the service that changed the fact announces it.
func TestHostPeopleLoseTheRoom(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		lose func(h *hostRoom)
		who  []string
	}{
		{"relationship ended", func(h *hostRoom) {
			h.parties.set(func() { delete(h.parties.hosts, "A") })
			h.s.StandingChanged(ctx, "H", []string{"lh", "mh", "ph"})
		}, []string{"lh", "mh"}},
		{"a new relationship", func(h *hostRoom) {
			h.parties.set(func() { h.parties.hosts["A"] = [2]string{"H", "l2"} })
			h.s.StandingChanged(ctx, "H", []string{"lh", "mh", "ph"})
		}, []string{"lh", "mh"}},
		{"host removed from the exchange", func(h *hostRoom) {
			var x exchange.Exchange
			h.parties.set(func() {
				x = h.parties.xs["e1"]
				x.HostOrg, x.HostFor, x.HostLink = "", "", ""
				h.parties.xs["e1"] = x
			})
			h.s.ExchangeHostChanged(ctx, x, "H")
		}, []string{"lh", "mh"}},
		{"host suspended", func(h *hostRoom) {
			h.parties.set(func() {
				o := h.parties.orgs["H"]
				o.Status = org.StatusSuspended
				h.parties.orgs["H"] = o
			})
			h.s.StandingChanged(ctx, "H", []string{"lh", "mh", "ph"})
		}, []string{"lh", "mh"}},
		{"hosted group suspended", func(h *hostRoom) {
			h.parties.set(func() {
				o := h.parties.orgs["A"]
				o.Status = org.StatusSuspended
				h.parties.orgs["A"] = o
				delete(h.parties.hosts, "A") // org.Service: it no longer counts
			})
			h.s.StandingChanged(ctx, "H", []string{"lh", "mh", "ph"})
		}, []string{"lh", "mh"}},
		{"mentor un-named in the host", func(h *hostRoom) {
			if err := h.roles.Revoke("mh", "mentor", authz.OrgDomain("H")); err != nil {
				t.Fatal(err)
			}
			h.s.StandingChanged(ctx, "H", []string{"mh"})
		}, []string{"mh"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHostRoom(t)
			c.lose(h)
			for _, u := range c.who {
				if h.can(t, u, "read") {
					t.Errorf("%s still reads", u)
				}
				if !slices.Contains(h.told.left, u+"@"+h.room) {
					t.Errorf("%s's sockets not closed by name: left %v", u, h.told.left)
				}
			}
			if slices.Contains(h.told.left, "la@"+h.room) {
				t.Errorf("the hosted group's lead was closed out: %v", h.told.left)
			}
		})
	}
}
