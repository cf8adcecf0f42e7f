package natsbroker_test

import (
	"context"
	"net"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/chat/natsbroker"
	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
)

func connect(t *testing.T, url string) *natsbroker.Broker {
	t.Helper()
	b, err := natsbroker.Connect(url, natsbroker.Options{ReconnectWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

// checkGoroutines fails the test if goroutines it started outlive its cleanups.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutines: got %d, want ≤ %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
				return
			}
			runtime.Gosched()
		}
	})
}

// recorder collects what a subscriber is given.
type recorder struct {
	mu     sync.Mutex
	events []chat.Event
	ctls   []string
}

func (r *recorder) deliver(ev chat.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func (r *recorder) apply(c []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ctls = append(r.ctls, string(c))
}

func (r *recorder) snapshot() ([]chat.Event, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events), slices.Clone(r.ctls)
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
	}
}

// frames returns the ephemeral frames among evs.
func frames(evs []chat.Event) [][]byte {
	var out [][]byte
	for _, ev := range evs {
		if ev.Frame != nil {
			out = append(out, ev.Frame)
		}
	}
	return out
}

func seqs(evs []chat.Event) []int64 {
	var out []int64
	for _, ev := range evs {
		for _, m := range ev.Records {
			out = append(out, m.Seq)
		}
	}
	return out
}

func TestEventsCrossInstancesOnce(t *testing.T) {
	checkGoroutines(t)
	ns := natstest.Start(t, 0)
	a, b := connect(t, ns.ClientURL()), connect(t, ns.ClientURL())
	c := connect(t, ns.ClientURL())
	base := ns.NumSubscriptions()
	var onA, onB, other recorder
	defer a.Subscribe("r1", onA.deliver)()
	defer b.Subscribe("r1", onB.deliver)()
	defer b.Subscribe("r.2 *", other.deliver)()
	ctx := context.Background()
	eventually(t, "subscriptions on the server", func() bool { return ns.NumSubscriptions() == base+3 })
	for i := int64(1); i <= 3; i++ {
		if err := a.Publish(ctx, chat.Event{Room: "r1", Records: []chat.Message{{Room: "r1", Seq: i, Body: "x"}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Publish(ctx, chat.Event{Room: "r.2 *", Frame: []byte(`{"type":"typing"}`)}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "three records on B", func() bool { evs, _ := onB.snapshot(); return len(seqs(evs)) == 3 })
	eventually(t, "the frame on B", func() bool { evs, _ := other.snapshot(); return len(frames(evs)) == 1 })
	// Were A's own events echoed back, they would reach A before this later one.
	if err := c.Publish(ctx, chat.Event{Room: "r1", Records: []chat.Message{{Room: "r1", Seq: 4}}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "seq 4 on A", func() bool { evs, _ := onA.snapshot(); return slices.Contains(seqs(evs), 4) })
	eventually(t, "seq 4 on B", func() bool { evs, _ := onB.snapshot(); return slices.Contains(seqs(evs), 4) })
	evsA, _ := onA.snapshot()
	evsB, _ := onB.snapshot()
	if got, want := seqs(evsA), []int64{1, 2, 3, 4}; !slices.Equal(got, want) {
		t.Errorf("on A: got %v, want %v", got, want)
	}
	if got, want := seqs(evsB), []int64{1, 2, 3, 4}; !slices.Equal(got, want) {
		t.Errorf("on B: got %v, want %v", got, want)
	}
	if evs, _ := other.snapshot(); string(frames(evs)[0]) != `{"type":"typing"}` {
		t.Errorf("frame: got %q", frames(evs)[0])
	}
	if evs, _ := onB.snapshot(); !evs[0].Missed {
		t.Errorf("first event of a new subscription: got %+v, want Missed", evs[0])
	}
}

func TestControlReachesOtherInstances(t *testing.T) {
	checkGoroutines(t)
	ns := natstest.Start(t, 0)
	a, b := connect(t, ns.ClientURL()), connect(t, ns.ClientURL())
	base := ns.NumSubscriptions()
	var onA, onB recorder
	cancelA, err := a.SubscribeControl(onA.apply)
	if err != nil {
		t.Fatal(err)
	}
	defer cancelA()
	cancelB, err := b.SubscribeControl(onB.apply)
	if err != nil {
		t.Fatal(err)
	}
	defer cancelB()
	eventually(t, "subscriptions on the server", func() bool { return ns.NumSubscriptions() == base+2 })
	want := `{"kind":"session_ended","user":"u1","session":"s1"}`
	if err := a.PublishControl(context.Background(), []byte(want)); err != nil {
		t.Fatal(err)
	}
	eventually(t, "control on B", func() bool { _, c := onB.snapshot(); return len(c) == 1 })
	if _, c := onB.snapshot(); c[0] != want {
		t.Errorf("got %s, want %s", c[0], want)
	}
	// B answers; once A has that, its own event would have come back before it.
	if err := b.PublishControl(context.Background(), []byte(`{"kind":"user_revoked","user":"u2"}`)); err != nil {
		t.Fatal(err)
	}
	eventually(t, "control on A", func() bool { _, c := onA.snapshot(); return len(c) == 1 })
	if _, c := onA.snapshot(); !strings.Contains(c[0], `"u2"`) {
		t.Errorf("the publisher applied its own control from NATS: %+v", c)
	}
}

// After an outage every subscribed room hears that it may have missed events, and local
// delivery never stopped.
func TestReconnectAsksRoomsToResync(t *testing.T) {
	checkGoroutines(t)
	ns := natstest.Start(t, 0)
	port := ns.Addr().(*net.TCPAddr).Port
	a := connect(t, ns.ClientURL())
	var rec recorder
	defer a.Subscribe("r1", rec.deliver)()
	ns.Shutdown()
	ns.WaitForShutdown()
	if err := a.Publish(context.Background(), chat.Event{Room: "r1", Records: []chat.Message{{Room: "r1", Seq: 1}}}); err != nil {
		t.Logf("publish during outage: %v", err)
	}
	if evs, _ := rec.snapshot(); !slices.Equal(seqs(evs), []int64{1}) {
		t.Fatalf("local delivery during the outage: got %v", seqs(evs))
	}
	natstest.Start(t, port)
	eventually(t, "a Missed event", func() bool {
		evs, _ := rec.snapshot()
		return slices.ContainsFunc(evs, func(ev chat.Event) bool { return ev.Missed && ev.Room == "r1" })
	})
}

func TestDeliveryAfterOutage(t *testing.T) {
	checkGoroutines(t)
	ns := natstest.Start(t, 0)
	port := ns.Addr().(*net.TCPAddr).Port
	a, b := connect(t, ns.ClientURL()), connect(t, ns.ClientURL())
	ns.Shutdown()
	ns.WaitForShutdown()
	ns2 := natstest.Start(t, port)
	eventually(t, "both reconnected", func() bool { return ns2.NumClients() == 2 })
	var rec recorder
	defer b.Subscribe("r1", rec.deliver)()
	if err := a.Publish(context.Background(), chat.Event{Room: "r1", Records: []chat.Message{{Room: "r1", Seq: 7}}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "seq 7 on B", func() bool { evs, _ := rec.snapshot(); return slices.Contains(seqs(evs), 7) })
}
