package main

import (
	"net/http"
	"testing"
)

type roundView struct {
	ID        string `json:"id"`
	State     string `json:"state"`
	Proposals []struct {
		Request string  `json:"request"`
		Mentor  string  `json:"mentor"`
		Score   float64 `json:"score"`
		Locked  bool    `json:"locked"`
		Points  []struct {
			Points float64 `json:"points"`
		} `json:"points"`
	} `json:"proposals"`
	TotalScore float64 `json:"total_score"`
}

// proposes reports whether round proposes mentor for request.
func (r roundView) proposes(request, mentor string) bool {
	for _, p := range r.Proposals {
		if p.Request == request && p.Mentor == mentor {
			return true
		}
	}
	return false
}

// TestAdminRound runs a matching round over two open requests and two mentors,
// reviews it, bans and locks pairs, re-runs it and publishes it to the mentors.
func TestAdminRound(t *testing.T) {
	srv, anon, admin := withAdmin(t)
	leadE1, e1 := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	leadE2, e2 := apply(t, anon, "Fátima", emergingProfile("Vozes de Benguela"))
	mentor1, m1 := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	_, m2 := apply(t, anon, "Thandi", establishedProfile("Coastline Alliance"))
	for _, id := range []string{e1, e2, m1, m2} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	r1, _ := mentorScore(t, leadE1, e1, m1)
	r2, _ := mentorScore(t, leadE2, e2, m1)

	for _, c := range []struct {
		name string
		mode string
	}{{"stable", "stable"}, {"optimal", "optimal"}} {
		var round roundView
		admin.Do(http.MethodPost, "/api/v1/admin/rounds", map[string]any{"mode": c.mode}).Want(201).JSON(&round)
		if len(round.Proposals) != 2 || round.State == "published" {
			t.Fatalf("%s round: %+v, want 2 draft proposals", c.name, round)
		}
		for _, p := range round.Proposals {
			sum := 0.0
			for _, pt := range p.Points {
				sum += pt.Points
			}
			if sum != p.Score || len(p.Points) == 0 {
				t.Errorf("%s proposal %s→%s: points add up to %v, score %v", c.name, p.Request, p.Mentor, sum, p.Score)
			}
		}
	}

	var round roundView
	admin.Do(http.MethodPost, "/api/v1/admin/rounds", map[string]any{"mode": "optimal"}).Want(201).JSON(&round)
	rules := map[string]any{
		"banned": []map[string]string{{"request": r1, "mentor": m1}},
		"locked": []map[string]string{{"request": r2, "mentor": m1}},
	}
	admin.Do(http.MethodPost, "/api/v1/admin/rounds/"+round.ID+"/run", map[string]any{"mode": "optimal", "rules": rules}).Want(200).JSON(&round)
	if round.proposes(r1, m1) || !round.proposes(r2, m1) || !round.proposes(r1, m2) {
		t.Fatalf("re-run with a ban and a lock: %+v, want %s→%s and %s→%s", round.Proposals, r2, m1, r1, m2)
	}
	leadE1.Invalid().Do(http.MethodPost, "/api/v1/admin/rounds/"+round.ID+"/publish", nil).Want(404)

	var published struct {
		Round roundView `json:"round"`
		Sent  int       `json:"sent"`
	}
	admin.Do(http.MethodPost, "/api/v1/admin/rounds/"+round.ID+"/publish", nil).Want(200).JSON(&published)
	if published.Sent != 2 || published.Round.State != "published" {
		t.Fatalf("publish: sent %d, state %s; want 2 and published", published.Sent, published.Round.State)
	}
	var proposals struct {
		Proposals []struct {
			RequestID string `json:"request_id"`
		} `json:"proposals"`
	}
	login(t, anon, "Lerato").Do(http.MethodGet, "/api/v1/orgs/"+m1+"/proposals", nil).Want(200).JSON(&proposals)
	if len(proposals.Proposals) != 1 || proposals.Proposals[0].RequestID != r2 {
		t.Errorf("mentor 1's proposals after publishing: %+v, want the one for %s", proposals.Proposals, r2)
	}
	var unread struct {
		Unread int `json:"unread"`
	}
	mentor1.Do(http.MethodGet, "/api/v1/me/notifications/unread", nil).Want(200).JSON(&unread)
	if unread.Unread == 0 {
		t.Error("the mentor organisation's lead was not told about the proposal")
	}
	_ = srv
}
