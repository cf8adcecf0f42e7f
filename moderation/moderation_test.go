package moderation_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fakeChat records what the service announces; Remove is not used here.
type fakeChat struct {
	mu     sync.Mutex
	frames []chat.ServerFrame
}

func (f *fakeChat) Remove(context.Context, string, int64) (string, error) {
	return "", errors.New("not used")
}

func (f *fakeChat) Announce(_ context.Context, room string, fr chat.ServerFrame) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	fr.Room = room
	f.frames = append(f.frames, fr)
	return nil
}

func (f *fakeChat) actions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, fr := range f.frames {
		out = append(out, fr.Action)
	}
	return out
}

type noRevocations struct{}

func (noRevocations) RolesChanged(context.Context, string)     {}
func (noRevocations) RoomLeft(context.Context, string, string) {}

// instance is one server's moderation: its own role enforcer and gate on the shared store.
type instance struct {
	roles *authz.Enforcer
	gate  *moderation.Gate
	svc   *moderation.Service
	chat  *fakeChat
}

func newRoles(tb testing.TB, db *store.DB) *authz.Enforcer {
	tb.Helper()
	roles, err := authz.New(db.RoleAdapter())
	if err != nil {
		tb.Fatal(err)
	}
	return roles
}

func newBenchInstance(b *testing.B, db *store.DB) *moderation.Service {
	b.Helper()
	roles := newRoles(b, db)
	svc, err := moderation.New(context.Background(), moderation.Options{
		Store: db, Messages: db, Chat: &fakeChat{}, Roles: roles, Access: roles, Revocations: noRevocations{}, Gate: moderation.NewGate(roles, roles, nil),
	})
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

func newInstance(t *testing.T, db *store.DB, now func() time.Time) *instance {
	t.Helper()
	return newAlertingInstance(t, db, now, nil)
}

// newAlertingInstance is newInstance whose service tells alerts of reports.
func newAlertingInstance(t *testing.T, db *store.DB, now func() time.Time, alerts moderation.Alerts) *instance {
	t.Helper()
	roles := newRoles(t, db)
	in := &instance{roles: roles, gate: moderation.NewGate(roles, roles, now), chat: &fakeChat{}}
	var err error
	in.svc, err = moderation.New(context.Background(), moderation.Options{
		Store: db, Messages: db, Chat: in.chat, Roles: roles, Access: roles, Revocations: noRevocations{}, Gate: in.gate, Now: now, Alerts: alerts,
	})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// TestTimedMuteLiftsOnBothInstances: a 1 h mute made on one instance refuses sends on
// both; when the clock passes its end, the first sweeper to run lifts it, the other
// instance follows (roles reload, as the bus would have it), and the audit log records
// the lifting once.
func TestTimedMuteLiftsOnBothInstances(t *testing.T) {
	db := storetest.NewDB(t)
	clock := fakeclock.New()
	a, b := newInstance(t, db, clock.Now), newInstance(t, db, clock.Now)
	// What peers does over the bus: a role change stored on one instance reloads the other.
	a.roles.OnChange(func() { _ = b.roles.Reload() })
	b.roles.OnChange(func() { _ = a.roles.Reload() })
	for _, g := range [][2]string{{"owner", "owner"}, {"owner", "member"}, {"m", "member"}} {
		if err := a.roles.Grant(g[0], g[1], authz.RoomDomain("s1")); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	err := a.svc.Act(ctx, "owner", "s1", moderation.Action{Kind: moderation.KindMute, User: "m", Duration: "1h", Reason: moderation.ReasonHarassment})
	if err != nil {
		t.Fatal(err)
	}
	refusals := func() [2]string {
		return [2]string{a.gate.Refuse("m", "s1", "send"), b.gate.Refuse("m", "s1", "send")}
	}
	if got := refusals(); got != [2]string{chat.CodeMuted, chat.CodeMuted} {
		t.Fatalf("after the mute: instances refuse with %q, want muted on both", got)
	}
	if got := a.gate.Refuse("m", "s1", "join"); got != "" {
		t.Errorf("a muted member joining: refused with %q, want let through (muted people read)", got)
	}

	clock.Advance(59 * time.Minute)
	for _, in := range []*instance{a, b} {
		if err := in.svc.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := refusals(); got != [2]string{chat.CodeMuted, chat.CodeMuted} {
		t.Fatalf("after 59 min: instances refuse with %q, want still muted on both", got)
	}

	clock.Advance(2 * time.Minute)
	for _, in := range []*instance{b, a} {
		if err := in.svc.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := refusals(); got != [2]string{"", ""} {
		t.Fatalf("after 61 min: instances refuse with %q, want the mute lifted on both", got)
	}
	lifted, err := a.svc.Audit(ctx, "admin", moderation.AuditFilter{Action: moderation.AuditMuteLifted})
	if err != nil {
		t.Fatal(err)
	}
	if len(lifted) != 1 || lifted[0].Actor != moderation.System || lifted[0].Target != "user:m@room:s1" {
		t.Fatalf("audit of the lifting: got %+v, want one entry by the system", lifted)
	}
	if got := b.chat.actions(); !slices.Equal(got, []string{moderation.KindUnmute}) {
		t.Errorf("the lifting instance announced %v, want one unmute frame", got)
	}
	notices, _ := a.svc.Notices(ctx, "m")
	if len(notices) != 2 || notices[0].Action != moderation.KindMute || notices[0].Until == nil ||
		!notices[0].Until.Equal(fakeclock.New().Now().Add(time.Hour)) || notices[1].Action != moderation.AuditMuteLifted {
		t.Errorf("the member's notices: got %+v, want the mute until 10:00 and its lifting", notices)
	}
	if n, err := moderation.Verify(ctx, db); err != nil || n != 3 {
		t.Errorf("audit chain: %d entries, %v; want mute, lifted, read", n, err)
	}
}

// TestReportCopiesChosenContext: the report holds the message and the messages the
// reporter chose around it (tombstones left out), as they were: a later edit or delete
// does not change it.
func TestReportCopiesChosenContext(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	clock := fakeclock.New()
	in := newInstance(t, db, clock.Now)
	var msgs []chat.Message
	for seq := int64(1); seq <= 10; seq++ {
		m := chat.Message{ID: fmt.Sprint("m", seq), Room: "s1", Seq: seq, Author: "u" + fmt.Sprint(seq%2), ClientID: fmt.Sprint("c", seq), Body: fmt.Sprint("body ", seq), Sent: clock.Now()}
		if seq == 4 {
			m.Kind, m.Target, m.Body = chat.KindDelete, 3, "" // message 3 was deleted
		}
		msgs = append(msgs, m)
	}
	if _, err := db.InsertBatch(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkDeleted(ctx, "s1", 3); err != nil {
		t.Fatal(err)
	}
	r, err := in.svc.Report(ctx, "u0", "s1", moderation.ReportInput{Seq: 6, Reason: moderation.ReasonThreat, Text: "again", Before: 3, After: 2})
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, m := range r.Messages {
		seqs = append(seqs, m.Seq)
	}
	if want := []int64{1, 2, 5, 6, 7, 8}; !slices.Equal(seqs, want) || r.Author != "u0" || !r.Messages[3].Reported {
		t.Fatalf("report holds seqs %v by %q, want %v with 6 (by u0) marked reported", seqs, r.Author, want)
	}
	if err := db.MarkEdited(ctx, "s1", 6, "edited away", clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkDeleted(ctx, "s1", 7); err != nil {
		t.Fatal(err)
	}
	got, err := db.Report(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Messages[3].Body != "body 6" || got.Messages[4].Body != "body 7" {
		t.Errorf("after an edit and a delete the report holds %q and %q, want the bodies as reported", got.Messages[3].Body, got.Messages[4].Body)
	}
	for name, tc := range map[string]struct {
		in   moderation.ReportInput
		want error
	}{
		"deleted message":  {moderation.ReportInput{Seq: 3, Reason: moderation.ReasonSpam}, moderation.ErrNotFound},
		"a tombstone":      {moderation.ReportInput{Seq: 4, Reason: moderation.ReasonSpam}, moderation.ErrNotFound},
		"no such message":  {moderation.ReportInput{Seq: 99, Reason: moderation.ReasonSpam}, moderation.ErrNotFound},
		"unknown reason":   {moderation.ReportInput{Seq: 6, Reason: "rude"}, moderation.ErrInvalid},
		"too much context": {moderation.ReportInput{Seq: 6, Reason: moderation.ReasonSpam, Before: 11, After: 10}, moderation.ErrInvalid},
	} {
		if _, err := in.svc.Report(ctx, "u0", "s1", tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
}

// TestActRefusals: actions name a reason, act on members only, never on oneself or on a
// room owner.
func TestActRefusals(t *testing.T) {
	db := storetest.NewDB(t)
	in := newInstance(t, db, nil)
	for _, g := range [][2]string{{"owner", "owner"}, {"owner", "member"}, {"mod", "member"}, {"mod", "roommod"}, {"m", "member"}} {
		if err := in.roles.Grant(g[0], g[1], authz.RoomDomain("s1")); err != nil {
			t.Fatal(err)
		}
	}
	for name, tc := range map[string]struct {
		actor string
		a     moderation.Action
		want  error
	}{
		"no reason":      {"mod", moderation.Action{Kind: moderation.KindBan, User: "m"}, moderation.ErrInvalid},
		"unknown action": {"mod", moderation.Action{Kind: "shadowban", User: "m", Reason: "spam"}, moderation.ErrInvalid},
		"bad duration":   {"mod", moderation.Action{Kind: moderation.KindMute, User: "m", Duration: "2h", Reason: "spam"}, moderation.ErrInvalid},
		"oneself":        {"mod", moderation.Action{Kind: moderation.KindBan, User: "mod", Reason: "spam"}, moderation.ErrConflict},
		"the owner":      {"mod", moderation.Action{Kind: moderation.KindBan, User: "owner", Reason: "spam"}, moderation.ErrConflict},
		"a stranger":     {"mod", moderation.Action{Kind: moderation.KindBan, User: "x", Reason: "spam"}, moderation.ErrNotFound},
		"slow too slow":  {"mod", moderation.Action{Kind: moderation.KindSlowMode, Seconds: 7200, Reason: "spam"}, moderation.ErrInvalid},
	} {
		if err := in.svc.Act(context.Background(), tc.actor, "s1", tc.a); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
	if n, err := moderation.Verify(context.Background(), db); err != nil || n != 0 {
		t.Errorf("refused actions left %d audit entries (%v), want none", n, err)
	}
}

// TestSlowMode: one send per interval per member; owners and room moderators are not
// held; turning it off lets everyone send again.
func TestSlowMode(t *testing.T) {
	db := storetest.NewDB(t)
	clock := fakeclock.New()
	in := newInstance(t, db, clock.Now)
	for _, g := range [][2]string{{"owner", "owner"}, {"owner", "member"}, {"m", "member"}} {
		if err := in.roles.Grant(g[0], g[1], authz.RoomDomain("s1")); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	if err := in.svc.Act(ctx, "owner", "s1", moderation.Action{Kind: moderation.KindSlowMode, Seconds: 30, Reason: moderation.ReasonSpam}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		advance     time.Duration
		user, frame string
		want        string
	}{
		{0, "m", "send", ""},
		{10 * time.Second, "m", "send", chat.CodeSlowMode},
		{0, "m", "edit", ""},
		{0, "owner", "send", ""},
		{0, "owner", "send", ""},
		{20 * time.Second, "m", "send", ""},
		{0, "m", "send", chat.CodeSlowMode},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		if got := in.gate.Refuse(s.user, "s1", s.frame); got != s.want {
			t.Errorf("step %d: %s %s got %q, want %q", i, s.user, s.frame, got, s.want)
		}
	}
	if err := in.svc.Act(ctx, "owner", "s1", moderation.Action{Kind: moderation.KindSlowMode, Seconds: 0, Reason: moderation.ReasonOther}); err != nil {
		t.Fatal(err)
	}
	if got := in.gate.Refuse("m", "s1", "send"); got != "" {
		t.Errorf("slow mode off: got %q, want let through", got)
	}
}

// TestQueueOrder: open reports oldest first, then resolved ones, newest resolution
// first; a room's queue holds only its reports; the queue carries no messages.
func TestQueueOrder(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	clock := fakeclock.New()
	in := newInstance(t, db, clock.Now)
	var msgs []chat.Message
	for _, room := range []string{"s1", "s2"} {
		msgs = append(msgs, chat.Message{ID: room, Room: room, Seq: 1, Author: "u2", ClientID: "c", Body: "hi", Sent: clock.Now()})
	}
	if _, err := db.InsertBatch(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, room := range []string{"s1", "s2", "s1", "s1"} {
		r, err := in.svc.Report(ctx, "u1", room, moderation.ReportInput{Seq: 1, Reason: moderation.ReasonSpam})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
		clock.Advance(time.Minute)
	}
	for _, id := range []string{ids[2], ids[0]} {
		if _, err := in.svc.Resolve(ctx, "mod", "", id, moderation.StatusDismissed, ""); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	if _, err := in.svc.Resolve(ctx, "owner", "s2", ids[3], moderation.StatusActioned, ""); !errors.Is(err, moderation.ErrNotFound) {
		t.Errorf("resolving another room's report through a room: got %v, want ErrNotFound", err)
	}
	order := func(room string, open bool) []string {
		list, err := in.svc.Queue(ctx, room, open)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range list {
			if r.Messages != nil {
				t.Errorf("queue entry %s carries its messages", r.ID)
			}
			out = append(out, r.ID)
		}
		return out
	}
	for name, tc := range map[string]struct {
		room string
		open bool
		want []string
	}{
		"open":      {"", true, []string{ids[1], ids[3]}},
		"all":       {"", false, []string{ids[1], ids[3], ids[0], ids[2]}},
		"room open": {"s1", true, []string{ids[3]}},
	} {
		if got := order(tc.room, tc.open); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		}
	}
}
