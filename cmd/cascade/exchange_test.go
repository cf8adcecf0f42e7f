package main

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
)

type point struct {
	Criterion string         `json:"criterion"`
	Points    float64        `json:"points"`
	Code      string         `json:"code"`
	Params    map[string]any `json:"params"`
}

type suggestion struct {
	Mentor string  `json:"mentor"`
	Score  float64 `json:"score"`
	Points []point `json:"points"`
}

// why returns the point of one criterion.
func (s suggestion) why(criterion string) point {
	for _, p := range s.Points {
		if p.Criterion == criterion {
			return p
		}
	}
	return point{}
}

var requestBody = map[string]any{
	"needs":      []any{map[string]any{"topic": "peer_outreach", "priority": 3}},
	"goals":      "Aprender a organizar o trabalho de pares em dois bairros.",
	"formats":    []string{"online_mentoring"},
	"languages":  []string{"pt"},
	"time_frame": map[string]any{"start_month": "2026-05", "duration_weeks": 12},
}

// mentorScore creates a request for org as lead and returns mentor's suggestion for it,
// checking that the points add up to the score.
func mentorScore(t testing.TB, lead *apitest.Client, orgID, mentor string) (string, suggestion) {
	t.Helper()
	var req struct {
		ID string `json:"id"`
	}
	r := lead.Do(http.MethodPost, "/api/v1/orgs/"+orgID+"/requests", requestBody)
	want(t, r, 201)
	r.JSON(&req)
	var out struct {
		Suggestions []suggestion `json:"suggestions"`
	}
	r = lead.Do(http.MethodGet, "/api/v1/orgs/"+orgID+"/requests/"+req.ID+"/suggestions", nil)
	want(t, r, 200)
	r.JSON(&out)
	for _, s := range out.Suggestions {
		if s.Mentor != mentor {
			continue
		}
		sum := 0.0
		for _, p := range s.Points {
			sum += p.Points
			if p.Code == "" || p.Params == nil {
				t.Errorf("criterion %s has no explanation: code %q, params %v", p.Criterion, p.Code, p.Params)
			}
		}
		if sum != s.Score || len(s.Points) != 5 {
			t.Errorf("points %+v add up to %v, score %v", s.Points, sum, s.Score)
		}
		return req.ID, s
	}
	t.Fatalf("mentor %s not among the suggestions %+v", mentor, out.Suggestions)
	return "", suggestion{}
}

// TestExchangeFlow walks one exchange through the real server: request, explained
// suggestions, send, accept, goals, sessions, completion with feedback from both sides,
// and the mentor's better track record in the next ranking.
func TestExchangeFlow(t *testing.T) {
	srv := startServer(t, t.TempDir())
	anon := apitest.New(t, srv.URL, srv.URL)
	admin := anon.Clone()
	mustStatus(t, admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}), 201, "setup")
	lead, orgE := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	mentor, orgM := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	for _, id := range []string{orgE, orgM} {
		mustStatus(t, admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil), 200, "approve")
	}
	lead, mentor = login(t, anon, "Esperança"), login(t, anon, "Lerato")

	reqID, first := mentorScore(t, lead, orgE, orgM)
	// The explanation is codes and values, for the client to put into words.
	topics, track := first.why("topics"), first.why("track_record")
	wantTopics := `topics_offered map[needed:1 offered:1 topics:[map[level:3 priority:3 topic:peer_outreach]]]`
	if got := fmt.Sprint(topics.Code, " ", topics.Params); got != wantTopics {
		t.Errorf("topics explained as %s, want %s", got, wantTopics)
	}
	if track.Code != "track_no_feedback" {
		t.Errorf("track record before any feedback explained as %s %v, want track_no_feedback", track.Code, track.Params)
	}
	var x struct {
		ID    string `json:"id"`
		State string `json:"state"`
		Goals []struct {
			ID string `json:"id"`
		} `json:"goals"`
	}
	r := lead.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests/"+reqID+"/proposals", map[string]string{"mentor": orgM})
	mustStatus(t, r, 201, "send")
	r.JSON(&x)
	mustStatus(t, lead.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/proposals/"+x.ID+"/accept", nil), 404, "requester accepting its own proposal")
	var unread struct {
		Unread int `json:"unread"`
	}
	mentor.Do(http.MethodGet, "/api/v1/me/notifications/unread", nil).JSON(&unread)
	if unread.Unread != 1 {
		t.Errorf("mentor lead has %d unread notifications, want 1", unread.Unread)
	}
	mustStatus(t, mentor.Do(http.MethodPost, "/api/v1/orgs/"+orgM+"/proposals/"+x.ID+"/accept", nil), 200, "accept")
	// Accepting opens the exchange's room for both organisations' leads.
	for name, c := range map[string]*apitest.Client{"requester": lead, "mentor": mentor} {
		var rs struct {
			Rooms []struct {
				Kind string `json:"kind"`
			} `json:"rooms"`
		}
		c.Do(http.MethodGet, "/api/v1/rooms", nil).Want(200).JSON(&rs)
		if len(rs.Rooms) != 1 || rs.Rooms[0].Kind != "exchange" {
			t.Errorf("%s lead's rooms after accept: %+v, want the exchange room", name, rs.Rooms)
		}
	}

	base := "/api/v1/orgs/" + orgE + "/exchanges/" + x.ID
	r = lead.Do(http.MethodPost, base+"/goals", map[string]string{"text": "Plan outreach in two districts"})
	mustStatus(t, r, 201, "add goal")
	r.JSON(&x)
	mBase := "/api/v1/orgs/" + orgM + "/exchanges/" + x.ID
	mustStatus(t, mentor.Do(http.MethodPut, mBase+"/goals/"+x.Goals[0].ID, map[string]bool{"done": true}), 200, "tick goal")
	mustStatus(t, mentor.Do(http.MethodPost, mBase+"/sessions", map[string]any{"date": "2026-05-04", "duration_minutes": 90, "format": "online_mentoring"}), 201, "log session")
	feedback := map[string]any{"usefulness": 5, "respect": 5, "learned": "Como mapear pontos de trabalho."}
	mustStatus(t, lead.Do(http.MethodPost, base+"/complete", feedback), 200, "requester completes")
	r = mentor.Do(http.MethodPost, mBase+"/complete", feedback)
	mustStatus(t, r, 200, "mentor completes")
	r.JSON(&x)
	if x.State != "completed" {
		t.Fatalf("after both completions the exchange is %s, want completed", x.State)
	}
	mustStatus(t, anon.Clone().Invalid().Do(http.MethodGet, base, nil), 401, "exchange for the public")

	_, next := mentorScore(t, lead, orgE, orgM)
	if next.Score <= first.Score {
		t.Errorf("mentor's score after a 5/5 exchange: %v, before %v; want higher", next.Score, first.Score)
	}
	if track := next.why("track_record"); track.Code != "track_rated" || track.Params["ratings"] != 1.0 || track.Params["mean"] != 5.0 {
		t.Errorf("track record after one 5/5 rating explained as %s %v, want track_rated, 1 rating of mean 5", track.Code, track.Params)
	}
}
