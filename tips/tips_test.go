package tips_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
	"github.com/cascade-platform/cascade/tips"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// exchanges is a hand-written fake of the exchange service: exchanges by id, found by
// either party.
type exchanges map[string]exchange.Exchange

func (xs exchanges) Exchange(_ context.Context, orgID, id string) (exchange.Exchange, error) {
	x, ok := xs[id]
	if !ok || (x.RequestOrg != orgID && x.MentorOrg != orgID) {
		return exchange.Exchange{}, exchange.ErrNotFound
	}
	return x, nil
}

// orgs is a hand-written fake of the organisation service: names and standing.
type orgs struct {
	mu     sync.Mutex
	status map[string]org.Status
}

func (o *orgs) Get(_ context.Context, id string) (org.Organisation, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	st, ok := o.status[id]
	if !ok {
		return org.Organisation{}, org.ErrNotFound
	}
	return org.Organisation{ID: id, Status: st, Profile: org.Profile{Name: "Name of " + id}}, nil
}

func (o *orgs) set(id string, st org.Status) {
	o.mu.Lock()
	o.status[id] = st
	o.mu.Unlock()
}

// world is a tips service on a fresh database: organisations e (requesting) and m
// (mentor) finished exchange "exch-done" and are running exchange "running"; r reads.
type world struct {
	db   *store.DB
	svc  *tips.Service
	orgs *orgs
	now  time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{db: storetest.NewDB(t), now: time.Date(2026, 11, 14, 9, 30, 15, 0, time.UTC),
		orgs: &orgs{status: map[string]org.Status{"e": org.StatusApproved, "m": org.StatusApproved, "r": org.StatusApproved}}}
	w.svc = w.open(t)
	return w
}

func (w *world) open(t *testing.T) *tips.Service {
	t.Helper()
	xs := exchanges{
		"exch-done": {ID: "exch-done", RequestOrg: "e", MentorOrg: "m", State: exchange.StateCompleted},
		"running":   {ID: "running", RequestOrg: "e", MentorOrg: "m", State: exchange.StateActive},
	}
	svc, err := tips.NewService(context.Background(), tips.Config{Store: w.db, Exchanges: xs, Orgs: w.orgs, Now: func() time.Time { return w.now }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func good() tips.Input {
	return tips.Input{Title: "Tips on peer educator training", Body: "Pair each new peer educator with one who has done outreach for a year.",
		Topics: []string{"peer_outreach", "training_facilitation"}}
}

var (
	leadE   = tips.Writer{User: "u-lead-e", Org: "e", Lead: true}
	mentorM = tips.Writer{User: "u-mentor-m", Org: "m"}
	reader  = tips.Viewer{User: "u-reader", Orgs: map[string]bool{"r": true}}
)

func stored(t *testing.T, w *world) int {
	t.Helper()
	list, err := w.db.Tips(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestWriteValidates(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, c := range []struct {
		name        string
		edit        func(*tips.Input)
		field, code string
	}{
		{"empty title", func(in *tips.Input) { in.Title = "  " }, "title", tips.CodeTitle},
		{"title of 121", func(in *tips.Input) { in.Title = strings.Repeat("é", 121) }, "title", tips.CodeTitle},
		{"title of two lines", func(in *tips.Input) { in.Title = "one\ntwo" }, "title", tips.CodeTitle},
		{"empty body", func(in *tips.Input) { in.Body = "" }, "body", tips.CodeBody},
		{"body of 5001", func(in *tips.Input) { in.Body = strings.Repeat("a", 5001) }, "body", tips.CodeBody},
		{"markup in the title", func(in *tips.Input) { in.Title = "Read <b>this</b>" }, "title", tips.CodePlainText},
		{"script in the body", func(in *tips.Input) { in.Body = "hi <script>alert(1)</script>" }, "body", tips.CodePlainText},
		{"comment in the body", func(in *tips.Input) { in.Body = "hi <!-- x -->" }, "body", tips.CodePlainText},
		{"entity in the body", func(in *tips.Input) { in.Body = "a &amp; b" }, "body", tips.CodePlainText},
		{"control character", func(in *tips.Input) { in.Body = "a\x07b" }, "body", tips.CodePlainText},
		{"no topic", func(in *tips.Input) { in.Topics = nil }, "topics", tips.CodeTopics},
		{"six topics", func(in *tips.Input) {
			in.Topics = []string{"peer_outreach", "fundraising", "safe_space", "financial_skills", "access_to_justice", "sensitising_police"}
		}, "topics", tips.CodeTopics},
		{"unknown topic", func(in *tips.Input) { in.Topics = []string{"cooking"} }, "topics", tips.CodeTopics},
		{"topic twice", func(in *tips.Input) { in.Topics = []string{"fundraising", "fundraising"} }, "topics", tips.CodeTopics},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good()
			c.edit(&in)
			_, err := w.svc.Write(ctx, leadE, "exch-done", in)
			var v *tips.ValidationError
			if !errors.As(err, &v) || !errors.Is(err, tips.ErrInvalid) || v.Field != c.field || v.Code != c.code {
				t.Fatalf("got %v, want a validation error of %s with code %s", err, c.field, c.code)
			}
		})
	}
	if n := stored(t, w); n != 0 {
		t.Errorf("after refused writes the store holds %d tips, want 0", n)
	}
	// Plain text that only looks close to markup is fine.
	in := good()
	in.Title, in.Body = "  5 < 6 & so on  ", "a < b, R&D, x&y and 3 <= 4\r\nnext line"
	tip, err := w.svc.Write(ctx, leadE, "exch-done", in)
	if err != nil {
		t.Fatal(err)
	}
	if tip.Title != "5 < 6 & so on" || tip.Body != "a < b, R&D, x&y and 3 <= 4\nnext line" {
		t.Errorf("stored %q / %q, want trimmed text with \\n line ends", tip.Title, tip.Body)
	}
}

func TestWriteNeedsACompletedExchangeOfTheWriter(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		writer   tips.Writer
		exchange string
		want     error
	}{
		{"running exchange", leadE, "running", tips.ErrNotCompleted},
		{"no such exchange", leadE, "nope", tips.ErrNotFound},
		{"not a party", tips.Writer{User: "u-r", Org: "r", Lead: true}, "exch-done", tips.ErrNotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := w.svc.Write(ctx, c.writer, c.exchange, good()); !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
	if n := stored(t, w); n != 0 {
		t.Errorf("store holds %d tips, want 0", n)
	}
	for _, wr := range []tips.Writer{leadE, mentorM} {
		if _, err := w.svc.Write(ctx, wr, "exch-done", good()); err != nil {
			t.Errorf("%s writing about the completed exchange: %v", wr.Org, err)
		}
	}
}

// TestUnnamedTipSinglesOutNobody: an outsider reading an unnamed tip gets no
// organisation, exchange, author or exact time; the writing organisation sees it all.
func TestUnnamedTipSinglesOutNobody(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	named, unnamed := good(), good()
	named.Named = true
	unnamed.Title = "Lessons on fundraising"
	nt, err := w.svc.Write(ctx, leadE, "exch-done", named)
	if err != nil {
		t.Fatal(err)
	}
	ut, err := w.svc.Write(ctx, mentorM, "exch-done", unnamed)
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.svc.Get(ctx, reader, ut.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(v)
	for _, secret := range []string{`"m"`, "Name of m", "exch-done", "u-mentor-m", "2026-11-14", "09:30"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("outsider's view of an unnamed tip holds %s: %s", secret, raw)
		}
	}
	if v.Org != nil || v.Exchange != "" || v.Month != "2026-11" || v.Own || v.CanEdit {
		t.Errorf("outsider's view of the unnamed tip: %+v", v)
	}
	if v, _ := w.svc.Get(ctx, reader, nt.ID); v.Org == nil || v.Org.Name != "Name of e" || v.Exchange != "" {
		t.Errorf("outsider's view of the named tip: %+v, want the organisation named and no exchange", v)
	}
	for _, c := range []struct {
		name    string
		viewer  tips.Viewer
		canEdit bool
	}{
		{"the author", tips.Viewer{User: "u-mentor-m", Orgs: map[string]bool{"m": false}, Writes: map[string]bool{"m": true}}, true},
		{"the author, no longer a mentor", tips.Viewer{User: "u-mentor-m", Orgs: map[string]bool{"m": false}}, false},
		{"a lead of the organisation", tips.Viewer{User: "u-lead-m", Orgs: map[string]bool{"m": true}, Writes: map[string]bool{"m": true}}, true},
		{"another mentor of the organisation", tips.Viewer{User: "u-other", Orgs: map[string]bool{"m": false}, Writes: map[string]bool{"m": true}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := w.svc.Get(ctx, c.viewer, ut.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Org == nil || v.Org.ID != "m" || v.Exchange != "exch-done" || !v.Own || v.CanEdit != c.canEdit {
				t.Errorf("got %+v, want own, organisation and exchange shown, can_edit %v", v, c.canEdit)
			}
		})
	}
}

func TestEditAndDeleteByAuthorOrLead(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	tip, err := w.svc.Write(ctx, tips.Writer{User: "u-mentor-e", Org: "e"}, "exch-done", good())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		by   tips.Writer
		ok   bool
	}{
		{"another mentor of the organisation", tips.Writer{User: "u-other-e", Org: "e"}, false},
		{"a lead of the other party", tips.Writer{User: "u-lead-m", Org: "m", Lead: true}, false},
		{"a lead claiming another organisation", tips.Writer{User: "u-lead-m", Org: "e"}, false},
		{"the author", tips.Writer{User: "u-mentor-e", Org: "e"}, true},
		{"a lead of the organisation", leadE, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good()
			in.Title = "Changed by " + c.name
			w.now = w.now.Add(time.Hour)
			got, err := w.svc.Update(ctx, c.by, tip.ID, in)
			if c.ok != (err == nil) || (!c.ok && !errors.Is(err, tips.ErrNotFound)) {
				t.Fatalf("update: %v, want allowed %v", err, c.ok)
			}
			if c.ok && (got.Title != in.Title || !got.Updated.Equal(w.now) || !got.Created.Equal(tip.Created)) {
				t.Errorf("updated tip %+v", got)
			}
		})
	}
	if err := w.svc.Delete(ctx, tips.Writer{User: "u-other-e", Org: "e"}, tip.ID); !errors.Is(err, tips.ErrNotFound) {
		t.Errorf("another mentor deleting: %v, want ErrNotFound", err)
	}
	if err := w.svc.Delete(ctx, leadE, tip.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Get(ctx, reader, tip.ID); !errors.Is(err, tips.ErrNotFound) || stored(t, w) != 0 {
		t.Errorf("after delete: %v, %d stored; want gone", err, stored(t, w))
	}
}

func TestListByTopicNewestFirstInPages(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	var want []string // newest first, topic peer_outreach
	for i := range 25 {
		in := good()
		in.Title = fmt.Sprintf("tip %d", i)
		if i%5 == 0 {
			in.Topics = []string{"fundraising"}
		}
		w.now = w.now.Add(time.Minute)
		tip, err := w.svc.Write(ctx, leadE, "exch-done", in)
		if err != nil {
			t.Fatal(err)
		}
		if i%5 != 0 {
			want = append([]string{tip.Title}, want...)
		}
	}
	var got []string
	for page := 1; ; page++ {
		p, err := w.svc.List(ctx, reader, "peer_outreach", page)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Tips) > tips.PageSize {
			t.Fatalf("page %d holds %d tips", page, len(p.Tips))
		}
		for _, v := range p.Tips {
			got = append(got, v.Title)
		}
		if !p.More {
			break
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("peer_outreach tips:\n got %v\nwant %v", got, want)
	}
	if p, _ := w.svc.List(ctx, reader, "fundraising", 1); len(p.Tips) != 5 || p.More {
		t.Errorf("fundraising: %d tips, more %v; want 5, no more", len(p.Tips), p.More)
	}
	if p, _ := w.svc.List(ctx, reader, "", 2); len(p.Tips) != 5 || p.More {
		t.Errorf("every topic, page 2: %d tips, more %v; want 5, no more", len(p.Tips), p.More)
	}
	for _, bad := range []struct {
		topic string
		page  int
	}{{"cooking", 1}, {"", 0}} {
		if _, err := w.svc.List(ctx, reader, bad.topic, bad.page); !errors.Is(err, tips.ErrInvalid) {
			t.Errorf("list %q page %d: %v, want ErrInvalid", bad.topic, bad.page, err)
		}
	}
	// A new instance loads them from the store.
	if p, _ := w.open(t).List(ctx, reader, "", 1); len(p.Tips) != tips.PageSize || !p.More {
		t.Errorf("after reload: %d tips, more %v", len(p.Tips), p.More)
	}
}

// TestOrganisationGone: a suspended organisation's tips disappear from reading and come
// back with it; offboarding deletes them; an erased author leaves them to the organisation.
func TestOrganisationGone(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	te, err := w.svc.Write(ctx, leadE, "exch-done", good())
	if err != nil {
		t.Fatal(err)
	}
	tm, err := w.svc.Write(ctx, mentorM, "exch-done", good())
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		p, err := w.svc.List(ctx, reader, "peer_outreach", 1)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Tips)
	}
	w.orgs.set("e", org.StatusSuspended)
	if n := count(); n != 1 {
		t.Errorf("with e suspended %d tips listed, want 1", n)
	}
	if _, err := w.svc.Get(ctx, reader, te.ID); !errors.Is(err, tips.ErrNotFound) {
		t.Errorf("suspended organisation's tip: %v, want ErrNotFound", err)
	}
	if list, err := w.svc.OfExchange(ctx, reader, "m", "exch-done"); err != nil || len(list) != 1 {
		t.Errorf("exchange's tips with e suspended: %d, %v; want 1", len(list), err)
	}
	w.orgs.set("e", org.StatusApproved)
	if n := count(); n != 2 {
		t.Errorf("with e approved again %d tips listed, want 2", n)
	}

	if got := w.svc.WrittenBy(ctx, mentorM.User); len(got) != 1 || got[0].ID != tm.ID {
		t.Errorf("written by the mentor: %+v", got)
	}
	if err := w.svc.ForgetAuthor(ctx, mentorM.User); err != nil {
		t.Fatal(err)
	}
	if got := w.svc.WrittenBy(ctx, mentorM.User); len(got) != 0 {
		t.Errorf("after forgetting the author, written by them: %+v", got)
	}
	if v, err := w.svc.Get(ctx, tips.Viewer{User: "u-lead-m", Orgs: map[string]bool{"m": true}}, tm.ID); err != nil || !v.CanEdit {
		t.Errorf("the organisation's lead after the author went: %+v, %v; want can_edit", v, err)
	}

	if err := w.svc.DeleteOrganisation(ctx, "e"); err != nil {
		t.Fatal(err)
	}
	if n := stored(t, w); n != 1 || count() != 1 {
		t.Errorf("after offboarding e: %d stored, %d listed; want 1", n, count())
	}
	if err := w.svc.TakeDown(ctx, tm.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.TakeDown(ctx, tm.ID); !errors.Is(err, tips.ErrNotFound) {
		t.Errorf("taking down twice: %v, want ErrNotFound", err)
	}
	if n := stored(t, w); n != 0 {
		t.Errorf("after the take-down %d stored, want 0", n)
	}
}

// TestSharedStore: two instances on one store. A tip written on one is read on the other
// once its copy is older than Shared; a change made on the other reads the store first,
// so a lead there deletes at once a tip the first just wrote, which the first forgets
// once its own copy is old.
func TestSharedStore(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	open := func() *tips.Service {
		svc, err := tips.NewService(ctx, tips.Config{Store: w.db, Exchanges: exchanges{"exch-done": {ID: "exch-done", RequestOrg: "e", MentorOrg: "m", State: exchange.StateCompleted}},
			Orgs: w.orgs, Now: func() time.Time { return w.now }, Shared: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	a, b := open(), open()
	count := func(svc *tips.Service) int {
		p, err := svc.List(ctx, reader, "", 1)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Tips)
	}
	first, err := a.Write(ctx, mentorM, "exch-done", good())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, tips.Writer{User: "u-lead-m", Org: "m", Lead: true}, first.ID); err != nil {
		t.Fatalf("a lead deleting on the other instance a tip it has not read yet: %v", err)
	}
	if _, err := a.Get(ctx, reader, first.ID); err != nil {
		t.Errorf("the first instance within Shared: %v, want its copy", err)
	}
	second, err := a.Write(ctx, mentorM, "exch-done", good())
	if err != nil {
		t.Fatal(err)
	}
	if n := count(b); n != 0 {
		t.Errorf("the other instance lists %d tips within Shared, want its copy (none)", n)
	}
	w.now = w.now.Add(6 * time.Second)
	if _, err := a.Get(ctx, reader, first.ID); !errors.Is(err, tips.ErrNotFound) {
		t.Errorf("the first instance after Shared, the deleted tip: %v, want ErrNotFound", err)
	}
	if p, _ := b.List(ctx, reader, "", 1); len(p.Tips) != 1 || p.Tips[0].ID != second.ID {
		t.Errorf("the other instance after Shared lists %+v, want the second tip", p.Tips)
	}
}
