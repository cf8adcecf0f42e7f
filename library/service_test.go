package library

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/org"
)

type env struct {
	w   *world
	st  *memStore
	svc *Service
}

// newEnv: A and B are approved partners, C approved and unrelated, D suspended.
// leadA, memberA, contribA are of A; leadB of B; leadC of C; leadD of D; admin and mod
// are staff without an organisation; nobody has no organisation.
func newEnv(t *testing.T, quota int64) *env {
	t.Helper()
	w := newWorld()
	for _, o := range []string{"A", "B", "C"} {
		w.addOrg(o, org.StatusApproved)
	}
	w.addOrg("D", org.StatusSuspended)
	w.join("leadA", "A", org.RoleLead)
	w.join("memberA", "A")
	w.join("contribA", "A", org.RoleContributor)
	w.join("leadB", "B", org.RoleLead)
	w.join("leadC", "C", org.RoleLead)
	w.join("leadD", "D", org.RoleLead)
	w.admins["admin"] = true
	w.staff["mod"] = true
	w.partners["A"], w.partners["B"] = []string{"B"}, []string{"A"}
	w.parties["xAB"] = []string{"A", "B"}
	e := &env{w: w, st: newMemStore()}
	e.svc = e.open(t, quota)
	return e
}

func (e *env) open(t *testing.T, quota int64) *Service {
	t.Helper()
	svc, err := New(context.Background(), Config{Store: e.st, Orgs: e.w, Roles: e.w, Exchanges: e.w, Clean: cleaner, Quota: quota,
		Reported: func(ctx context.Context, id string) (bool, error) { return id == "reported", nil }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func pageMeta(owner string, vis Visibility) Meta {
	return Meta{Kind: KindPage, Title: "Outreach notes", Topics: []string{"peer_outreach"}, Language: "pt",
		Audience: []string{"peer_educators"}, Licence: "cc_by", Visibility: vis, Body: "Start with people you know.", Org: owner}
}

func fileMeta(owner string, vis Visibility) Meta {
	m := pageMeta(owner, vis)
	m.Kind, m.Body = KindFile, ""
	return m
}

func (e *env) add(t *testing.T, user string, m Meta, file *Upload) View {
	t.Helper()
	v, err := e.svc.Create(context.Background(), user, m, file)
	if err != nil {
		t.Fatalf("%s creates %+v: %v", user, m, err)
	}
	return v
}

// TestWhoSeesWhat is the visibility rule as a table: every reader, every visibility,
// through Get, List, File and CanRead alike.
func TestWhoSeesWhat(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	up := &Upload{Name: "m.pdf", Data: []byte("OK manual|META author")}
	res := map[string]View{
		"org":       e.add(t, "leadA", fileMeta("A", VisibleOrg), up),
		"partners":  e.add(t, "leadA", fileMeta("A", VisiblePartners), up),
		"all":       e.add(t, "leadA", fileMeta("A", VisibleAll), up),
		"programme": e.add(t, "admin", fileMeta("", VisibleAll), up),
		"suspended": e.add(t, "leadA", fileMeta("A", VisibleAll), up),
	}
	// "suspended" belongs to D, which is suspended (stored so: D may not add any more).
	e.st.resources[res["suspended"].ID] = func() Resource { r := e.st.resources[res["suspended"].ID]; r.Org = "D"; return r }()
	e.svc = e.open(t, 0)
	readers := []string{"leadA", "memberA", "leadB", "leadC", "leadD", "admin", "mod", "nobody"}
	want := map[string][]string{
		"org":       {"leadA", "memberA"},
		"partners":  {"leadA", "memberA", "leadB"},
		"all":       {"leadA", "memberA", "leadB", "leadC", "admin"}, // leadD: in no approved organisation
		"programme": {"leadA", "memberA", "leadB", "leadC", "admin"},
		"suspended": {},
	}
	for name, r := range res {
		for _, u := range readers {
			sees := slices.Contains(want[name], u)
			_, getErr := e.svc.Get(ctx, u, r.ID)
			_, fileErr := e.svc.File(ctx, u, r.ID)
			listed := slices.ContainsFunc(e.svc.List(ctx, u, Filter{}), func(v View) bool { return v.ID == r.ID })
			readErr := e.svc.CanRead(ctx, u, r.ID)
			if sees != (getErr == nil) || sees != (fileErr == nil) || sees != listed || sees != (readErr == nil) {
				t.Errorf("%s by %s: get %v, file %v, listed %v, can read %v; want seen = %v", name, u, getErr, fileErr, listed, readErr, sees)
			}
			if !sees && (!errors.Is(getErr, ErrNotFound) || !errors.Is(readErr, ErrUnavailable)) {
				t.Errorf("%s by %s: refusals %v / %v, want ErrNotFound / ErrUnavailable", name, u, getErr, readErr)
			}
		}
	}
	// Attached to the exchange, A's own material reaches B, not C.
	if _, err := e.svc.Attach(ctx, "leadA", "A", "xAB", res["org"].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Get(ctx, "leadB", res["org"].ID); err != nil {
		t.Errorf("B reads what is attached to its exchange: %v", err)
	}
	if _, err := e.svc.Get(ctx, "leadC", res["org"].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("C reads what is attached to another exchange: %v", err)
	}
	if _, err := e.svc.Attached(ctx, "leadC", "C", "xAB"); !errors.Is(err, ErrNotFound) {
		t.Errorf("C lists an exchange it is not in: %v", err)
	}
	if _, err := e.svc.Attach(ctx, "leadB", "B", "xAB", res["org"].ID); err != nil {
		t.Errorf("attaching twice: %v", err)
	}
	if err := e.svc.Detach(ctx, "leadB", "B", "xAB", res["org"].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Get(ctx, "leadB", res["org"].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("B reads it after it was detached: %v", err)
	}
	// Staff open a reported resource, and only that.
	e.st.resources["reported"] = func() Resource { r := e.st.resources[res["org"].ID]; r.ID = "reported"; return r }()
	e.svc = e.open(t, 0)
	if _, err := e.svc.File(ctx, "mod", "reported"); err != nil {
		t.Errorf("staff open a reported resource: %v", err)
	}
	if _, err := e.svc.Get(ctx, "leadC", "reported"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a report opens it to others: %v", err)
	}
}

// TestWhoManages: leads and contributors add and edit, leads delete, admins publish
// programme material (visible to all only); members and other organisations do not.
func TestWhoManages(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	for _, tc := range []struct {
		user string
		m    Meta
		want error
	}{
		{"leadA", pageMeta("A", VisibleOrg), nil},
		{"contribA", pageMeta("A", VisibleOrg), nil},
		{"memberA", pageMeta("A", VisibleOrg), ErrNotAllowed},
		{"leadC", pageMeta("A", VisibleOrg), ErrNotAllowed},
		{"leadD", pageMeta("D", VisibleOrg), ErrNotAllowed},
		{"admin", pageMeta("", VisibleAll), nil},
		{"admin", pageMeta("", VisibleOrg), ErrInvalid},
		{"leadA", pageMeta("", VisibleAll), ErrInvalid},
	} {
		_, err := e.svc.Create(ctx, tc.user, tc.m, nil)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s adds to %q (%s): %v, want %v", tc.user, tc.m.Org, tc.m.Visibility, err, tc.want)
		}
	}
	r := e.add(t, "contribA", pageMeta("A", VisibleOrg), nil)
	edit := Edit{Title: "New", Topics: []string{"safe_space"}, Language: "en", Audience: []string{"media"}, Licence: "cc0", Visibility: VisibleAll, Body: "Text"}
	if _, err := e.svc.Update(ctx, "memberA", r.ID, edit); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a member edits: %v", err)
	}
	if v, err := e.svc.Update(ctx, "contribA", r.ID, edit); err != nil || v.Title != "New" || v.Visibility != VisibleAll {
		t.Errorf("a contributor edits: %+v, %v", v, err)
	}
	if err := e.svc.Delete(ctx, "contribA", r.ID); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a contributor deletes: %v", err)
	}
	if err := e.svc.Delete(ctx, "leadC", r.ID); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("another organisation deletes what it sees: %v", err)
	}
	if err := e.svc.Delete(ctx, "leadA", r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Get(ctx, "leadA", r.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted, still there: %v", err)
	}
}

// TestFilesAreCleanedAndNeverHalfStored: what is stored is what the cleaner returned;
// an upload that fails leaves neither record nor bytes; start-up removes orphan bytes.
func TestFilesAreCleanedAndNeverHalfStored(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	v := e.add(t, "leadA", fileMeta("A", VisibleOrg), &Upload{Name: `../../etc/"passwd".exe`, Data: []byte("OK text|META author canary")})
	if v.File.Name != "passwd.pdf" || v.File.ContentType != "application/pdf" || v.File.Size != 7 {
		t.Errorf("file = %+v", v.File)
	}
	if d, err := e.svc.File(ctx, "memberA", v.ID); err != nil || string(d.Data) != "OK text" {
		t.Errorf("download = %q, %v", d.Data, err)
	}
	if _, err := e.svc.Create(ctx, "leadA", fileMeta("A", VisibleOrg), &Upload{Name: "x", Data: []byte("EXE")}); !errors.Is(err, errUnsupported) {
		t.Errorf("the cleaner's refusal: %v", err)
	}
	for _, op := range []string{"put", "insert"} {
		e.st.fail[op] = true
		if _, err := e.svc.Create(ctx, "leadA", fileMeta("A", VisibleOrg), &Upload{Name: "x", Data: []byte("OK other")}); !errors.Is(err, errStore) {
			t.Errorf("%s fails: %v", op, err)
		}
		if len(e.st.files) != 1 || len(e.st.resources) != 1 {
			t.Errorf("after %s failed: %d files, %d resources; want the first upload only", op, len(e.st.files), len(e.st.resources))
		}
	}
	e.st.files["orphan"] = []byte("left by a crash")
	e.svc = e.open(t, 0)
	if _, ok := e.st.files["orphan"]; ok || len(e.st.files) != 1 {
		t.Errorf("start-up left %d files", len(e.st.files))
	}
	scrubs := e.st.scrubs
	if err := e.svc.Delete(ctx, "leadA", v.ID); err != nil || len(e.st.files) != 0 || e.st.scrubs != scrubs+1 {
		t.Errorf("delete: %v, %d files left, scrubbed %d times", err, len(e.st.files), e.st.scrubs-scrubs)
	}
}

// TestQuotaHoldsUnderRacingUploads: 20 uploads race for room for 5: exactly 5 are stored.
func TestQuotaHoldsUnderRacingUploads(t *testing.T) {
	e := newEnv(t, 5*10)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored, refused := 0, 0
	for i := range 20 {
		wg.Go(func() {
			_, err := e.svc.Create(ctx, "leadA", fileMeta("A", VisibleOrg), &Upload{Name: "x", Data: fmt.Appendf(nil, "OK%08d", i)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				stored++
			case errors.Is(err, ErrQuotaExceeded):
				refused++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if stored != 5 || refused != 15 || e.svc.Usage(ctx, "A").Used != 50 {
		t.Errorf("stored %d, refused %d, used %d; want 5, 15, 50", stored, refused, e.svc.Usage(ctx, "A").Used)
	}
	// Other organisations have their own quota.
	if _, err := e.svc.Create(ctx, "leadB", fileMeta("B", VisibleOrg), &Upload{Name: "x", Data: []byte("OK01234567")}); err != nil {
		t.Errorf("B's upload: %v", err)
	}
}

// TestFamilyTree: the tree starts at the oldest source still there, lists every
// adaptation, and names only what the viewer sees.
func TestFamilyTree(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	seed := e.add(t, "leadA", pageMeta("A", VisibleAll), nil)
	adapt := func(user, source, owner string, vis Visibility) View {
		m := pageMeta(owner, vis)
		m.Adaptation = &Adaptation{Language: "en", Context: "Harare", Changes: "Translated"}
		v, err := e.svc.Adapt(ctx, user, source, m, nil)
		if err != nil {
			t.Fatalf("%s adapts %s: %v", user, source, err)
		}
		return v
	}
	hidden := adapt("leadB", seed.ID, "B", VisibleOrg)
	below := adapt("leadB", hidden.ID, "B", VisibleAll)
	if _, err := e.svc.Adapt(ctx, "leadC", hidden.ID, pageMeta("C", VisibleAll), nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("C adapts what it may not see: %v", err)
	}
	if _, err := e.svc.Adapt(ctx, "leadC", seed.ID, pageMeta("C", VisibleAll), nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("an adaptation without adaptation: %v", err)
	}
	root, err := e.svc.Tree(ctx, "leadC", below.ID)
	if err != nil {
		t.Fatal(err)
	}
	if root.ID != seed.ID || !root.Visible || root.OrgName != "Org A" || len(root.Children) != 1 {
		t.Fatalf("root = %+v", root)
	}
	h := root.Children[0]
	if h.Visible || h.ID != "" || h.Title != "" || h.OrgName != "" || len(h.Children) != 1 || h.Children[0].ID != below.ID {
		t.Errorf("hidden node = %+v", h)
	}
	if _, err := e.svc.Tree(ctx, "leadC", hidden.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("C asks for the tree of what it may not see: %v", err)
	}
	// The seed deleted, its adaptations' trees start at the oldest one left.
	if err := e.svc.Delete(ctx, "leadA", seed.ID); err != nil {
		t.Fatal(err)
	}
	if root, _ := e.svc.Tree(ctx, "leadB", below.ID); root.ID != hidden.ID {
		t.Errorf("after the seed's deletion the root is %+v", root)
	}
}

// TestListFilters: each filter narrows what the viewer sees.
func TestListFilters(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	a := e.add(t, "leadA", pageMeta("A", VisibleAll), nil)
	m := pageMeta("B", VisibleAll)
	m.Title, m.Topics, m.Language, m.Audience = "Police sensitisation", []string{"sensitising_police"}, "en", []string{"police"}
	b := e.add(t, "leadB", m, nil)
	for _, tc := range []struct {
		f    Filter
		want []string
	}{
		{Filter{}, []string{b.ID, a.ID}},
		{Filter{Topic: "sensitising_police"}, []string{b.ID}},
		{Filter{Language: "pt"}, []string{a.ID}},
		{Filter{Audience: "peer_educators"}, []string{a.ID}},
		{Filter{Q: "POLICE"}, []string{b.ID}},
		{Filter{Org: "A"}, []string{a.ID}},
		{Filter{Topic: "fundraising"}, nil},
	} {
		var got []string
		for _, v := range e.svc.List(ctx, "leadC", tc.f) {
			got = append(got, v.ID)
		}
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.f, got, tc.want)
		}
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct{ in, ext, want string }{
		{"manual.docx", ".pdf", "manual.pdf"},
		{`C:\Users\ana\Desktop\Plano.odt`, ".odt", "Plano.odt"},
		{"../../x", ".png", "x.png"},
		{"", ".jpg", "resource.jpg"},
		{" . ", ".jpg", "resource.jpg"},
		{"a\"b;c%d\x00e.pdf", ".pdf", "abcde.pdf"},
		{"Guião de formação.pdf", ".pdf", "Guião de formação.pdf"},
	} {
		if got := FileName(tc.in, tc.ext); got != tc.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", tc.in, tc.ext, got, tc.want)
		}
	}
}
