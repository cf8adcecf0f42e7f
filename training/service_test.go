package training_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/store/storetest"
	"github.com/cascade-platform/cascade/training"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// exchanges is a hand-written exchange directory.
type exchanges map[string]exchange.Exchange

func (xs exchanges) Exchange(_ context.Context, orgID, id string) (exchange.Exchange, error) {
	x, ok := xs[id]
	if !ok || orgID == "" || (orgID != x.RequestOrg && orgID != x.MentorOrg && orgID != x.HostOrg) {
		return exchange.Exchange{}, fmt.Errorf("exchange %s: %w", id, exchange.ErrNotFound)
	}
	return x, nil
}

// orgs is a hand-written organisation directory: organisation X has a lead "lead-X", a
// mentor "mentor-X" and a member "member-X".
type orgs struct{}

func (orgs) Members(_ context.Context, orgID string) []org.Member {
	return []org.Member{
		{UserID: "lead-" + orgID, Roles: []string{org.RoleLead, org.RoleMember}},
		{UserID: "mentor-" + orgID, Roles: []string{org.RoleMentor, org.RoleMember}},
		{UserID: "member-" + orgID, Roles: []string{org.RoleMember}},
	}
}

// told records who was told they were named, as "user@org".
type told struct {
	mu    sync.Mutex
	names []string
}

func (n *told) TrainerNamed(_ context.Context, userID, orgID string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.names = append(n.names, userID+"@"+orgID)
}

func newService(t *testing.T, db training.Store, xs exchanges, clock *fakeclock.Clock, n *told) *training.Service {
	t.Helper()
	s, err := training.NewService(context.Background(), training.Config{Store: db, Exchanges: xs, Orgs: orgs{}, Notifier: n, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// world: exchange ab between A (learning) and B (mentoring), bc between B and C, each
// active with one session; D is a party to neither. The clock stands at 2026-03-01.
func world(t *testing.T) (*training.Service, exchanges, *fakeclock.Clock) {
	t.Helper()
	xs := exchanges{
		"ab": {ID: "ab", RequestOrg: "A", MentorOrg: "B", State: exchange.StateActive, Sessions: []exchange.Session{{ID: "s1", Date: "2026-01-10"}}},
		"bc": {ID: "bc", RequestOrg: "C", MentorOrg: "B", State: exchange.StateActive, Sessions: []exchange.Session{{ID: "s2", Date: "2026-02-10"}}},
	}
	clock := fakeclock.New()
	return newService(t, storetest.NewDB(t), xs, clock, &told{}), xs, clock
}

func input(date string, peers, trainers int, learnedAt string) training.Input {
	return training.Input{Topic: "peer_outreach", Date: date, TrainersTrained: trainers, LearnedAt: learnedAt,
		Participants: training.Participants{PeerEducators: peers}}
}

// must returns a training recorded without error.
func must(t *testing.T) func(training.Training, error) training.Training {
	return func(tr training.Training, err error) training.Training {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
}

// TestGenerationsFollowTheCascade: B trains A's people in their exchange (generation 1);
// A's later training, learned there, is generation 2; C, trained by B in another exchange
// where B used what it learned from A, is generation 3.
func TestGenerationsFollowTheCascade(t *testing.T) {
	s, _, _ := world(t)
	ctx := context.Background()
	g1 := must(t)(s.RecordInSession(ctx, "B", "lead-B", "ab", "s1", input("2026-01-10", 20, 4, "")))
	g2 := must(t)(s.RecordInSession(ctx, "B", "lead-B", "bc", "s2", input("2026-02-10", 30, 2, g1.ID)))
	g3 := must(t)(s.Record(ctx, "C", "lead-C", input("2026-02-20", 12, 0, g2.ID)))
	for _, c := range []struct {
		tr   training.Training
		want int
	}{{g1, 1}, {g2, 2}, {g3, 3}} {
		if c.tr.Generation != c.want {
			t.Errorf("training %s: generation %d, want %d", c.tr.ID, c.tr.Generation, c.want)
		}
	}
	if g1.Exchange != "ab" || g1.Session != "s1" || g3.Exchange != "" || g3.LearnedAt != g2.ID {
		t.Errorf("where: g1 %s/%s, g3 %q learned at %q", g1.Exchange, g1.Session, g3.Exchange, g3.LearnedAt)
	}
}

// TestWhoMayLink: an organisation links only to a training it ran or one held in an
// exchange it is a party to, and only to one that trained trainers.
func TestWhoMayLink(t *testing.T) {
	s, _, _ := world(t)
	ctx := context.Background()
	inAB := must(t)(s.RecordInSession(ctx, "A", "lead-A", "ab", "s1", input("2026-01-10", 20, 4, "")))
	ownB := must(t)(s.Record(ctx, "B", "lead-B", input("2026-01-11", 10, 3, "")))
	noTrainers := must(t)(s.Record(ctx, "A", "lead-A", input("2026-01-12", 10, 0, "")))
	cases := []struct {
		name, org, parent string
		want              error
		code              string
	}{
		{"the recording organisation", "A", inAB.ID, nil, ""},
		{"the other party of its exchange", "B", inAB.ID, nil, ""},
		{"its own training outside an exchange", "B", ownB.ID, nil, ""},
		{"an organisation of another exchange", "C", inAB.ID, training.ErrNotFound, ""},
		{"an organisation of no exchange", "D", inAB.ID, training.ErrNotFound, ""},
		{"the other party, for a training held outside the exchange", "A", ownB.ID, training.ErrNotFound, ""},
		{"a training that does not exist", "A", "nosuchtraining", training.ErrNotFound, ""},
		{"a training that trained no trainers", "A", noTrainers.ID, training.ErrInvalid, training.CodeParentNoTrainer},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(s.All(ctx))
			_, err := s.Record(ctx, c.org, "lead-"+c.org, input("2026-02-01", 5, 1, c.parent))
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			var v *training.ValidationError
			if c.code != "" && (!errors.As(err, &v) || v.Code != c.code) {
				t.Errorf("got %v, want code %s", err, c.code)
			}
			if after := len(s.All(ctx)); c.want != nil && after != before {
				t.Errorf("stored %d trainings after a refusal, want %d", after, before)
			}
		})
	}
	linkable := func(orgID string) map[string]bool {
		out := map[string]bool{}
		for _, tr := range s.Linkable(ctx, orgID) {
			out[tr.ID] = true
		}
		return out
	}
	if got := linkable("B"); !got[inAB.ID] || !got[ownB.ID] || got[noTrainers.ID] {
		t.Errorf("B may link to %v, want %s and %s only among the seeds", got, inAB.ID, ownB.ID)
	}
	if got := linkable("C"); got[inAB.ID] || got[ownB.ID] {
		t.Errorf("C may link to %v, want none of A's and B's", got)
	}
}

// TestRecordInSessionRules: only a party, only a session of the exchange, only while it runs.
func TestRecordInSessionRules(t *testing.T) {
	s, xs, _ := world(t)
	ctx := context.Background()
	paused := xs["ab"]
	paused.ID, paused.Paused = "paused", true
	xs["paused"] = paused
	done := xs["ab"]
	done.ID, done.State = "done", exchange.StateCompleted
	xs["done"] = done
	for _, c := range []struct {
		name, org, x, session string
		want                  error
	}{
		{"no party", "C", "ab", "s1", training.ErrNotFound},
		{"no such exchange", "A", "zz", "s1", training.ErrNotFound},
		{"a session of another exchange", "B", "ab", "s2", training.ErrNotFound},
		{"paused", "A", "paused", "s1", training.ErrNotRunning},
		{"completed", "A", "done", "s1", training.ErrNotRunning},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := s.RecordInSession(ctx, c.org, "lead-"+c.org, c.x, c.session, input("2026-01-10", 5, 1, "")); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if n := len(s.All(ctx)); n != 0 {
		t.Errorf("%d trainings stored, want 0", n)
	}
}

func TestValidation(t *testing.T) {
	s, _, _ := world(t)
	ctx := context.Background()
	parent := must(t)(s.Record(ctx, "A", "lead-A", input("2026-02-01", 5, 2, "")))
	ok := input("2026-02-01", 5, 1, "")
	with := func(edit func(*training.Input)) training.Input {
		in := ok
		edit(&in)
		return in
	}
	for _, c := range []struct {
		name, field, code string
		in                training.Input
	}{
		{"unknown topic", "topic", training.CodeUnknownTopic, with(func(in *training.Input) { in.Topic = "knitting" })},
		{"no topic", "topic", training.CodeUnknownTopic, with(func(in *training.Input) { in.Topic = "" })},
		{"bad date", "date", training.CodeInvalidDate, with(func(in *training.Input) { in.Date = "1/2/2026" })},
		{"impossible date", "date", training.CodeInvalidDate, with(func(in *training.Input) { in.Date = "2026-02-30" })},
		{"too early", "date", training.CodeInvalidDate, with(func(in *training.Input) { in.Date = "1999-12-31" })},
		{"two days ahead", "date", training.CodeFutureDate, with(func(in *training.Input) { in.Date = "2026-03-03" })},
		{"negative count", "participants.police", training.CodeInvalidCount, with(func(in *training.Input) { in.Participants.Police = -1 })},
		{"count too large", "participants.media", training.CodeInvalidCount, with(func(in *training.Input) { in.Participants.Media = training.MaxCount + 1 })},
		{"negative trainers", "trainers_trained", training.CodeInvalidCount, with(func(in *training.Input) { in.TrainersTrained = -1 })},
		{"nobody", "participants", training.CodeNoParticipants, with(func(in *training.Input) { in.Participants = training.Participants{} })},
		{"more trainers than people", "trainers_trained", training.CodeTooManyTrainers, with(func(in *training.Input) { in.TrainersTrained = 6 })},
		{"resource not an id", "resource", training.CodeInvalidResource, with(func(in *training.Input) { in.Resource = "../etc" })},
		{"before the training it learned from", "date", training.CodeBeforeParent, with(func(in *training.Input) {
			in.LearnedAt, in.Date = parent.ID, "2026-01-31"
		})},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Record(ctx, "A", "lead-A", c.in)
			var v *training.ValidationError
			if !errors.As(err, &v) || v.Field != c.field || v.Code != c.code || !errors.Is(err, training.ErrInvalid) {
				t.Fatalf("got %v, want %s on %s", err, c.code, c.field)
			}
		})
	}
	if n := len(s.All(ctx)); n != 1 {
		t.Errorf("%d trainings stored, want only the parent", n)
	}
	// Edges that pass: tomorrow (a time zone ahead), every count at its limit.
	edge := with(func(in *training.Input) {
		in.Date = "2026-03-02"
		in.Participants = training.Participants{training.MaxCount, training.MaxCount, training.MaxCount, training.MaxCount, training.MaxCount}
		in.TrainersTrained, in.Resource = training.MaxCount, "res-1_A"
	})
	if _, err := s.Record(ctx, "A", "lead-A", edge); err != nil {
		t.Errorf("edge input refused: %v", err)
	}
}

// TestLoadsAndSeesOtherInstances: a second service on the same store starts with every
// training, and one started before a training was recorded still finds it to link to.
func TestLoadsAndSeesOtherInstances(t *testing.T) {
	xs := exchanges{}
	clock := fakeclock.New()
	ctx := context.Background()
	db := storetest.NewDB(t)
	one, two := newService(t, db, xs, clock, &told{}), newService(t, db, xs, clock, &told{})
	seed := must(t)(one.Record(ctx, "A", "lead-A", input("2026-02-01", 5, 2, "")))
	child := must(t)(two.Record(ctx, "A", "lead-A", input("2026-02-02", 5, 1, seed.ID)))
	if child.Generation != 2 {
		t.Errorf("generation %d, want 2", child.Generation)
	}
	three := newService(t, db, xs, clock, &told{})
	got := three.Of(ctx, "A")
	if len(got) != 2 || got[0].ID != child.ID || got[1] != seed {
		t.Errorf("reloaded %+v, want %s then %+v", got, child.ID, seed)
	}
}

// TestNamedTrainers: only a lead names trainers, only members of its organisation, each
// once and no more than were trained; each is told, and is named nowhere until they
// consent; declining, before or after consenting, leaves them unnamed.
func TestNamedTrainers(t *testing.T) {
	xs := exchanges{}
	clock := fakeclock.New()
	ctx := context.Background()
	n := &told{}
	s := newService(t, storetest.NewDB(t), xs, clock, n)
	naming := func(trainers ...string) training.Input {
		in := input("2026-02-01", 10, 2, "")
		in.Trainers = trainers
		return in
	}
	for _, c := range []struct {
		name, recorder string
		in             training.Input
		code           string
	}{
		{"a mentor names", "mentor-A", naming("member-A"), training.CodeLeadsOnly},
		{"a member names", "member-A", naming("member-A"), training.CodeLeadsOnly},
		{"another organisation's member", "lead-A", naming("member-B"), training.CodeNotMember},
		{"no account", "lead-A", naming("nobody"), training.CodeNotMember},
		{"not an id", "lead-A", naming("a b"), training.CodeNotMember},
		{"twice", "lead-A", naming("member-A", "member-A"), training.CodeNotMember},
		{"more than were trained", "lead-A", naming("member-A", "mentor-A", "lead-A"), training.CodeTooManyTrainers},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Record(ctx, "A", c.recorder, c.in)
			var v *training.ValidationError
			if !errors.As(err, &v) || v.Field != "trainers" || v.Code != c.code {
				t.Fatalf("got %v, want %s on trainers", err, c.code)
			}
		})
	}
	if len(s.All(ctx)) != 0 || len(n.names) != 0 {
		t.Fatalf("refused namings stored %d trainings and told %v", len(s.All(ctx)), n.names)
	}
	tr := must(t)(s.Record(ctx, "A", "lead-A", naming("member-A", "mentor-A")))
	if !slices.Equal(n.names, []string{"member-A@A", "mentor-A@A"}) {
		t.Errorf("told %v, want member-A and mentor-A of A", n.names)
	}
	named := func() []string {
		t.Helper()
		who, err := s.Trainers(ctx, []training.Training{tr})
		if err != nil {
			t.Fatal(err)
		}
		return who[tr.ID]
	}
	if got := named(); len(got) != 0 {
		t.Errorf("named before anyone consented: %v", got)
	}
	answer := func(user string, consent bool) {
		t.Helper()
		if _, err := s.Answer(ctx, user, tr.ID, consent); err != nil {
			t.Fatal(err)
		}
	}
	answer("member-A", true)
	answer("mentor-A", false)
	if got := named(); !slices.Equal(got, []string{"member-A"}) {
		t.Errorf("named %v, want only member-A, who consented", got)
	}
	mine, err := s.NamedIn(ctx, "member-A")
	if err != nil || len(mine) != 1 || mine[0].Training.ID != tr.ID || mine[0].State != training.NamingConsented || mine[0].Answered == nil {
		t.Errorf("member-A's namings: %+v, %v", mine, err)
	}
	answer("member-A", false) // consent withdrawn
	if got := named(); len(got) != 0 {
		t.Errorf("named %v after the consent was withdrawn", got)
	}
	for _, who := range []struct{ user, training string }{{"lead-A", tr.ID}, {"member-B", tr.ID}, {"member-A", "nosuchtraining"}} {
		if _, err := s.Answer(ctx, who.user, who.training, true); !errors.Is(err, training.ErrNotFound) {
			t.Errorf("%s answers for %s: got %v, want ErrNotFound", who.user, who.training, err)
		}
	}
}

// library is a hand-written training library: the readable resources of each user.
type library map[string][]string

func (l library) CanRead(_ context.Context, userID, id string) error {
	if !slices.Contains(l[userID], id) {
		return errors.New("library: unavailable")
	}
	return nil
}

// TestResourceReadable: with the library, a training names only a resource its recorder
// may read; a missing one and another's private one are refused alike.
func TestResourceReadable(t *testing.T) {
	ctx := context.Background()
	clock := fakeclock.New()
	s, err := training.NewService(ctx, training.Config{Store: storetest.NewDB(t), Exchanges: exchanges{}, Orgs: orgs{}, Notifier: &told{},
		Resources: library{"lead-A": {"manual"}, "lead-B": {"private"}}, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	with := func(resource string) training.Input {
		in := input("2026-02-01", 5, 1, "")
		in.Resource = resource
		return in
	}
	if tr, err := s.Record(ctx, "A", "lead-A", with("manual")); err != nil || tr.Resource != "manual" {
		t.Errorf("a readable resource: %+v, %v", tr, err)
	}
	for _, id := range []string{"private", "nosuchresource"} {
		_, err := s.Record(ctx, "A", "lead-A", with(id))
		var v *training.ValidationError
		if !errors.As(err, &v) || v.Field != "resource" || v.Code != training.CodeInvalidResource {
			t.Errorf("resource %s: got %v, want invalid_resource", id, err)
		}
	}
}
