package authz

import (
	"errors"
	"testing"
)

// A derived room role allows what the policy gives that role, and the deny lines still
// hold over it: staff never read, muted never write, banned neither.
func TestAllowedAs(t *testing.T) {
	e := newTest(t, newMemAdapter())
	mustGrant(t, e, "staff", RoleAdmin, Platform)
	mustGrant(t, e, "quiet", RoleMuted, RoomDomain("1"))
	mustGrant(t, e, "out", RoleBanned, RoomDomain("1"))
	tests := []struct {
		user, role, obj, act string
		want                 bool
	}{
		{"7", RoleOwner, "messages", "write", true},
		{"7", RoleOwner, "room", "manage", true},
		{"7", RoleMember, "messages", "write", true},
		{"7", RoleMember, "room", "manage", false},
		{"7", RoleMember, "room", "moderate", false},
		{"staff", RoleOwner, "messages", "read", false},
		{"staff", RoleOwner, "room", "manage", true},
		{"quiet", RoleMember, "messages", "read", true},
		{"quiet", RoleMember, "messages", "write", false},
		{"out", RoleOwner, "messages", "read", false},
	}
	for _, tt := range tests {
		got, err := e.AllowedAs(tt.user, tt.role, RoomDomain("1"), tt.obj, tt.act)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s as %s: %s/%s = %v, want %v", tt.user, tt.role, tt.obj, tt.act, got, tt.want)
		}
		// The derived role is not a grant: the plain question still says no.
		if plain := allowed(t, e, tt.user, RoomDomain("1"), tt.obj, tt.act); plain {
			t.Errorf("%s: %s/%s allowed without the derived role", tt.user, tt.obj, tt.act)
		}
	}
	for _, bad := range []struct{ role, dom string }{
		{RoleLead, RoomDomain("1")},
		{RoleOwner, OrgDomain("1")},
		{RoleAdmin, RoomDomain("1")},
	} {
		if _, err := e.AllowedAs("7", bad.role, bad.dom, "messages", "read"); !errors.Is(err, ErrInvalid) {
			t.Errorf("AllowedAs as %s in %s: got %v, want ErrInvalid", bad.role, bad.dom, err)
		}
	}
}
