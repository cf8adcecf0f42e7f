package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/casbin/casbin/v2/model"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

// grantsModel is a casbin model with the role definitions only, to read back what
// the adapter stored.
func grantsModel(t testing.TB) model.Model {
	t.Helper()
	m, err := model.NewModelFromString(`
[request_definition]
r = sub, dom, obj, act
[policy_definition]
p = sub, dom, obj, act, eft
[role_definition]
g = _, _, _
g2 = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.sub == p.sub
`)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// stored returns every line the adapter loads, as "ptype,v0,v1[,v2]", sorted.
func stored(t testing.TB, a *store.RoleAdapter) []string {
	t.Helper()
	m := grantsModel(t)
	if err := a.LoadPolicy(m); err != nil {
		t.Fatalf("LoadPolicy: %v", err)
	}
	var lines []string
	for _, sec := range []string{"p", "g"} {
		for ptype, ast := range m[sec] {
			for _, rule := range ast.Policy {
				lines = append(lines, fmt.Sprint(ptype, rule))
			}
		}
	}
	slices.Sort(lines)
	return lines
}

func newEnforcer(t *testing.T, a *store.RoleAdapter) *authz.Enforcer {
	t.Helper()
	e, err := authz.New(a)
	if err != nil {
		t.Fatalf("authz.New: %v", err)
	}
	return e
}

func TestRoleAdapterGrantRevokeReload(t *testing.T) {
	a := storetest.NewDB(t).RoleAdapter()
	one, two := newEnforcer(t, a), newEnforcer(t, a)
	org := authz.OrgDomain("1")
	for range 2 { // the second round is the duplicate grant: a no-op
		if err := one.Grant("1", authz.RoleLead, org); err != nil {
			t.Fatalf("grant: %v", err)
		}
		if err := one.Grant("1", authz.RoleAdmin, authz.Platform); err != nil {
			t.Fatalf("grant: %v", err)
		}
	}
	want := []string{"g2[u:1 admin]", "g[u:1 lead org:1]"}
	if got := stored(t, a); !slices.Equal(got, want) {
		t.Fatalf("stored %v, want %v", got, want)
	}

	if err := two.Reload(); err != nil {
		t.Fatal(err)
	}
	for _, q := range [][3]string{{org, "members", "manage"}, {authz.Platform, "applications", "review"}} {
		if ok, err := two.Allowed("1", q[0], q[1], q[2]); err != nil || !ok {
			t.Errorf("second enforcer after reload: Allowed%v = %v, %v; want true", q, ok, err)
		}
	}

	if err := one.Revoke("1", authz.RoleLead, org); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	if err := one.Revoke("1", authz.RoleLead, org); err != nil {
		t.Fatalf("revoke of a missing grant: %v", err)
	}
	if got, want := stored(t, a), []string{"g2[u:1 admin]"}; !slices.Equal(got, want) {
		t.Fatalf("after revoke stored %v, want %v", got, want)
	}
	if err := two.Reload(); err != nil {
		t.Fatal(err)
	}
	if ok, err := two.Allowed("1", org, "members", "manage"); err != nil || ok {
		t.Errorf("second enforcer after revoke and reload: Allowed = %v, %v; want false", ok, err)
	}
}

func TestRoleAdapterConcurrentDuplicateGrants(t *testing.T) {
	a := storetest.NewDB(t).RoleAdapter()
	rule := []string{authz.Subject("1"), authz.RoleMember, authz.RoomDomain("1")}
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			if err := a.AddPolicy("g", "g", rule); err != nil {
				t.Errorf("AddPolicy: %v", err)
			}
		})
	}
	wg.Wait()
	// A second stored copy would survive one delete: the grant would outlive its revoke.
	if err := a.RemovePolicy("g", "g", rule); err != nil {
		t.Fatal(err)
	}
	if got := stored(t, a); len(got) != 0 {
		t.Errorf("after 100 concurrent grants and one revoke, still stored: %v", got)
	}
}

func TestRoleAdapterStoresOnlyRoleAssignments(t *testing.T) {
	a := storetest.NewDB(t).RoleAdapter()
	tests := []struct {
		name string
		call func() error
	}{
		{"add policy line", func() error { return a.AddPolicy("p", "p", []string{"u:1", "platform", "rooms", "read", "allow"}) }},
		{"add g line of wrong length", func() error { return a.AddPolicy("g", "g", []string{"u:1", "lead"}) }},
		{"add g2 line of wrong length", func() error { return a.AddPolicy("g", "g2", []string{"u:1", "admin", "org:1"}) }},
		{"add unknown ptype", func() error { return a.AddPolicy("g", "g3", []string{"u:1", "admin"}) }},
		{"add batch with a policy line", func() error {
			return a.AddPolicies("p", "p", [][]string{{"u:1", "platform", "rooms", "read", "allow"}})
		}},
		{"remove policy line", func() error { return a.RemovePolicy("p", "p", []string{"u:1", "platform", "rooms", "read", "allow"}) }},
		{"remove everything by empty filter", func() error { return a.RemoveFilteredPolicy("g", "g", 0, "") }},
		{"remove by field out of range", func() error { return a.RemoveFilteredPolicy("g", "g2", 2, "org:1") }},
		{"remove policy lines by filter", func() error { return a.RemoveFilteredPolicy("p", "p", 0, "admin") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, store.ErrNotRoleAssignment) {
				t.Errorf("got %v, want ErrNotRoleAssignment", err)
			}
		})
	}
	if got := stored(t, a); len(got) != 0 {
		t.Errorf("stored %v, want nothing", got)
	}

	// SavePolicy writes the model's role assignments and never its policy lines.
	m := grantsModel(t)
	for _, line := range [][]string{
		{"p", "admin", "platform", "reports", "handle", "allow"},
		{"g", "u:1", "lead", "org:1"},
		{"g2", "u:2", "admin"},
	} {
		if err := m.AddPolicy(line[0][:1], line[0], line[1:]); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.SavePolicy(m); err != nil {
		t.Fatalf("SavePolicy: %v", err)
	}
	if got, want := stored(t, a), []string{"g2[u:2 admin]", "g[u:1 lead org:1]"}; !slices.Equal(got, want) {
		t.Errorf("after SavePolicy stored %v, want %v", got, want)
	}
}

func TestRoleAdapterBatchAndFilters(t *testing.T) {
	a := storetest.NewDB(t).RoleAdapter()
	if err := a.AddPolicy("g", "g", []string{"u:1", "lead", "org:1"}); err != nil {
		t.Fatal(err)
	}
	// The batch overlaps what is stored: the overlap is skipped, the rest stored.
	batch := [][]string{{"u:1", "lead", "org:1"}, {"u:1", "member", "room:1"}, {"u:2", "member", "room:1"}, {"u:2", "lead", "org:2"}}
	if err := a.AddPolicies("g", "g", batch); err != nil {
		t.Fatalf("AddPolicies: %v", err)
	}
	if err := a.AddPolicies("g", "g2", [][]string{{"u:1", "admin"}, {"u:2", "user"}}); err != nil {
		t.Fatalf("AddPolicies: %v", err)
	}
	steps := []struct {
		name string
		call func() error
		want []string
	}{
		{"stored", func() error { return nil }, []string{
			"g2[u:1 admin]", "g2[u:2 user]", "g[u:1 lead org:1]", "g[u:1 member room:1]", "g[u:2 lead org:2]", "g[u:2 member room:1]"}},
		{"remove a batch", func() error {
			return a.RemovePolicies("g", "g", [][]string{{"u:2", "lead", "org:2"}, {"u:9", "lead", "org:9"}})
		}, []string{"g2[u:1 admin]", "g2[u:2 user]", "g[u:1 lead org:1]", "g[u:1 member room:1]", "g[u:2 member room:1]"}},
		{"remove a domain", func() error { return a.RemoveFilteredPolicy("g", "g", 2, "room:1") },
			[]string{"g2[u:1 admin]", "g2[u:2 user]", "g[u:1 lead org:1]"}},
		{"remove a user's platform roles", func() error { return a.RemoveFilteredPolicy("g", "g2", 0, "u:1") },
			[]string{"g2[u:2 user]", "g[u:1 lead org:1]"}},
		{"remove by role with a wildcard user", func() error { return a.RemoveFilteredPolicy("g", "g", 0, "", "lead") },
			[]string{"g2[u:2 user]"}},
	}
	for _, s := range steps {
		if err := s.call(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := stored(t, a); !slices.Equal(got, s.want) {
			t.Fatalf("%s: stored %v, want %v", s.name, got, s.want)
		}
	}
}

func TestRoleAdapterRemoveUserAndDomain(t *testing.T) {
	a := storetest.NewDB(t).RoleAdapter()
	e := newEnforcer(t, a)
	for _, g := range [][3]string{
		{"1", authz.RoleUser, authz.Platform},
		{"1", authz.RoleLead, authz.OrgDomain("1")},
		{"1", authz.RoleOwner, authz.RoomDomain("1")},
		{"2", authz.RoleUser, authz.Platform},
		{"2", authz.RoleMember, authz.RoomDomain("1")},
		{"2", authz.RoleMember, authz.RoomDomain("2")},
	} {
		if err := e.Grant(g[0], g[1], g[2]); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.RemoveUser("1"); err != nil {
		t.Fatal(err)
	}
	if err := e.RemoveDomain(authz.RoomDomain("1")); err != nil {
		t.Fatal(err)
	}
	want := []string{"g2[u:2 user]", "g[u:2 member room:2]"}
	if got := stored(t, a); !slices.Equal(got, want) {
		t.Errorf("stored %v, want %v", got, want)
	}
}

// BenchmarkRoleAdapterColdLoad measures authz.New over 100,000 stored role
// assignments on the embedded FerretDB (reported in docs/benchmarks.md, no budget).
func BenchmarkRoleAdapterColdLoad(b *testing.B) {
	a := storetest.NewDB(b).RoleAdapter()
	const grants, chunk = 100_000, 5_000
	start := time.Now()
	for i := 0; i < grants; i += chunk {
		var g, g2 [][]string
		for j := i; j < i+chunk; j++ {
			if j%20 == 0 {
				g2 = append(g2, []string{authz.Subject(fmt.Sprint(j)), authz.RoleUser})
			} else {
				g = append(g, []string{authz.Subject(fmt.Sprint(j % 40_000)), authz.RoleMember, authz.OrgDomain(fmt.Sprint(j / 10))})
			}
		}
		if err := errors.Join(a.AddPolicies("g", "g", g), a.AddPolicies("g", "g2", g2)); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d grants in %v", grants, time.Since(start))
	for b.Loop() {
		e, err := authz.New(a)
		if err != nil {
			b.Fatal(err)
		}
		if got := e.Users(authz.RoleUser, authz.Platform); len(got) != grants/20 {
			b.Fatalf("loaded %d platform users, want %d", len(got), grants/20)
		}
	}
}

// On the embedded store the role assignments are read from its SQLite file: the read
// gives exactly what the same read through FerretDB gives, and refuses what it refuses.
func TestRoleLoadDirectMatchesFerretDB(t *testing.T) {
	if storetest.External() {
		t.Skip("direct reads exist only on the embedded store")
	}
	ctx := t.Context()
	direct := storetest.NewDB(t)
	viaWire, err := store.Open(ctx, storetest.URI(t), direct.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = viaWire.Close(context.Background()) })
	a := direct.RoleAdapter()
	g := [][]string{
		{authz.Subject("ana"), authz.RoleLead, authz.OrgDomain("o1")},
		{authz.Subject("zoë \"q\" \\ é"), authz.RoleMember, authz.RoomDomain("r-1")},
		{authz.Subject("ana"), authz.RoleOwner, authz.RoomDomain("r-1")},
	}
	if err := errors.Join(a.AddPolicies("g", "g", g), a.AddPolicy("g", "g2", []string{authz.Subject("kestrel"), authz.RoleAdmin})); err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprint("g", g[0]), fmt.Sprint("g", g[2]), fmt.Sprint("g", g[1]),
		fmt.Sprint("g2", []string{authz.Subject("kestrel"), authz.RoleAdmin}),
	}
	slices.Sort(want)
	gotDirect, gotWire := stored(t, a), stored(t, viaWire.RoleAdapter())
	if !slices.Equal(gotDirect, want) || !slices.Equal(gotWire, want) {
		t.Fatalf("direct read %q, through FerretDB %q, want %q", gotDirect, gotWire, want)
	}

	// Lines no adapter call writes: a policy line is refused by both reads; a grant whose
	// user is a number reads as an empty user in both (authz then refuses it).
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	raw := client.Database(direct.Name()).Collection("role_assignments")
	policy := bson.D{{Key: "ptype", Value: "p"}, {Key: "v0", Value: "u:x"}, {Key: "v1", Value: "lead"}, {Key: "v2", Value: "org:o1"}}
	res, err := raw.InsertOne(ctx, policy)
	if err != nil {
		t.Fatal(err)
	}
	for name, ad := range map[string]*store.RoleAdapter{"direct": a, "FerretDB": viaWire.RoleAdapter()} {
		if err := ad.LoadPolicy(grantsModel(t)); !errors.Is(err, store.ErrNotRoleAssignment) {
			t.Errorf("%s read of a policy line: got %v, want ErrNotRoleAssignment", name, err)
		}
	}
	if _, err := raw.DeleteOne(ctx, bson.D{{Key: "_id", Value: res.InsertedID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.InsertOne(ctx, bson.D{{Key: "ptype", Value: "g"}, {Key: "v0", Value: 7}, {Key: "v1", Value: "lead"}, {Key: "v2", Value: "org:o1"}}); err != nil {
		t.Fatal(err)
	}
	want = append(want, fmt.Sprint("g", []string{"", authz.RoleLead, authz.OrgDomain("o1")}))
	slices.Sort(want)
	gotDirect, gotWire = stored(t, a), stored(t, viaWire.RoleAdapter())
	if !slices.Equal(gotDirect, want) || !slices.Equal(gotWire, want) {
		t.Errorf("with a number for a user: direct read %q, through FerretDB %q, want %q", gotDirect, gotWire, want)
	}
	if _, err := authz.New(a); !errors.Is(err, authz.ErrInvalid) {
		t.Errorf("authz.New over a numeric user: got %v, want ErrInvalid", err)
	}
}
