package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// tipView is a tip as GET /api/v1/tips shows it.
type tipView struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Named    bool   `json:"named"`
	Exchange string `json:"exchange"`
	Own      bool   `json:"own"`
	CanEdit  bool   `json:"can_edit"`
	Org      *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"org"`
}

// completeExchange logs a session and has both sides complete p's exchange.
func completeExchange(t *testing.T, p *exchangeParties) {
	t.Helper()
	base := "/api/v1/orgs/" + p.orgE + "/exchanges/" + p.exchangeID
	p.leadE.Do(http.MethodPost, base+"/sessions", map[string]any{"date": "2026-05-04", "duration_minutes": 90, "format": "online_mentoring"}).Want(201)
	feedback := map[string]any{"usefulness": 5, "respect": 4, "learned": "Como mapear pontos de trabalho."}
	p.leadE.Do(http.MethodPost, base+"/complete", feedback).Want(200)
	p.leadM.Do(http.MethodPost, "/api/v1/orgs/"+p.orgM+"/exchanges/"+p.exchangeID+"/complete", feedback).Want(200)
}

// tipsOn lists the first page of tips on topic as c reads them, and the raw body.
func tipsOn(t *testing.T, c *apitest.Client, topic string) ([]tipView, string) {
	t.Helper()
	var out struct {
		Tips []tipView `json:"tips"`
	}
	r := c.Do(http.MethodGet, "/api/v1/tips?topic="+topic, nil).Want(200)
	r.JSON(&out)
	return out.Tips, string(r.Body)
}

// TestTips: after a completed exchange both parties write tips, one named and one not; a
// third organisation reads both by topic and learns nothing of who wrote the unnamed one;
// pending organisations, running exchanges and bad input are refused; a report reaches
// the admins, who take the tip down; a suspended organisation's tips disappear.
func TestTips(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := openExchange(t, srv)
	writeE := "/api/v1/orgs/" + p.orgE + "/exchanges/" + p.exchangeID + "/tips"
	writeM := "/api/v1/orgs/" + p.orgM + "/exchanges/" + p.exchangeID + "/tips"
	named := map[string]any{"title": "Tips on peer educator training", "body": "Pair each new peer educator with an experienced one.",
		"topics": []string{"peer_outreach", "training_facilitation"}, "named": true}
	unnamed := map[string]any{"title": "Lições sobre mapeamento", "body": "Mapear os pontos de trabalho à noite, em pares.",
		"topics": []string{"peer_outreach"}, "named": false}

	if r := p.leadE.Do(http.MethodPost, writeE, named); r.Status != 409 || r.ErrorCode() != "exchange_not_completed" {
		t.Errorf("writing on a running exchange: %d %s, want 409 exchange_not_completed", r.Status, r.Body)
	}
	completeExchange(t, p)

	_, orgR := apply(t, p.anon, "Amara", establishedProfile("Sisonke Reader Collective"))
	p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgR+"/approve", nil).Want(200)
	reader := login(t, p.anon, "Amara")
	pending, orgP := apply(t, p.anon, "Pendente", emergingProfile("Grupo Pendente"))

	var te, tm tipView
	p.leadE.Do(http.MethodPost, writeE, named).Want(201).JSON(&te)
	p.leadM.Do(http.MethodPost, writeM, unnamed).Want(201).JSON(&tm)
	if !tm.Own || !tm.CanEdit || tm.Org == nil || tm.Org.ID != p.orgM || tm.Exchange != p.exchangeID {
		t.Errorf("the writer's view of its unnamed tip: %+v, want own, editable, with organisation and exchange", tm)
	}

	// The third organisation reads both by topic (their order, newest first, is the domain
	// test's: two tips written in the same millisecond may come either way here).
	list, raw := tipsOn(t, reader, "peer_outreach")
	if len(list) == 2 && list[0].ID == te.ID {
		list[0], list[1] = list[1], list[0]
	}
	if len(list) != 2 || list[0].ID != tm.ID || list[1].ID != te.ID {
		t.Fatalf("third organisation's peer_outreach tips: %s, want the unnamed and the named", raw)
	}
	if n := list[1]; n.Org == nil || n.Org.Name != "Coletivo Kianda" || n.Exchange != "" || n.Own || n.CanEdit {
		t.Errorf("named tip as the third organisation reads it: %+v", n)
	}
	one := reader.Do(http.MethodGet, "/api/v1/tips/"+tm.ID, nil).Want(200)
	var whole map[string]json.RawMessage
	one.JSON(&whole)
	unnamedJSON := string(one.Body) + string(mustJSON(t, list[0]))
	for _, secret := range []string{p.orgM, "Ikhaya", p.exchangeID, "Lerato", userID(t, p.leadM), p.roomID} {
		if strings.Contains(unnamedJSON, secret) {
			t.Errorf("the unnamed tip as the third organisation reads it holds %q: %s", secret, one.Body)
		}
	}
	if string(whole["org"]) != "null" || whole["exchange"] != nil || whole["created"] != nil || string(whole["month"]) == "" {
		t.Errorf("unnamed tip for a reader: %s, want org null, no exchange, a month and no timestamp", one.Body)
	}
	if list, _ := tipsOn(t, reader, "training_facilitation"); len(list) != 1 || list[0].ID != te.ID {
		t.Errorf("training_facilitation tips: %+v, want the named one", list)
	}
	// The other party sees both in the exchange, and may not change the other's tip.
	var ofExchange struct {
		Tips []tipView `json:"tips"`
	}
	p.leadE.Do(http.MethodGet, writeE, nil).Want(200).JSON(&ofExchange)
	if len(ofExchange.Tips) != 2 {
		t.Errorf("the exchange's tips for its requesting lead: %+v, want 2", ofExchange.Tips)
	}
	p.leadE.Do(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/tips/"+tm.ID, unnamed).Want(404)
	p.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgE+"/tips/"+tm.ID, nil).Want(404)
	reader.Do(http.MethodGet, "/api/v1/orgs/"+orgR+"/exchanges/"+p.exchangeID+"/tips", nil).Want(404)

	// A pending organisation neither reads nor writes.
	pending.Do(http.MethodGet, "/api/v1/tips?topic=peer_outreach", nil).Want(404)
	pending.Do(http.MethodGet, "/api/v1/tips/"+te.ID, nil).Want(404)
	pending.Do(http.MethodPost, "/api/v1/orgs/"+orgP+"/exchanges/"+p.exchangeID+"/tips", named).Want(404)
	p.admin.Do(http.MethodGet, "/api/v1/tips/"+tm.ID, nil).Want(200)

	// Bad input: status and code, nothing stored.
	for _, c := range []struct {
		name, code string
		edit       func(map[string]any)
	}{
		{"title too long", "invalid_title", func(b map[string]any) { b["title"] = strings.Repeat("t", 121) }},
		{"empty body", "invalid_body", func(b map[string]any) { b["body"] = " " }},
		{"body too long", "invalid_body", func(b map[string]any) { b["body"] = strings.Repeat("b", 5001) }},
		{"markup", "not_plain_text", func(b map[string]any) { b["body"] = `<img src=x onerror="alert(1)">` }},
		{"no topics", "invalid_topics", func(b map[string]any) { b["topics"] = []string{} }},
		{"six topics", "invalid_topics", func(b map[string]any) {
			b["topics"] = []string{"peer_outreach", "fundraising", "safe_space", "financial_skills", "access_to_justice", "sensitising_police"}
		}},
		{"unknown topic", "invalid_topics", func(b map[string]any) { b["topics"] = []string{"cooking"} }},
		{"unknown field", "unknown_field", func(b map[string]any) { b["author"] = "someone" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := map[string]any{}
			for k, v := range named {
				body[k] = v
			}
			c.edit(body)
			r := p.leadE.For(t).Invalid().Do(http.MethodPost, writeE, body)
			if r.Status != 400 || r.ErrorCode() != c.code {
				t.Errorf("got %d %s, want 400 %s", r.Status, r.Body, c.code)
			}
		})
	}
	if list, _ := tipsOn(t, reader, ""); len(list) != 2 {
		t.Errorf("after refused writes %d tips, want 2", len(list))
	}

	// The author edits; the export carries what they wrote.
	named["title"] = "Tips on training peer educators"
	p.leadE.Do(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/tips/"+te.ID, named).Want(200)
	x, _ := exportOf(t, srv, p.leadE)
	if !strings.Contains(string(x["tips"]), "Tips on training peer educators") {
		t.Errorf("the author's export tips: %s, want the edited tip", x["tips"])
	}

	// A report reaches the admins' queue; removing takes the tip down.
	var rep struct {
		ID string `json:"id"`
	}
	reader.Do(http.MethodPost, "/api/v1/tips/"+tm.ID+"/reports", map[string]string{"reason": "outing_or_doxxing", "text": "names a street"}).Want(201).JSON(&rep)
	var queue struct {
		Reports []struct {
			ID, Kind, Target string
			Material         struct{ Title string }
		} `json:"reports"`
	}
	p.admin.Do(http.MethodGet, "/api/v1/admin/reports", nil).Want(200).JSON(&queue)
	if len(queue.Reports) != 1 || queue.Reports[0].ID != rep.ID || queue.Reports[0].Kind != "tip" || queue.Reports[0].Target != tm.ID || queue.Reports[0].Material.Title != "Lições sobre mapeamento" {
		t.Fatalf("admin queue after the report: %+v", queue.Reports)
	}
	p.admin.Do(http.MethodPost, "/api/v1/admin/reports/"+rep.ID+"/actions", map[string]string{"action": "mute", "reason": "outing_or_doxxing"}).Want(400)
	p.admin.Do(http.MethodPost, "/api/v1/admin/reports/"+rep.ID+"/actions", map[string]string{"action": "remove", "reason": "outing_or_doxxing"}).Want(204)
	reader.Do(http.MethodGet, "/api/v1/tips/"+tm.ID, nil).Want(404)
	reader.Do(http.MethodPost, "/api/v1/tips/"+tm.ID+"/reports", map[string]string{"reason": "spam"}).Want(404)

	// A suspended organisation's tips disappear from reading.
	p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.orgE+"/suspend", map[string]string{"reason": "reported"}).Want(200)
	if list, raw := tipsOn(t, reader, ""); len(list) != 0 {
		t.Errorf("with the writer suspended the reader lists %s, want nothing", raw)
	}
	reader.Do(http.MethodGet, "/api/v1/tips/"+te.ID, nil).Want(404)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTipsGoWithTheirOrganisation: offboarding an organisation deletes its tips, to the
// last byte in the data folder; a deleted account's tip stays its organisation's, with
// no trace of the account, and the organisation's lead may still change it.
func TestTipsGoWithTheirOrganisation(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	p := openExchange(t, srv)
	m := p.mentor(t, canary("Mentor"))
	completeExchange(t, p)
	bodyE, bodyM := canary("requester-lesson-"), canary("mentor-lesson-")
	var te, tm tipView
	p.leadE.Do(http.MethodPost, "/api/v1/orgs/"+p.orgE+"/exchanges/"+p.exchangeID+"/tips",
		map[string]any{"title": "Ours", "body": bodyE, "topics": []string{"peer_outreach"}, "named": false}).Want(201).JSON(&te)
	m.client.Do(http.MethodPost, "/api/v1/orgs/"+p.orgM+"/exchanges/"+p.exchangeID+"/tips",
		map[string]any{"title": "Theirs", "body": bodyM, "topics": []string{"peer_outreach"}, "named": true}).Want(201).JSON(&tm)

	m.client.Do(http.MethodDelete, "/api/v1/me", map[string]string{"password": testPassword, "messages": "wipe"}).Want(204)
	var got tipView
	p.leadM.Do(http.MethodGet, "/api/v1/tips/"+tm.ID, nil).Want(200).JSON(&got)
	if !got.CanEdit || !got.Own {
		t.Errorf("the mentor organisation's lead after the author's account went: %+v, want it theirs to edit", got)
	}

	p.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgE, map[string]string{"password": testPassword, "messages": "wipe"}).Want(204)
	p.leadM.Do(http.MethodGet, "/api/v1/tips/"+te.ID, nil).Want(404)
	var left struct {
		Tips []tipView `json:"tips"`
	}
	p.leadM.Do(http.MethodGet, "/api/v1/orgs/"+p.orgM+"/exchanges/"+p.exchangeID+"/tips", nil).Want(200).JSON(&left)
	if len(left.Tips) != 1 || left.Tips[0].ID != tm.ID {
		t.Errorf("the exchange's tips after the other side was offboarded: %+v, want only the mentor organisation's", left.Tips)
	}
	waitNoTraces(t, dir, bodyE, te.ID, m.id)
}

// TestTipsAcrossInstances: two instances share one store over NATS. A tip written on A is
// read on B within a few seconds; its writer edits it through B at once (a change reads
// the store first), and A reads the edit.
func TestTipsAcrossInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	p := openExchange(t, a)
	b := startServer(t, t.TempDir(), args...)
	completeExchange(t, p)
	tip := map[string]any{"title": "Written on A", "body": "A lesson.", "topics": []string{"peer_outreach"}, "named": true}
	var written tipView
	p.leadE.Do(http.MethodPost, "/api/v1/orgs/"+p.orgE+"/exchanges/"+p.exchangeID+"/tips", tip).Want(201).JSON(&written)

	onB := func(c *apitest.Client) *apitest.Client {
		d := c.For(t)
		d.BaseURL, d.Origin = b.URL, b.URL
		return d
	}
	titleOn := func(c *apitest.Client) string {
		var v tipView
		if r := c.Do(http.MethodGet, "/api/v1/tips/"+written.ID, nil); r.Status == http.StatusOK {
			r.JSON(&v)
		}
		return v.Title
	}
	if !eventually(10*time.Second, func() bool { return titleOn(onB(p.leadM)) == "Written on A" }) {
		t.Fatal("B does not show the tip written on A within 10 s")
	}
	tip["title"] = "Edited on B"
	onB(p.leadE).Do(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/tips/"+written.ID, tip).Want(200)
	if !eventually(10*time.Second, func() bool { return titleOn(p.leadM) == "Edited on B" }) {
		t.Fatalf("A shows %q, not the edit made on B, after 10 s", titleOn(p.leadM))
	}
}
