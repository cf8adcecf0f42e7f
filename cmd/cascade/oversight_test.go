package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/store"
)

type alertView struct {
	Kind       string `json:"kind"`
	OrgID      string `json:"org_id"`
	ExchangeID string `json:"exchange_id"`
	Reason     string `json:"reason"`
}

// alerts returns the notifications of the client's user, as alerts.
func alerts(c *apitest.Client) []alertView {
	var out struct {
		Notifications []alertView `json:"notifications"`
	}
	c.Do(http.MethodGet, "/api/v1/me/notifications", nil).Want(200).JSON(&out)
	return out.Notifications
}

// TestProgrammeOversight: the admin is alerted of every application and of an exchange
// cancelled for a safety concern (its other side is told as before, nobody else is
// alerted); the programme's exchanges and dashboard, JSON and CSV, give the known answers
// of a small programme seeded through the API, countries of fewer than 3 organisations
// shown as other; and only the admin gets any of it.
func TestProgrammeOversight(t *testing.T) {
	_, anon, admin := withAdmin(t)
	p := approvedParties(t, anon, admin, "QueenOver", "MentorOver") // AO emerging, ZA established
	var pending []string
	for _, name := range []string{"Tsela", "Lesedi"} { // two more in ZA, pending
		_, id := apply(t, anon, name, establishedProfile("Collective "+name))
		pending = append(pending, id)
	}
	for _, id := range append([]string{p.qOrg, p.mOrg}, pending...) {
		if !slices.Contains(alerts(admin), alertView{Kind: "application_received", OrgID: id}) {
			t.Errorf("the admin was not alerted of the application of %s: %+v", id, alerts(admin))
		}
	}

	// The exchange's work, then the requesting side cancels it for a safety concern.
	p.m.Do(http.MethodPost, p.path(p.mOrg, "/proposals/{decline}/decline"), map[string]string{"reason": "timing"}).Want(200)
	p.q.Do(http.MethodPut, p.path(p.qOrg, "/exchanges/{x}/goals/{goal}"), map[string]bool{"done": true}).Want(200)
	p.q.Do(http.MethodPost, p.path(p.qOrg, "/exchanges/{x}/sessions"), map[string]any{"date": "2026-05-04", "duration_minutes": 60, "format": "online_mentoring"}).Want(201)
	p.q.Do(http.MethodPost, p.path(p.qOrg, "/exchanges/{x}/cancel"), map[string]string{"reason": "safety_concern", "text": "threats at the venue"}).Want(200)
	safety := alertView{Kind: "safety_concern", OrgID: p.qOrg, ExchangeID: p.x, Reason: "safety_concern"}
	if !slices.Contains(alerts(admin), safety) {
		t.Errorf("the admin was not alerted of the safety concern: %+v", alerts(admin))
	}
	told := alerts(p.m)
	if !slices.ContainsFunc(told, func(a alertView) bool { return a.Kind == "exchange_cancelled" && a.ExchangeID == p.x }) {
		t.Errorf("the mentor's lead was not told of the cancellation: %+v", told)
	}
	for _, lead := range []*apitest.Client{p.q, p.m} {
		for _, a := range alerts(lead) {
			if a.Kind == "safety_concern" || a.Kind == "application_received" {
				t.Errorf("a lead got the admins' alert %+v", a)
			}
		}
	}

	t.Run("exchanges", func(t *testing.T) {
		admin := admin.For(t)
		type row struct {
			ID         string `json:"id"`
			State      string `json:"state"`
			Reason     string `json:"reason"`
			RequestOrg struct {
				Name string `json:"name"`
			} `json:"request_org"`
			MentorOrg struct {
				Name string `json:"name"`
			} `json:"mentor_org"`
			GoalsDone  int `json:"goals_done"`
			GoalsTotal int `json:"goals_total"`
			Sessions   int `json:"sessions"`
			Minutes    int `json:"session_minutes"`
		}
		var page struct {
			Exchanges []row `json:"exchanges"`
			Total     int   `json:"total"`
		}
		r := admin.Do(http.MethodGet, "/api/v1/admin/exchanges?state=cancelled", nil).Want(200)
		r.JSON(&page)
		if len(page.Exchanges) != 1 || page.Total != 1 {
			t.Fatalf("cancelled: got %+v, want the one exchange", page)
		}
		got := page.Exchanges[0]
		if got.ID != p.x || got.Reason != "safety_concern" || got.RequestOrg.Name != "Coletivo QueenOver" || got.MentorOrg.Name != "Collective MentorOver" ||
			got.GoalsDone != 1 || got.GoalsTotal != 1 || got.Sessions != 1 || got.Minutes != 60 {
			t.Errorf("got %+v, want %s cancelled for safety_concern between the two, 1 of 1 goals, 1 session of 60 minutes", got, p.x)
		}
		// No goal, feedback or reason text, and nobody's id.
		for _, secret := range []string{"Plan outreach", "threats at the venue", `"by"`, `"added_by"`, `"logged_by"`, `"learned"`, `"text"`} {
			if bytes.Contains(r.Body, []byte(secret)) {
				t.Errorf("the list holds %s", secret)
			}
		}
		admin.Do(http.MethodGet, "/api/v1/admin/exchanges?limit=1", nil).Want(200).JSON(&page)
		if len(page.Exchanges) != 1 || page.Total != 3 {
			t.Errorf("limit 1: got %d of %d, want 1 of 3", len(page.Exchanges), page.Total)
		}
		for _, q := range []string{"state=open", "state=nonsense", "limit=0", "offset=-1"} {
			if r := admin.Invalid().Do(http.MethodGet, "/api/v1/admin/exchanges?"+q, nil).Want(400); r.ErrorCode() == "" {
				t.Errorf("%s: no error code", q)
			}
		}
	})

	t.Run("dashboard", func(t *testing.T) {
		admin := admin.For(t)
		var d struct {
			Organisations  []map[string]any `json:"organisations"`
			GapMap         []map[string]any `json:"gap_map"`
			ExchangeStates []map[string]any `json:"exchange_states"`
			Sessions       []map[string]any `json:"sessions"`
			Summary        map[string]any   `json:"summary"`
		}
		r := admin.Do(http.MethodGet, "/api/v1/admin/dashboard", nil).Want(200)
		r.JSON(&d)
		// ZA: the mentor and the two pending (3, shown); AO: only the requesting one, so other.
		wantOrgs := []map[string]any{
			{"country": "ZA", "stage": "established", "status": "approved", "organisations": 1.0},
			{"country": "ZA", "stage": "established", "status": "pending", "organisations": 2.0},
			{"country": "other", "stage": "emerging", "status": "approved", "organisations": 1.0},
		}
		if !reflect.DeepEqual(d.Organisations, wantOrgs) {
			t.Errorf("organisations: got %v\nwant %v", d.Organisations, wantOrgs)
		}
		// Three open requests need peer outreach urgently (the open one, the one proposed, the
		// one declined); one approved organisation teaches it, with both places free again.
		i := slices.IndexFunc(d.GapMap, func(g map[string]any) bool { return g["topic"] == "peer_outreach" })
		if i < 0 {
			t.Fatal("no peer_outreach in the gap map")
		}
		wantGap := map[string]any{"topic": "peer_outreach", "offering_level_1": 0.0, "offering_level_2": 0.0, "offering_level_3": 1.0, "offering": 1.0, "free_places": 2.0,
			"needs_priority_1": 0.0, "needs_priority_2": 0.0, "needs_priority_3": 3.0, "open_needs": 3.0, "gap": 1.0}
		if !reflect.DeepEqual(d.GapMap[i], wantGap) {
			t.Errorf("gap map: got %v\nwant %v", d.GapMap[i], wantGap)
		}
		states := map[string]float64{}
		for _, s := range d.ExchangeStates {
			states[s["state"].(string)] = s["exchanges"].(float64)
		}
		if want := map[string]float64{"proposed": 1, "accepted": 0, "active": 0, "completed": 0, "declined": 1, "cancelled": 1, "expired": 0}; !reflect.DeepEqual(states, want) {
			t.Errorf("exchange states: got %v, want %v", states, want)
		}
		if want := []map[string]any{{"format": "online_mentoring", "country": "other", "sessions": 1.0, "hours": 1.0}}; !reflect.DeepEqual(d.Sessions, want) {
			t.Errorf("sessions: got %v, want %v", d.Sessions, want)
		}
		s := d.Summary
		if s["organisations"] != 4.0 || s["exchanges"] != 3.0 || s["accepted_requests"] != 1.0 || s["median_days_to_accept"] != 0.0 ||
			s["completed"] != 0.0 || s["cancelled_after_acceptance"] != 1.0 || s["completion_rate"] != 0.0 || s["sessions"] != 1.0 || s["hours"] != 1.0 {
			t.Errorf("summary: got %v", s)
		}
		for _, secret := range []string{"QueenOver", "MentorOver", "Kestrel", p.qOrg, p.mOrg} {
			if bytes.Contains(r.Body, []byte(secret)) {
				t.Errorf("the dashboard holds %q", secret)
			}
		}
	})

	t.Run("csv", func(t *testing.T) {
		// The spec client's router cannot match a parameter with a suffix ({table}.csv), so
		// these go unchecked by it and the test checks the CSV itself.
		admin := admin.For(t).Invalid()
		r := admin.Do(http.MethodGet, "/api/v1/admin/dashboard/organisations.csv", nil).Want(200)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q, want text/csv", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="cascade-organisations.csv"` {
			t.Errorf("content disposition %q", cd)
		}
		got, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"country", "stage", "status", "organisations"},
			{"ZA", "established", "approved", "1"},
			{"ZA", "established", "pending", "2"},
			{"other", "emerging", "approved", "1"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("organisations.csv: got %q, want %q", got, want)
		}
		for table, header := range map[string]string{
			"gap_map":         "topic,offering_level_1,offering_level_2,offering_level_3,offering,free_places,needs_priority_1,needs_priority_2,needs_priority_3,open_needs,gap",
			"exchange_states": "state,exchanges",
			"sessions":        "format,country,sessions,hours",
			"summary":         "metric,value",
		} {
			r := admin.Do(http.MethodGet, "/api/v1/admin/dashboard/"+table+".csv", nil).Want(200)
			rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
			if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != header {
				t.Errorf("%s.csv: got %q (%v), want the header %s and rows", table, rows, err, header)
			}
		}
		admin.Do(http.MethodGet, "/api/v1/admin/dashboard/people.csv", nil).Want(404)
	})

	t.Run("admins only", func(t *testing.T) {
		q, m, anon := p.q.For(t), p.m.For(t), anon.For(t)
		paths := []string{"/api/v1/admin/exchanges", "/api/v1/admin/dashboard", "/api/v1/admin/dashboard/summary.csv"}
		for _, path := range paths {
			q, m := q, m
			if strings.HasSuffix(path, ".csv") { // as in the csv subtest
				q, m = q.Invalid(), m.Invalid()
			}
			for name, c := range map[string]*apitest.Client{"requesting lead": q, "mentor lead": m} {
				if r := c.Do(http.MethodGet, path, nil).Want(404); r.ErrorCode() != "not_found" {
					t.Errorf("%s %s: code %q, want not_found", name, path, r.ErrorCode())
				}
			}
			anon.Invalid().Do(http.MethodGet, path, nil).Want(401)
		}
	})
}

// programme generates a deterministic programme of n organisations and about m exchanges,
// in every state, with goals, sessions and feedback, for the dashboard's benchmark.
func programme(n, m int) ([]org.Organisation, []exchange.Request, []exchange.Exchange) {
	rng := rand.New(rand.NewPCG(11, 4))
	countries := []string{"ZA", "ZA", "ZA", "MZ", "MZ", "AO", "AO", "ZM", "ZW", "BW", "SZ", "KE", "NA"}
	topics := org.Taxonomy().Topics
	formats := org.Taxonomy().Formats
	t0 := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	statuses := []org.Status{org.StatusApproved, org.StatusApproved, org.StatusApproved, org.StatusApproved, org.StatusPending, org.StatusSuspended, org.StatusRejected}
	orgs := make([]org.Organisation, n)
	var mentors, learners []string
	for i := range orgs {
		p := org.Profile{Name: fmt.Sprintf("Org %04d", i), Country: countries[rng.IntN(len(countries))], Languages: []string{"en"},
			Stage: org.StageEmerging, Legal: org.LegalRegistered, Populations: []org.Population{org.PopulationFemale},
			Formats: []org.Format{org.FormatOnlineMentoring}, Offers: []org.Offer{}, Needs: []org.Need{}}
		if i%3 == 0 {
			p.Stage, p.Capacity, p.Available = org.StageEstablished, 1+rng.IntN(5), rng.IntN(4) > 0
			for range 1 + rng.IntN(4) {
				p.Offers = append(p.Offers, org.Offer{Topic: org.Topic(topics[rng.IntN(len(topics))].ID), Level: 1 + rng.IntN(3)})
			}
			mentors = append(mentors, fmt.Sprintf("o%04d", i))
		} else {
			learners = append(learners, fmt.Sprintf("o%04d", i))
		}
		// Applied now: a pending application older than 30 days would expire at start.
		now := time.Now().UTC().Truncate(time.Millisecond)
		orgs[i] = org.Organisation{ID: fmt.Sprintf("o%04d", i), Profile: p, Status: statuses[rng.IntN(len(statuses))], Created: now, Updated: now}
	}
	var reqs []exchange.Request
	var xs []exchange.Exchange
	for r := 0; len(xs) < m; r++ {
		created := t0.Add(time.Duration(rng.IntN(200*24)) * time.Hour)
		q := exchange.Request{ID: fmt.Sprintf("r%05d", r), OrgID: learners[rng.IntN(len(learners))], State: exchange.StateOpen, Created: created, Updated: created,
			RequestInput: exchange.RequestInput{Goals: "Learn.", Formats: []string{"online_mentoring"}, Languages: []string{"en"}}}
		for _, t := range rng.Perm(len(topics))[:1+rng.IntN(3)] {
			q.Needs = append(q.Needs, exchange.Need{Topic: topics[t].ID, Priority: 1 + rng.IntN(3)})
		}
		// Up to two proposals that came to nothing, then perhaps the accepted one.
		for k := range rng.IntN(3) {
			x := benchExchange(q, fmt.Sprintf("x%05d-%d", r, k), mentors[rng.IntN(len(mentors))])
			x.State = []exchange.State{exchange.StateDeclined, exchange.StateExpired, exchange.StateCancelled, exchange.StateProposed}[rng.IntN(4)]
			xs = append(xs, x)
		}
		if rng.IntN(3) > 0 {
			q.State, q.Updated = exchange.StateAccepted, created.Add(time.Duration(1+rng.IntN(30*24))*time.Hour)
			x := benchExchange(q, fmt.Sprintf("x%05d-a", r), mentors[rng.IntN(len(mentors))])
			x.State = []exchange.State{exchange.StateAccepted, exchange.StateActive, exchange.StateActive, exchange.StateCompleted, exchange.StateCompleted, exchange.StateCancelled}[rng.IntN(6)]
			if x.State != exchange.StateAccepted {
				for g := range 1 + rng.IntN(5) {
					x.Goals = append(x.Goals, exchange.Goal{ID: fmt.Sprint(g), Text: "A goal", AddedBy: "u"})
					if rng.IntN(2) == 0 {
						x.Goals[g].DoneAt = &created
					}
				}
				for s := range rng.IntN(6) {
					x.Sessions = append(x.Sessions, exchange.Session{ID: fmt.Sprint(s), Date: "2026-03-01", DurationMinutes: 30 + rng.IntN(180),
						Format: formats[rng.IntN(len(formats))].ID, LoggedBy: "u", Logged: created})
				}
			}
			if x.State == exchange.StateCompleted {
				x.RequesterFeedback = &exchange.Feedback{By: "u", Usefulness: 1 + rng.IntN(5), Respect: 1 + rng.IntN(5), Given: created}
				x.MentorFeedback = &exchange.Feedback{By: "u", Usefulness: 1 + rng.IntN(5), Respect: 1 + rng.IntN(5), Given: created}
			}
			xs = append(xs, x)
		}
		reqs = append(reqs, q)
	}
	return orgs, reqs, xs
}

func benchExchange(q exchange.Request, id, mentor string) exchange.Exchange {
	return exchange.Exchange{ID: id, RequestID: q.ID, RequestOrg: q.OrgID, MentorOrg: mentor, Source: exchange.SourceLead,
		Points: []exchange.Point{}, Goals: []exchange.Goal{}, Sessions: []exchange.Session{}, Proposed: q.Created, Updated: q.Updated}
}

// BenchmarkDashboard stores a programme of 1,000 organisations and 10,000 exchanges in the
// embedded store, starts a real server on it (which loads it into memory, as at every
// start) and times GET /api/v1/admin/dashboard as the admin, through the spec-validating
// client (an upper bound on the server's time). Target: p95 ≤ 200 ms.
func BenchmarkDashboard(b *testing.B) {
	dir := b.TempDir()
	ctx := context.Background()
	orgs, reqs, xs := programme(1000, 10000)
	seedStart := time.Now()
	func() {
		log := slog.New(slog.DiscardHandler)
		emb, err := store.StartEmbedded(ctx, dir, log)
		if err != nil {
			b.Fatal(err)
		}
		defer emb.Close()
		db, err := emb.Open(ctx, "cascade")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close(ctx)
		var wg sync.WaitGroup
		work := make(chan func() error)
		for range 8 {
			wg.Go(func() {
				for f := range work {
					if err := f(); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, o := range orgs {
			work <- func() error { return db.InsertOrganisation(ctx, o) }
		}
		for _, q := range reqs {
			work <- func() error { return db.SaveRequest(ctx, q) }
		}
		for _, x := range xs {
			work <- func() error { return db.SaveExchange(ctx, x) }
		}
		close(work)
		wg.Wait()
	}()
	b.Logf("stored %d organisations, %d requests, %d exchanges in %s", len(orgs), len(reqs), len(xs), time.Since(seedStart).Round(time.Second))
	srv := startServer(b, dir)
	admin := apitest.New(b, srv.URL, srv.URL)
	want(b, admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(b), "pseudonym": "Kestrel", "password": testPassword}), 201)
	var d struct {
		Summary struct {
			Organisations int `json:"organisations"`
			Exchanges     int `json:"exchanges"`
		} `json:"summary"`
	}
	want(b, admin.Do(http.MethodGet, "/api/v1/admin/dashboard", nil), 200).JSON(&d)
	if d.Summary.Organisations != len(orgs) || d.Summary.Exchanges != len(xs) {
		b.Fatalf("the dashboard counts %d organisations and %d exchanges, want %d and %d", d.Summary.Organisations, d.Summary.Exchanges, len(orgs), len(xs))
	}
	times := make([]time.Duration, 0, b.N)
	cpu0 := processCPU(b)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		want(b, admin.Do(http.MethodGet, "/api/v1/admin/dashboard", nil), 200)
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	// The CPU the process spent per request (server, client and its validation, and
	// whatever ran in the background): what the latency would be on idle cores.
	b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
