package main

import (
	"net/http"
	"testing"
)

// TestProposalCarriesTheRequest: a proposal, as the mentor organisation's leads see it,
// carries the request in the requesting organisation's words and its directory entry;
// the requesting organisation's own view of its exchanges is unchanged.
func TestProposalCarriesTheRequest(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := openExchange(t, srv)
	var out struct {
		Proposals []struct {
			ID      string `json:"id"`
			Request struct {
				Needs []struct {
					Topic    string `json:"topic"`
					Priority int    `json:"priority"`
				} `json:"needs"`
				Goals                 string   `json:"goals"`
				Formats               []string `json:"formats"`
				Languages             []string `json:"languages"`
				AcceptsInterpretation *bool    `json:"accepts_interpretation"`
				TimeFrame             struct {
					StartMonth    string `json:"start_month"`
					DurationWeeks int    `json:"duration_weeks"`
				} `json:"time_frame"`
			} `json:"request"`
			Organisation *struct {
				ID      string `json:"id"`
				Name    string `json:"name"`
				Country string `json:"country"`
			} `json:"organisation"`
		} `json:"proposals"`
	}
	p.leadM.Do(http.MethodGet, "/api/v1/orgs/"+p.orgM+"/proposals", nil).Want(200).JSON(&out)
	if len(out.Proposals) != 1 {
		t.Fatalf("got %d proposals, want 1", len(out.Proposals))
	}
	got := out.Proposals[0]
	r := got.Request
	if got.ID != p.exchangeID || len(r.Needs) != 1 || r.Needs[0].Topic != "peer_outreach" || r.Needs[0].Priority != 3 {
		t.Errorf("proposal %s needs %+v, want exchange %s needing peer_outreach at priority 3", got.ID, r.Needs, p.exchangeID)
	}
	if r.Goals != requestBody["goals"] || len(r.Formats) != 1 || r.Formats[0] != "online_mentoring" ||
		len(r.Languages) != 1 || r.Languages[0] != "pt" || r.AcceptsInterpretation == nil ||
		r.TimeFrame.StartMonth != "2026-05" || r.TimeFrame.DurationWeeks != 12 {
		t.Errorf("request %+v, want the request as written", r)
	}
	if o := got.Organisation; o == nil || o.ID != p.orgE || o.Name != "Coletivo Kianda" || o.Country == "" {
		t.Errorf("organisation %+v, want Coletivo Kianda's directory entry", o)
	}
}
