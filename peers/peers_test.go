package peers

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/chat/natsbroker"
	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
)

// journal is what one instance's fakes were asked to do, in order.
type journal struct {
	mu    sync.Mutex
	lines []string
}

func (j *journal) add(format string, args ...any) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.lines = append(j.lines, fmt.Sprintf(format, args...))
}

func (j *journal) snapshot() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.lines)
}

func (j *journal) reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.lines = nil
}

// The fakes stand for chat.Hub, account.Service, authz.Enforcer and the rooms, org and
// exchange services: each writes what it is asked into the instance's journal.
type (
	fakeHub       struct{ j *journal }
	fakeAccounts  struct{ j *journal }
	fakeRoles     struct{ j *journal }
	fakeRooms     struct{ j *journal }
	fakeOrgs      struct{ j *journal }
	fakeExchanges struct{ j *journal }
	fakeTrainings struct{ j *journal }
)

func (f fakeHub) Apply(c chat.Control) {
	f.j.add("close %s user=%s session=%s room=%s", c.Kind, c.User, c.Session, c.Room)
}
func (f fakeAccounts) DropCachedUser(id string) { f.j.add("forget %s", id) }
func (f fakeRoles) Reload() error               { f.j.add("reload roles"); return nil }
func (f fakeRooms) Refresh(_ context.Context, id string) error {
	f.j.add("read room %s", id)
	return nil
}
func (f fakeOrgs) Refresh(_ context.Context, id string) error {
	f.j.add("read org %s", id)
	return nil
}
func (f fakeExchanges) Refresh(_ context.Context, id string) error {
	f.j.add("read request %s", id)
	return nil
}
func (f fakeExchanges) RefreshRound(_ context.Context, id string) error {
	f.j.add("read round %s", id)
	return nil
}
func (f fakeExchanges) ForgetNotes(id string) { f.j.add("forget notes %s", id) }
func (f fakeExchanges) RefreshNotes(_ context.Context, id string) error {
	f.j.add("read notes %s", id)
	return nil
}
func (f fakeTrainings) Refresh(_ context.Context, id string) error {
	f.j.add("read training %s", id)
	return nil
}

// instance is one server's revoker and state sync over fakes.
type instance struct {
	revoker *Revoker
	states  *StateSync
	j       *journal
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newInstance(bus Bus) *instance {
	j := &journal{}
	return &instance{
		revoker: NewRevoker(fakeHub{j}, fakeAccounts{j}, fakeRoles{j}, fakeRooms{j}, fakeExchanges{j}, bus, discard()),
		states:  NewStateSync(bus, fakeRoles{j}, fakeOrgs{j}, fakeExchanges{j}, fakeTrainings{j}, discard()),
		j:       j,
	}
}

// startInstance connects an instance to NATS and runs it until the test ends.
func startInstance(t *testing.T, ns *server.Server) *instance {
	t.Helper()
	b, err := natsbroker.Connect(ns.ClientURL(), natsbroker.Options{Log: discard(), ReconnectWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	in := newInstance(b)
	before := ns.NumSubscriptions()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { in.revoker.Run(ctx) })
	wg.Go(func() { in.states.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait(); b.Close() })
	eventually(t, "the instance's subscriptions", func() bool { return ns.NumSubscriptions() == before+2 })
	return in
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// TestAcrossInstances: what one instance is told, the other does, in the order that
// matters (roles reloaded before sockets are checked or organisations read); the first
// does its own part at once.
func TestAcrossInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	a, b := startInstance(t, ns), startInstance(t, ns)
	ctx := context.Background()
	tests := []struct {
		name      string
		do        func()
		here      []string // on a, at once
		elsewhere []string // on b, in this order
	}{
		{"session ended", func() { a.revoker.SessionEnded(ctx, "u1", "s1") },
			[]string{"close session_ended user=u1 session=s1 room="},
			[]string{"forget u1", "close session_ended user=u1 session=s1 room="}},
		{"user revoked", func() { a.revoker.UserRevoked(ctx, "u2") },
			[]string{"close user_revoked user=u2 session= room="},
			[]string{"forget u2", "close user_revoked user=u2 session= room="}},
		{"account erased", func() { a.revoker.AccountErased(ctx, "u5", "former-x", true) },
			[]string{"close account_erased user=u5 session= room="},
			[]string{"forget u5", "close account_erased user=u5 session= room=", "forget notes u5"}},
		{"room left", func() { a.revoker.RoomLeft(ctx, "u3", "r1") },
			[]string{"close room_removed user=u3 session= room=r1"},
			[]string{"close room_removed user=u3 session= room=r1", "reload roles"}},
		{"roles changed", func() { a.revoker.RolesChanged(ctx, "u4") },
			[]string{"close roles_changed user=u4 session= room="},
			[]string{"reload roles", "close roles_changed user=u4 session= room="}},
		{"roles stored", func() { a.states.RolesStored() },
			nil,
			[]string{"reload roles"}},
		{"room changed", func() { a.revoker.RoomChanged(ctx, "r2") },
			[]string{"close room_changed user= session= room=r2"}, // the hub ignores kinds not its own
			[]string{"read room r2"}},
		{"org changed", func() { a.states.OrgChanged(ctx, "o1") },
			nil,
			[]string{"reload roles", "read org o1"}},
		{"request changed", func() { a.states.RequestChanged(ctx, "q1") },
			nil,
			[]string{"read request q1"}},
		{"round changed", func() { a.states.RoundChanged(ctx, "m1") },
			nil,
			[]string{"read round m1"}},
		{"notes changed", func() { a.states.NotesChanged(ctx, "u5") },
			nil,
			[]string{"read notes u5"}},
		{"training recorded", func() { a.states.TrainingRecorded(ctx, "t1") },
			nil,
			[]string{"read training t1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.j.reset()
			b.j.reset()
			tt.do()
			if got := a.j.snapshot(); !slices.Equal(got, tt.here) {
				t.Errorf("here: got %q, want %q", got, tt.here)
			}
			eventually(t, "the other instance", func() bool { return len(b.j.snapshot()) >= len(tt.elsewhere) })
			if got := a.j.snapshot(); !slices.Equal(got, tt.here) {
				t.Errorf("the instance applied its own event from the bus: got %q, want %q", got, tt.here)
			}
			// A last event for each of b's subscriptions shows that nothing more came before.
			a.states.NotesChanged(ctx, "marker")
			a.revoker.RoomChanged(ctx, "marker")
			markers := []string{"read notes marker", "read room marker"}
			eventually(t, "the markers", func() bool {
				got := b.j.snapshot()
				return slices.Contains(got, markers[0]) && slices.Contains(got, markers[1])
			})
			got := slices.DeleteFunc(b.j.snapshot(), func(s string) bool { return slices.Contains(markers, s) })
			if !slices.Equal(got, tt.elsewhere) {
				t.Errorf("elsewhere: got %q, want %q", got, tt.elsewhere)
			}
		})
	}
}

// TestAlone: without a bus, access changes take effect here and the rest is nobody's
// business; Run returns at once.
func TestAlone(t *testing.T) {
	in := newInstance(nil)
	ctx := context.Background()
	in.revoker.Run(ctx)
	in.states.Run(ctx)
	in.revoker.SessionEnded(ctx, "u1", "s1")
	in.revoker.RoomChanged(ctx, "r1")
	in.states.OrgChanged(ctx, "o1")
	in.states.RolesStored()
	want := []string{"close session_ended user=u1 session=s1 room="}
	if got := in.j.snapshot(); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
