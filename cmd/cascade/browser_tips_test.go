package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTips: a lead completes an exchange through the screens and writes an
// unnamed tip on it at phone width; a lead of a third organisation finds it on /tips
// through the header, filtered by topic, with no organisation named, reads it again in
// Portuguese and reports it; an admin opens the report and takes the tip down, and it is
// gone from /tips. Every screen passes axe-core, with no console error and nothing from
// another origin.
func TestBrowserTips(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	p := openExchange(t, srv)
	_, orgR := apply(t, p.anon, "Amara", establishedProfile("Sisonke Reader Collective"))
	p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgR+"/approve", nil).Want(200)
	browser := startBrowser(t)
	en, pt := appStrings(t, "en"), appStrings(t, "pt")
	origin := srv.URL
	const title, body = "Tips on peer educator training", "Pair each new peer educator with one who has done outreach for a year."

	writer := newTab(t, browser, origin, true, "/api/v1/me")
	writer.do(t, "a phone-sized window", chromedp.EmulateViewport(360, 740))
	signIn(t, writer, en, "Esperança", testPassword)
	writer.do(t, "open the exchange", chromedp.Navigate(origin+"/orgs/"+p.orgE+"/exchanges/"+p.exchangeID))
	setField(t, writer, "#session-date", "2026-11-20")
	typeText(t, writer, "#session-minutes", "90")
	clickText(t, writer, "#main button", en["exchange.logSession"])
	waitStatus(t, writer, en["exchange.sessionLogged"])
	p.leadM.Do(http.MethodPost, "/api/v1/orgs/"+p.orgM+"/exchanges/"+p.exchangeID+"/complete", map[string]any{"usefulness": 5, "respect": 5}).Want(200)
	check(t, writer, "input[name=usefulness][value='5']")
	check(t, writer, "input[name=respect][value='4']")
	clickText(t, writer, "#main button", en["exchange.completeSubmit"])
	pageText(t, writer, "[data-state]", en["state.completed"])
	pageText(t, writer, "#tips-h", en["tips.sectionTitle"])
	pageWait(t, writer, "the tip form is shown", `!!document.querySelector('[data-tip-form] input[name=named]')`)
	if named := pageValue(t, writer, "the name box", chromedp.Evaluate[bool](`document.querySelector('[data-tip-form] input[name=named]').checked`)); named {
		t.Error(`"name our organisation" is ticked before anyone chose it`)
	}
	typeText(t, writer, "#new-tip-title", title)
	typeText(t, writer, "#new-tip-body", body)
	check(t, writer, "[data-tip-form] input[name=topics][value=peer_outreach]")
	clickText(t, writer, "[data-tip-form] button", en["tips.publish"])
	waitStatus(t, writer, en["tips.published"])
	pageText(t, writer, "[data-tips-section] .tip h3", title)
	pageWait(t, writer, "the tip says its organisation is not named",
		`document.querySelector('[data-tips-section] [data-tip-meta]').textContent.includes(`+jsString(en["tips.notNamed"])+`)`)
	fitsWidth(t, writer, "the exchange with its tips")
	checkScreen(t, writer, "exchange-tips")

	reader := newTab(t, browser, origin, true, "/api/v1/me")
	reader.do(t, "a phone-sized window", chromedp.EmulateViewport(360, 740))
	signIn(t, reader, en, "Amara", testPassword)
	reader.do(t, "open the menu", chromedp.Click(chromedp.CSS("[aria-controls=nav-list]")))
	clickText(t, reader, "nav a", en["nav.tips"])
	pageText(t, reader, "#main h1", en["tips.title"])
	setField(t, reader, "#tips-topic", "fundraising")
	submitForm(t, reader, "[data-tips-filter]")
	pageWait(t, reader, "no tip on fundraising", `location.search === '?topic=fundraising' && !!document.querySelector('#main [data-empty]')`)
	setField(t, reader, "#tips-topic", "peer_outreach")
	submitForm(t, reader, "[data-tips-filter]")
	pageWait(t, reader, "filtered by peer_outreach", `location.search === '?topic=peer_outreach'`)
	pageText(t, reader, "#main .tip h3", title)
	pageText(t, reader, "#main .tip .tip-body", body)
	meta := pageValue(t, reader, "the tip's line", chromedp.Evaluate[string](`document.querySelector('#main [data-tip-meta]').textContent`))
	for _, leak := range []string{"Coletivo Kianda", "Ikhaya", "Esperança"} {
		if strings.Contains(meta, leak) {
			t.Errorf("the unnamed tip's line names %q: %s", leak, meta)
		}
	}
	if !strings.Contains(meta, en["tips.unnamed"]) {
		t.Errorf("the unnamed tip's line %q does not say %q", meta, en["tips.unnamed"])
	}
	if n := pageValue(t, reader, "edit controls", chromedp.Evaluate[int](`document.querySelectorAll('#main [data-edit], #main [data-delete]').length`)); n != 0 {
		t.Errorf("the reader sees %d edit or delete controls on another organisation's tip", n)
	}
	fitsWidth(t, reader, "/tips")
	checkScreen(t, reader, "tips")

	choosePortuguese(t, reader)
	visitPT(t, reader, "/tips?topic=peer_outreach", pt["tips.title"])
	pageText(t, reader, "#main .tip h3", title)
	pageWait(t, reader, "the unnamed tip in Portuguese",
		`document.querySelector('#main [data-tip-meta]').textContent.includes(`+jsString(pt["tips.unnamed"])+`)`)
	pageText(t, reader, "label[for=tips-topic]", pt["tips.topic"])

	// The reader reports it; an admin reads it in the queue and takes it down.
	clickText(t, reader, "#main .tip button", pt["tips.report"])
	setField(t, reader, "#main [data-report-form] select", "outing_or_doxxing")
	submitForm(t, reader, "#main [data-report-form]")
	waitStatus(t, reader, pt["tips.reported"])
	checkScreen(t, reader, "tips-reported (pt)")

	admin := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, admin, en, "Kestrel", testPassword)
	admin.do(t, "open the report queue", chromedp.Navigate(origin+"/admin/reports"))
	pageText(t, admin, "#main [data-report] .hint", en["tips.mod.queueItem"])
	admin.do(t, "open the report", chromedp.Click(chromedp.CSS("#main [data-report] a")))
	pageText(t, admin, "#main [data-reported-tip] h3", title)
	checkScreen(t, admin, "tip-report")
	admin.do(t, "take the tip down", chromedp.Click(chromedp.CSS("[data-act=remove]")))
	waitStatus(t, admin, en["tips.mod.takenDown"])
	clickText(t, admin, "[data-resolve] button", en["mod.report.actioned"])
	pageText(t, admin, "[data-status]", en["mod.status.actioned"])
	reader.do(t, "read the tips again", chromedp.Navigate(origin+"/tips?topic=peer_outreach"))
	pageWait(t, reader, "the tip is gone", `!!document.querySelector('#main [data-empty]') && !document.querySelector('#main .tip')`)
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// fitsWidth fails when the page is wider than the window (a phone would scroll sideways).
func fitsWidth(t *testing.T, tb *browserTab, what string) {
	t.Helper()
	if over := pageValue(t, tb, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); over > 0 {
		t.Errorf("%s is %d px wider than the window", what, over)
	}
}
