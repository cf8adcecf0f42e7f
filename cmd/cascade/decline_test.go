package main

import (
	"net/http"
	"testing"
)

// TestDeclineAndCancel: a mentor declines with a reason from the list, the request can go
// to another mentor, and the requesting lead cancels it; refused reasons lose nothing.
func TestDeclineAndCancel(t *testing.T) {
	_, anon, admin := withAdmin(t)
	lead, orgE := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	mentor1, m1 := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	mentor2, m2 := apply(t, anon, "Thandi", establishedProfile("Coastline Alliance"))
	for _, id := range []string{orgE, m1, m2} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	reqID, _ := mentorScore(t, lead, orgE, m1)
	var x struct {
		ID         string `json:"id"`
		State      string `json:"state"`
		Reason     string `json:"reason"`
		ReasonText string `json:"reason_text"`
	}
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests/"+reqID+"/proposals", map[string]string{"mentor": m1}).Want(201).JSON(&x)

	decline := "/api/v1/orgs/" + m1 + "/proposals/" + x.ID + "/decline"
	if r := mentor1.Do(http.MethodPost, decline, map[string]string{"reason": "too_busy_lol", "text": ""}); r.Status != 400 {
		t.Errorf("decline with a reason not on the list: got %d %s, want 400", r.Status, r.Body)
	}
	mentor2.Do(http.MethodPost, "/api/v1/orgs/"+m2+"/proposals/"+x.ID+"/decline", map[string]string{"reason": "timing"}).Want(404)
	mentor1.Do(http.MethodPost, decline, map[string]string{"reason": "no_capacity_now", "text": "Full until March."}).Want(200).JSON(&x)
	if x.State != "declined" || x.Reason != "no_capacity_now" || x.ReasonText != "Full until March." {
		t.Errorf("after decline: %+v, want declined with the reason and text", x)
	}
	mentor1.Do(http.MethodPost, "/api/v1/orgs/"+m1+"/proposals/"+x.ID+"/accept", nil).Want(409)

	// The request is open again and can go to another mentor.
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests/"+reqID+"/proposals", map[string]string{"mentor": m2}).Want(201)
	var req struct {
		State string `json:"state"`
	}
	lead.Do(http.MethodPost, "/api/v1/orgs/"+orgE+"/requests/"+reqID+"/cancel", map[string]string{"reason": "found_other_support"}).Want(200).JSON(&req)
	if req.State != "cancelled" {
		t.Errorf("request after cancel: %s, want cancelled", req.State)
	}
	var proposals struct {
		Proposals []struct {
			State string `json:"state"`
		} `json:"proposals"`
	}
	mentor2.Do(http.MethodGet, "/api/v1/orgs/"+m2+"/proposals", nil).Want(200).JSON(&proposals)
	for _, p := range proposals.Proposals {
		if p.State == "proposed" {
			t.Errorf("mentor 2 still has a pending proposal for a cancelled request")
		}
	}
}
