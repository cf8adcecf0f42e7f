package oversight

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
)

func TestDashboardKnownAnswers(t *testing.T) {
	d := Build(seeded(), day0)

	t.Run("organisations by country, stage and status", func(t *testing.T) {
		// AO (2) and BW (1) have fewer than 3 organisations: they show as other, together.
		want := []OrgCell{
			{"MZ", org.StageEmerging, org.StatusApproved, 1},
			{"MZ", org.StageEmerging, org.StatusSuspended, 1},
			{"MZ", org.StageEstablished, org.StatusApproved, 1},
			{"ZA", org.StageEmerging, org.StatusApproved, 3},
			{"ZA", org.StageEmerging, org.StatusPending, 1},
			{"ZA", org.StageEstablished, org.StatusApproved, 2},
			{Other, org.StageEmerging, org.StatusApproved, 1},
			{Other, org.StageEmerging, org.StatusRejected, 1},
			{Other, org.StageEstablished, org.StatusApproved, 1},
		}
		if !reflect.DeepEqual(d.Organisations, want) {
			t.Errorf("got %+v\nwant %+v", d.Organisations, want)
		}
	})

	t.Run("gap map", func(t *testing.T) {
		// Free places: z1 3 less x2 = 2; z2 not available = 0; m1 1 less x8 = 0; b1 2 less
		// x9 = 1; m3 is suspended and supplies nothing. Demand: the open requests r5 and r6.
		want := map[org.Topic]TopicGap{
			org.TopicPeerOutreach:        {Topic: org.TopicPeerOutreach, Level1: 1, Level2: 1, Level3: 1, Offering: 3, FreePlaces: 2, Priority2: 1, Priority3: 1, OpenNeeds: 2, Gap: 0},
			org.TopicFundraising:         {Topic: org.TopicFundraising, Level2: 1, Offering: 1, FreePlaces: 2, Priority3: 1, OpenNeeds: 1, Gap: -1},
			org.TopicSafeSpace:           {Topic: org.TopicSafeSpace, Level2: 1, Level3: 1, Offering: 2, FreePlaces: 1, Priority1: 1, OpenNeeds: 1, Gap: 0},
			org.TopicRegistrationHosting: {Topic: org.TopicRegistrationHosting, Priority3: 1, OpenNeeds: 1, Gap: 1},
		}
		topics := org.Taxonomy().Topics
		if len(d.GapMap) != len(topics) {
			t.Fatalf("got %d topics, want every one of the %d", len(d.GapMap), len(topics))
		}
		for i, g := range d.GapMap {
			if string(g.Topic) != topics[i].ID {
				t.Errorf("row %d is %s, want %s (taxonomy order)", i, g.Topic, topics[i].ID)
			}
			w, ok := want[g.Topic]
			if !ok {
				w = TopicGap{Topic: g.Topic}
			}
			if g != w {
				t.Errorf("got %+v\nwant %+v", g, w)
			}
		}
	})

	t.Run("exchanges by state", func(t *testing.T) {
		want := []StateCount{{"proposed", 1}, {"accepted", 0}, {"active", 3}, {"completed", 2}, {"declined", 1}, {"cancelled", 2}, {"expired", 1}}
		if !reflect.DeepEqual(d.ExchangeStates, want) {
			t.Errorf("got %+v, want %+v", d.ExchangeStates, want)
		}
	})

	t.Run("sessions by format and country", func(t *testing.T) {
		// Requesting organisations with sessions: z3, z5, z6 (ZA: shown), m2 (MZ) and a1
		// (AO): one each, so other — although MZ has 3 organisations in the directory.
		want := []SessionRow{
			{"online_mentoring", "ZA", 3, 3.25},
			{"online_mentoring", Other, 1, 0.5},
			{"study_visit", "ZA", 1, 1},
			{"study_visit", Other, 1, 4},
			{"training_of_trainers", "ZA", 1, 2},
		}
		if !reflect.DeepEqual(d.Sessions, want) {
			t.Errorf("got %+v\nwant %+v", d.Sessions, want)
		}
	})

	t.Run("summary", func(t *testing.T) {
		f := func(v float64) *float64 { return &v }
		want := Summary{
			Organisations: 12, Exchanges: 10,
			// Days to acceptance 2, 6, 10, 4, 3, 8: the median is (4 + 6) / 2.
			AcceptedRequests: 6, MedianDaysToAccept: f(5),
			// x2, x8, x9 run (x9 paused); x1, x4 completed; r3's x3 was cancelled after acceptance.
			Running: 3, Paused: 1, Completed: 2, Cancelled: 1, CompletionRate: f(0.6667),
			FeedbackToMentors:    Ratings{Count: 3, Usefulness: f(3), Respect: f(4)},
			FeedbackToRequesters: Ratings{Count: 2, Usefulness: f(4), Respect: f(3.5)},
			Sessions:             7, Hours: 10.75,
		}
		got, _ := json.Marshal(d.Summary)
		wantJSON, _ := json.Marshal(want)
		if string(got) != string(wantJSON) {
			t.Errorf("got  %s\nwant %s", got, wantJSON)
		}
	})

	t.Run("no person and no text", func(t *testing.T) {
		raw, _ := json.Marshal(d)
		for _, secret := range []string{"u-secret", "secret words", "secret goal", "Org "} {
			if strings.Contains(string(raw), secret) {
				t.Errorf("the dashboard holds %q", secret)
			}
		}
	})
}

func TestSmallCells(t *testing.T) {
	orgsIn := func(countries ...string) []org.Organisation {
		var out []org.Organisation
		for i, c := range countries {
			out = append(out, seedOrg(string(rune('a'+i)), c, org.StageEmerging, org.StatusApproved, 0, false))
		}
		return out
	}
	for _, c := range []struct {
		name      string
		countries []string
		want      map[string]int
	}{
		{"three of a country are shown", []string{"ZM", "ZM", "ZM"}, map[string]int{"ZM": 3}},
		{"two of a country are other", []string{"ZM", "ZM"}, map[string]int{Other: 2}},
		{"one is other", []string{"SZ"}, map[string]int{Other: 1}},
		{"small countries fold together", []string{"ZM", "ZM", "ZM", "SZ", "BW", "BW"}, map[string]int{"ZM": 3, Other: 3}},
		{"none", nil, map[string]int{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]int{}
			for _, cell := range orgCells(orgsIn(c.countries...)) {
				got[cell.Country] += cell.Organisations
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	t.Run("sessions count the organisations behind the table", func(t *testing.T) {
		in := Input{Orgs: orgsIn("ZM", "ZM", "ZM", "ZM")}
		for i, o := range in.Orgs[:3] {
			x := seedExchange(string(rune('p'+i)), "r", o.ID, "m", exchange.StateActive)
			if i < 2 {
				x.Sessions = []exchange.Session{session("study_visit", 60)}
			}
			in.Exchanges = append(in.Exchanges, x)
		}
		if got := sessionRows(in); len(got) != 1 || got[0].Country != Other || got[0].Sessions != 2 {
			t.Errorf("two organisations of ZM with sessions: got %+v, want one row of other with 2 sessions", got)
		}
		in.Exchanges[2].Sessions = []exchange.Session{session("study_visit", 30)}
		if got := sessionRows(in); len(got) != 1 || got[0].Country != "ZM" || got[0].Sessions != 3 || got[0].Hours != 2.5 {
			t.Errorf("three: got %+v, want one row of ZM with 3 sessions, 2.5 hours", got)
		}
	})
}

func TestEmptyProgramme(t *testing.T) {
	d := Build(Input{}, day0)
	s := d.Summary
	if s.MedianDaysToAccept != nil || s.CompletionRate != nil || s.FeedbackToMentors.Usefulness != nil {
		t.Errorf("nothing to count: got %+v, want nulls", s)
	}
	for _, name := range Tables {
		rows, ok := d.Table(name)
		if !ok || len(rows) == 0 {
			t.Errorf("table %s: got %v, %v; want at least its header", name, rows, ok)
		}
	}
}

func TestTables(t *testing.T) {
	d := Build(seeded(), day0)
	for _, c := range []struct {
		table  string
		header []string
		rows   int
		row    []string // one row that must be there
	}{
		{"organisations", []string{"country", "stage", "status", "organisations"}, 9, []string{"ZA", "emerging", "approved", "3"}},
		{"gap_map", []string{"topic", "offering_level_1", "offering_level_2", "offering_level_3", "offering", "free_places", "needs_priority_1", "needs_priority_2", "needs_priority_3", "open_needs", "gap"},
			len(org.Taxonomy().Topics), []string{"registration_hosting", "0", "0", "0", "0", "0", "0", "0", "1", "1", "1"}},
		{"exchange_states", []string{"state", "exchanges"}, 7, []string{"active", "3"}},
		{"sessions", []string{"format", "country", "sessions", "hours"}, 5, []string{"online_mentoring", "ZA", "3", "3.25"}},
		{"summary", []string{"metric", "value"}, 17, []string{"completion_rate", "0.6667"}},
	} {
		t.Run(c.table, func(t *testing.T) {
			got, ok := d.Table(c.table)
			if !ok {
				t.Fatal("unknown table")
			}
			if !slices.Equal(got[0], c.header) {
				t.Errorf("header %q, want %q", got[0], c.header)
			}
			if len(got)-1 != c.rows {
				t.Errorf("got %d rows, want %d", len(got)-1, c.rows)
			}
			for _, r := range got {
				if len(r) != len(c.header) {
					t.Errorf("row %q has %d fields, want %d", r, len(r), len(c.header))
				}
			}
			if !slices.ContainsFunc(got, func(r []string) bool { return slices.Equal(r, c.row) }) {
				t.Errorf("no row %q in %q", c.row, got)
			}
		})
	}
	if _, ok := d.Table("people"); ok {
		t.Error("an unknown table was found")
	}
}

func TestList(t *testing.T) {
	in := seeded()
	all := List(in, "")
	if len(all) != len(in.Exchanges) {
		t.Fatalf("got %d exchanges, want %d", len(all), len(in.Exchanges))
	}
	if all[0].ID != "x9" || all[len(all)-1].ID != "x1" {
		t.Errorf("got %s … %s, want newest proposed first (x9 … x1)", all[0].ID, all[len(all)-1].ID)
	}
	done := List(in, exchange.StateCompleted)
	if len(done) != 2 {
		t.Fatalf("completed: got %d, want 2", len(done))
	}
	x1 := done[1]
	want := ExchangeRow{
		ID: "x1", State: exchange.StateCompleted, Source: exchange.SourceLead,
		RequestOrg: OrgRef{ID: "z3", Name: "Org z3", Country: "ZA"}, MentorOrg: OrgRef{ID: "z1", Name: "Org z1", Country: "ZA"},
		Proposed: day0, Updated: day0, LastSession: "2026-03-10",
		GoalsDone: 1, GoalsTotal: 2, Sessions: 2, Minutes: 150,
		RequesterFeedback: &Rating{4, 5}, MentorFeedback: &Rating{5, 4},
	}
	if !reflect.DeepEqual(x1, want) {
		t.Errorf("got %+v\nwant %+v", x1, want)
	}
	raw, _ := json.Marshal(all)
	for _, secret := range []string{"u-secret", "secret words", "secret goal"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the list holds %q", secret)
		}
	}
	if got := List(in, exchange.StateAccepted); got == nil || len(got) != 0 {
		t.Errorf("accepted: got %v, want an empty list", got)
	}
}
