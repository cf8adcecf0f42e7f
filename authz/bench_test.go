package authz

import (
	"fmt"
	"testing"
	"time"
)

// Budgets from the issue: Enforce with 100,000 role assignments and a cold load of them.
const (
	benchGrants      = 100_000
	allowedBudget    = 50 * time.Microsecond
	coldLoadBudget   = time.Second
	benchPlatformers = 5_000 // g2 lines; the rest are g lines across organisations and rooms
)

// benchAdapter holds benchGrants assignments: each organisation has a lead, three
// members and a mentor; each room an owner and three members; plus platform roles.
func benchAdapter(tb testing.TB) *memAdapter {
	tb.Helper()
	a := newMemAdapter()
	platformRoles := []string{RoleUser, RoleParticipant, RoleAdmin, RoleModerator}
	for i := range benchPlatformers {
		a.put("g2", Subject(fmt.Sprint(i)), platformRoles[i%len(platformRoles)])
	}
	orgRoles := []string{RoleLead, RoleMember, RoleMember, RoleMember, RoleMentor}
	roomRoles := []string{RoleOwner, RoleMember, RoleMember, RoleMember, RoleMuted}
	for i := 0; a.len() < benchGrants; i++ {
		user := Subject(fmt.Sprint(i % 40_000))
		if i%2 == 0 {
			a.put("g", user, orgRoles[i/2%len(orgRoles)], OrgDomain(fmt.Sprint(i/10)))
		} else {
			a.put("g", user, roomRoles[i/2%len(roomRoles)], RoomDomain(fmt.Sprint(i/10)))
		}
	}
	return a
}

func BenchmarkAllowed(b *testing.B) {
	e, err := New(benchAdapter(b))
	if err != nil {
		b.Fatal(err)
	}
	// User 0 leads org 0 (grant i=0) and is a platform user.
	questions := []struct {
		name                string
		user, dom, obj, act string
		want                bool
	}{
		{"lead updates own org", "0", OrgDomain("0"), "profile", "update", true},
		{"lead in another org", "0", OrgDomain("500"), "profile", "update", false},
		{"member writes in room", "1", RoomDomain("0"), "messages", "write", true},
		{"platform question", "0", Platform, "self", "manage", true},
	}
	// "cached" asks again what was just answered (a chat send's usual case); "evaluated"
	// empties the answers first, so casbin evaluates every time.
	for _, q := range questions {
		for _, cached := range []bool{true, false} {
			name := q.name + "/evaluated"
			if cached {
				name = q.name + "/cached"
			}
			b.Run(name, func(b *testing.B) {
				if got, err := e.Allowed(q.user, q.dom, q.obj, q.act); err != nil || got != q.want {
					b.Fatalf("Allowed = %v, %v; want %v", got, err, q.want)
				}
				for b.Loop() {
					if !cached {
						e.answers.forget()
					}
					_, _ = e.Allowed(q.user, q.dom, q.obj, q.act)
				}
				if per := b.Elapsed() / time.Duration(b.N); per > allowedBudget {
					b.Errorf("%v per decision, budget %v", per, allowedBudget)
				}
			})
		}
	}
}

func BenchmarkColdLoad(b *testing.B) {
	a := benchAdapter(b)
	for b.Loop() {
		if _, err := New(a); err != nil {
			b.Fatal(err)
		}
	}
	if per := b.Elapsed() / time.Duration(b.N); per > coldLoadBudget {
		b.Errorf("%v per cold load of %d grants, budget %v", per, benchGrants, coldLoadBudget)
	}
}
