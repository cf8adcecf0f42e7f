package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTraining: the mentor organisation's lead records, on the exchange's page, a
// training held in a session (12 peer educators and 8 members, 4 trained as trainers);
// the learning organisation's lead records, on its trainings page, a training it ran
// whose trainers learned there (30 peer educators, 2 trainers), naming a member a trainer,
// who is told, agrees on their page and only then is named with it; the admin's dashboard then
// shows the cascade as a chart, and the table beside it gives 20 peers and 4 trainers in
// generation 1, 30 and 2 in generation 2. Every screen passes axe-core, in English and in
// Portuguese.
func TestBrowserTraining(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	p := openExchange(t, srv)
	p.leadE.Do(http.MethodPost, "/api/v1/orgs/"+p.orgE+"/exchanges/"+p.exchangeID+"/sessions",
		map[string]any{"date": "2026-05-04", "duration_minutes": 180, "format": "online_mentoring"}).Want(201)
	named := p.invite(t, p.leadE, p.orgE, "Nandi") // a member the lead names a trainer
	manual := addResource(t, p.leadM, meta(p.orgM, "page", "org", "Peer outreach manual"), "", nil)
	browser := startBrowser(t)
	en, pt := appStrings(t, "en"), appStrings(t, "pt")
	origin := srv.URL

	// Generation 1: recorded in the session by the mentor organisation.
	mentor := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, mentor, en, "Lerato", testPassword)
	mentor.do(t, "open the exchange", chromedp.Navigate(origin+"/orgs/"+p.orgM+"/exchanges/"+p.exchangeID))
	pageText(t, mentor, "#trainings-h", en["training.inExchange"])
	follow(t, mentor, "[data-record-training] summary")
	setField(t, mentor, "#xt-topic", "peer_outreach")
	setField(t, mentor, "#xt-participants-peer_educators", "12")
	setField(t, mentor, "#xt-participants-members", "8")
	setField(t, mentor, "#xt-trainers_trained", "4")
	setField(t, mentor, "#xt-resource", manual.ID)
	if got := pageValue(t, mentor, "the date", chromedp.Evaluate[string](`document.getElementById('xt-date').value`)); got != "2026-05-04" {
		t.Errorf("the training's date starts as %q, want the session's 2026-05-04", got)
	}
	submitForm(t, mentor, "[data-record-training] form")
	waitStatus(t, mentor, en["training.recorded"])
	pageWait(t, mentor, "the training is listed", `document.querySelectorAll('[data-exchange-trainings] [data-training]').length === 1`)
	pageWait(t, mentor, "the training links the resource it used", `!!document.querySelector('[data-exchange-trainings] [data-training] a[href="/library/`+manual.ID+`"]')`)
	checkScreen(t, mentor, "exchange with a training")

	var inX struct {
		Trainings []trainingView `json:"trainings"`
	}
	p.leadE.Do(http.MethodGet, "/api/v1/orgs/"+p.orgE+"/exchanges/"+p.exchangeID+"/trainings", nil).Want(200).JSON(&inX)
	if len(inX.Trainings) != 1 || inX.Trainings[0].Generation != 1 || inX.Trainings[0].TrainersTrained != 4 || inX.Trainings[0].Resource != manual.ID {
		t.Fatalf("the exchange's trainings: %+v, want one of generation 1 with 4 trainers, using %s", inX.Trainings, manual.ID)
	}
	first := inX.Trainings[0].ID

	// Generation 2: the learning organisation's own training, its trainers learned there.
	learner := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, learner, en, "Esperança", testPassword)
	follow(t, learner, `#nav-list a[href="/orgs/`+p.orgE+`/trainings"]`)
	pageText(t, learner, "#main h1", en["training.title"])
	pageWait(t, learner, "the seed training is offered", `!!document.querySelector('#ot-learned option[value="`+first+`"]')`)
	checkScreen(t, learner, "trainings, none yet")
	setField(t, learner, "#ot-topic", "peer_outreach")
	setField(t, learner, "#ot-participants-peer_educators", "30")
	setField(t, learner, "#ot-trainers_trained", "2")
	setField(t, learner, "#ot-learned", first)
	check(t, learner, `[data-record-own] input[name="trainer.`+named.id+`"]`)
	submitForm(t, learner, "[data-record-own]")
	waitStatus(t, learner, en["training.recorded"])
	pageWait(t, learner, "our reach shows generation 2", `(() => { const r = document.querySelector('[data-table="org-reach"] tbody tr');
	  return !!r && [...r.children].map((c) => c.textContent.trim()).join('|') === '`+fill(en["training.generationN"], map[string]string{"n": "2"})+`|1|2|30'; })()`)
	checkScreen(t, learner, "trainings")

	// The member named is told, and named only once they agree.
	if n := pageValue(t, learner, "trainers named", chromedp.Evaluate[int](`document.querySelectorAll('[data-org-trainings] li').length`)); n != 1 {
		t.Fatalf("%d trainings listed, want 1", n)
	}
	trainerTab := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, trainerTab, en, "Nandi", testPassword)
	trainerTab.do(t, "the notifications", chromedp.Navigate(origin+"/notifications"))
	follow(t, trainerTab, `#main a[href="/trainings/named"]`)
	pageText(t, trainerTab, "#main h1", en["training.namedTitle"])
	pageWait(t, trainerTab, "the naming waits for an answer", `document.querySelector('[data-naming]')?.dataset.state === 'pending'`)
	checkScreen(t, trainerTab, "named a trainer")
	learner.do(t, "reload the trainings", chromedp.Reload())
	pageWait(t, learner, "the list is back", `document.querySelectorAll('[data-org-trainings] li').length === 1`)
	namedLine := fill(en["training.namedTrainers"], map[string]string{"names": "Nandi"})
	if line := pageValue(t, learner, "the training's line", chromedp.Evaluate[string](`document.querySelector('[data-org-trainings] li').textContent`)); strings.Contains(line, namedLine) {
		t.Errorf("the trainer is named before agreeing: %q", line)
	}
	follow(t, trainerTab, "[data-consent]")
	waitStatus(t, trainerTab, en["training.consented"])
	learner.do(t, "reload the trainings", chromedp.Reload())
	pageWait(t, learner, "the trainer is named", `document.querySelector('[data-org-trainings] li')?.textContent.includes(`+jsString(namedLine)+`)`)

	// The dashboard, as the admin reads it.
	admin := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, admin, en, "Kestrel", testPassword)
	follow(t, admin, `#nav-list a[href="/admin/dashboard"]`)
	pageText(t, admin, "#cascade-h", en["training.dashTitle"])
	rows := pageValue(t, admin, "the generations table", chromedp.Evaluate[[][]string](
		`[...document.querySelectorAll('[data-table="cascade_generations"] tbody tr')].map((r) => [...r.children].map((c) => c.textContent.trim()))`))
	gen := func(n string) string { return fill(en["training.generationN"], map[string]string{"n": n}) }
	// generation, trainings, organisations, trainers trained, peers reached
	want := [][]string{{gen("1"), "1", "1", "4", "20"}, {gen("2"), "1", "1", "2", "30"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("the dashboard's generations: got %q, want %q", rows, want)
	}
	beside := pageValue(t, admin, "the table beside the chart", chromedp.Evaluate[[][]string](
		`[...document.querySelectorAll('.cascade-grid [data-table="cascade_topics"] tbody tr')].map((r) => [...r.children].map((c) => c.textContent.trim()))`))
	topic := pageValue(t, admin, "the topic's label", chromedp.Evaluate[string](`document.querySelector('.cascade-topic .chart-label').textContent`))
	if want := [][]string{{topic, gen("1"), "4", "20"}, {topic, gen("2"), "2", "30"}}; !slices.EqualFunc(beside, want, slices.Equal) {
		t.Errorf("the table beside the chart: got %q, want %q", beside, want)
	}
	bars := pageValue(t, admin, "the chart's bars", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-cascade-chart] .cascade-topic text.chart-value')].map((e) => e.textContent.trim())`))
	if !slices.Equal(bars, []string{"20", "30"}) {
		t.Errorf("the chart's bars say %q, want 20 and 30", bars)
	}
	checkScreen(t, admin, "dashboard with the cascade")
	colorScheme(t, admin, "dark")
	checkAxe(t, admin, "dashboard with the cascade, dark")
	colorScheme(t, admin, "light")

	// In Portuguese.
	choosePortuguese(t, admin)
	visitPT(t, admin, "/admin/dashboard", pt["mod.dash.title"])
	pageText(t, admin, "#cascade-h", pt["training.dashTitle"])
	choosePortuguese(t, learner)
	visitPT(t, learner, "/orgs/"+p.orgE+"/trainings", pt["training.title"])
	choosePortuguese(t, trainerTab)
	visitPT(t, trainerTab, "/trainings/named", pt["training.namedTitle"])
	choosePortuguese(t, mentor)
	mentor.do(t, "the exchange in Portuguese", chromedp.Navigate(origin+"/orgs/"+p.orgM+"/exchanges/"+p.exchangeID))
	pageText(t, mentor, "#trainings-h", pt["training.inExchange"])
	follow(t, mentor, "[data-record-training] summary")
	checkAxe(t, mentor, "exchange's trainings (pt)")
	for _, tab := range []*browserTab{admin, learner, mentor, trainerTab} {
		if leak := pageValue(t, tab, "look for raw training keys", chromedp.Evaluate[string](
			`(document.querySelector('#main').innerText.match(/\btraining\.[a-zA-Z_.]+\b/) || [''])[0]`)); leak != "" {
			t.Errorf("a screen in Portuguese shows the key %q", leak)
		}
		tab.clean(t)
	}
}
