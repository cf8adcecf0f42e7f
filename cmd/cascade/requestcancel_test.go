package main

import (
	"net/http"
	"testing"
)

// TestAcceptedRequestNotCancelled: a request whose proposal was accepted cannot be
// cancelled through the request (409 request_accepted), neither while its exchange is
// accepted nor once it is active, and the exchange keeps running; the exchange is
// cancelled through its own route, and the request still refuses after.
func TestAcceptedRequestNotCancelled(t *testing.T) {
	_, anon, admin := withAdmin(t)
	p := approvedParties(t, anon, admin, "QueenCancel", "MentorCancel") // p.x is active
	p.m.Do(http.MethodPost, p.path(p.mOrg, "/proposals/{accept}/accept"), nil).Want(200)
	type state struct {
		RequestID string `json:"request_id"`
		State     string `json:"state"`
	}
	exchangeOf := func(id string) state {
		t.Helper()
		var x state
		p.q.Do(http.MethodGet, p.path(p.qOrg, "/exchanges/"+id), nil).Want(200).JSON(&x)
		return x
	}
	requestState := func(id string) string {
		t.Helper()
		var r struct {
			Request state `json:"request"`
		}
		p.q.Do(http.MethodGet, p.path(p.qOrg, "/requests/"+id), nil).Want(200).JSON(&r)
		return r.Request.State
	}
	cancel := func(request string) {
		t.Helper()
		r := p.q.Do(http.MethodPost, p.path(p.qOrg, "/requests/"+request+"/cancel"), map[string]string{"reason": "no_longer_needed"}).Want(409)
		if code := r.ErrorCode(); code != "request_accepted" {
			t.Errorf("cancelling the accepted request %s: code %q, want request_accepted", request, code)
		}
	}
	for _, c := range []struct{ exchange, state string }{{p.toAccept, "accepted"}, {p.x, "active"}} {
		x := exchangeOf(c.exchange)
		if x.State != c.state || requestState(x.RequestID) != "accepted" {
			t.Fatalf("before: exchange %s, request %s; want %s and accepted", x.State, requestState(x.RequestID), c.state)
		}
		cancel(x.RequestID)
		if got := exchangeOf(c.exchange).State; got != c.state {
			t.Errorf("after the refused cancel: exchange %s, want %s", got, c.state)
		}
		if got := requestState(x.RequestID); got != "accepted" {
			t.Errorf("after the refused cancel: request %s, want accepted", got)
		}
	}

	p.q.Do(http.MethodPost, p.path(p.qOrg, "/exchanges/{x}/cancel"), map[string]string{"reason": "timing"}).Want(200)
	x := exchangeOf(p.x)
	if x.State != "cancelled" {
		t.Errorf("after its own route: exchange %s, want cancelled", x.State)
	}
	cancel(x.RequestID)
}
