package main

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
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
		admin := admin.For(t)
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
		admin.Invalid().Do(http.MethodGet, "/api/v1/admin/dashboard/people.csv", nil).Want(404)
	})

	t.Run("admins only", func(t *testing.T) {
		q, m, anon := p.q.For(t), p.m.For(t), anon.For(t)
		paths := []string{"/api/v1/admin/exchanges", "/api/v1/admin/dashboard", "/api/v1/admin/dashboard/summary.csv"}
		for _, path := range paths {
			for name, c := range map[string]*apitest.Client{"requesting lead": q, "mentor lead": m} {
				if r := c.Do(http.MethodGet, path, nil).Want(404); r.ErrorCode() != "not_found" {
					t.Errorf("%s %s: code %q, want not_found", name, path, r.ErrorCode())
				}
			}
			anon.Invalid().Do(http.MethodGet, path, nil).Want(401)
		}
	})
}
