package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// visitPT opens path in tb (already in Portuguese) and checks that its heading is
// want and that no untranslated key shows.
func visitPT(t *testing.T, tb *browserTab, path, want string) {
	t.Helper()
	tb.do(t, "open "+path, chromedp.Navigate(tb.origin+path))
	pageText(t, tb, "#main h1", want)
	if leak := pageValue(t, tb, "look for raw keys on "+path, chromedp.Evaluate[string](
		`(document.querySelector('#main').innerText.match(/\b(mod|chat|nav)\.[a-zA-Z_.]+\b/) || [''])[0]`)); leak != "" {
		t.Errorf("%s in Portuguese shows the key %q", path, leak)
	}
	checkAxe(t, tb, path+" (pt)")
	tb.clean(t)
}

// TestBrowserModeration: a member reports a message with its context from the chat
// view; a platform moderator (appointed through the API) opens it in the queue and
// deletes the message; the tombstone shows live in the reporter's open room; a mute
// reaches the author's room and holds back what they send (muted) until it is lifted;
// the reporter sees the outcome. A room owner locks the room from its panel and the other
// side sees why and gets the refusal in the composer. The admin reads the audit log,
// the exchanges and the dashboard (its SVG gap map) and downloads a CSV. Every new
// screen passes axe-core, with no console error and nothing from another origin, in
// English and in Portuguese.
func TestBrowserModeration(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	p := openExchange(t, srv)
	room := p.roomID
	mod := p.invite(t, p.leadE, p.orgE, "Iolanda")
	writer := p.mentor(t, "Thandeka") // the author: a mentor, not an owner of the room, so a mute holds

	p.admin.Do(http.MethodPut, "/api/v1/admin/moderators/"+mod.id, nil).Want(204)
	browser := startBrowser(t)
	en, pt := appStrings(t, "en"), appStrings(t, "pt")
	origin := srv.URL

	reporter := newTab(t, browser, origin, true, "/api/v1/me")
	author := newTab(t, browser, origin, true, "/api/v1/me")
	author.do(t, "a phone-sized window", chromedp.EmulateViewport(360, 740))
	signIn(t, reporter, en, "Esperança", testPassword)
	signIn(t, author, en, "Thandeka", testPassword)
	reporter.do(t, "open the room", chromedp.Navigate(origin+"/rooms/"+room), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	author.do(t, "open the room", chromedp.Navigate(origin+"/rooms/"+room), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	var said []string
	for _, body := range []string{"First, fine", "You will regret this", "Third, fine", "Fourth, fine"} {
		chatSay(t, author, body)
		said = append(said, body)
		waitChat(t, author, "sent "+body, said...)
	}
	waitChat(t, reporter, "the reporter reads them", "First, fine", "You will regret this", "Third, fine", "Fourth, fine")

	// The reporter reports the second message with one message on each side.
	reporter.do(t, "report the second message", chromedp.Evaluate[chromedp.Void](
		`[...document.querySelectorAll('.chat-list li.msg')].find((li) => li.querySelector('.msg-body')?.textContent === 'You will regret this').querySelector('[data-report]').click()`))
	pageText(t, reporter, "#report-h", en["chat.report.title"])
	pageText(t, reporter, "#report-preview-h", fill(en["chat.report.willSend.one"], nil))
	checkScreen(t, reporter, "report a message")
	check(t, reporter, `input[name=reason][value=harassment]`)
	reporter.do(t, "some words", chromedp.SendKeys(chromedp.CSS("#report-text"), "A threat after I said no."))
	setField(t, reporter, "#report-around", "2")
	reporter.do(t, "the context follows", chromedp.Evaluate[chromedp.Void](`document.getElementById('report-around').dispatchEvent(new Event('change'))`))
	// Two around it: the first and the third and fourth messages are what the room holds
	// next to it (one before, two after).
	pageText(t, reporter, "#report-preview-h", fill(en["chat.report.willSend.other"], map[string]string{"n": "4"}))
	setField(t, reporter, "#report-around", "0")
	reporter.do(t, "the context follows", chromedp.Evaluate[chromedp.Void](`document.getElementById('report-around').dispatchEvent(new Event('change'))`))
	setField(t, reporter, "#report-around", "2")
	reporter.do(t, "the context follows", chromedp.Evaluate[chromedp.Void](`document.getElementById('report-around').dispatchEvent(new Event('change'))`))
	submitForm(t, reporter, "[data-report-form]")
	pageText(t, reporter, "#report-h", en["chat.report.confirmTitle"])
	pageWait(t, reporter, "the focus is on the review's heading", `document.activeElement?.id === 'report-h'`)
	preview := pageValue(t, reporter, "the preview", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.report-preview .msg-body')].map((e) => e.textContent)`))
	if strings.Join(preview, "|") != "First, fine|You will regret this|Third, fine|Fourth, fine" {
		t.Errorf("the confirmation shows %q", preview)
	}
	pageText(t, reporter, "[data-report-reason]", en["mod.reason.harassment"])
	checkScreen(t, reporter, "report confirmation")
	follow(t, reporter, "[data-report-send]")
	pageText(t, reporter, "[data-report-done]", en["chat.report.sent"])
	clickText(t, reporter, "#main button", en["chat.report.backToRoom"])
	waitChat(t, reporter, "back in the room", "First, fine", "You will regret this", "Third, fine", "Fourth, fine")

	// The moderator works the queue and deletes the message.
	moderator := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, moderator, en, "Iolanda", testPassword)
	follow(t, moderator, `#nav-list a[href="/admin/reports"]`)
	pageText(t, moderator, "#main h1", en["mod.queue.title"])
	checkScreen(t, moderator, "report queue")
	follow(t, moderator, "#main [data-report] a")
	pageText(t, moderator, "#main h1", en["mod.report.title"])
	copied := pageValue(t, moderator, "the copied messages", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.report-preview .msg-body')].map((e) => e.textContent)`))
	if strings.Join(copied, "|") != "First, fine|You will regret this|Third, fine|Fourth, fine" {
		t.Errorf("the report holds %q", copied)
	}
	pageText(t, moderator, ".report-preview li.reported .msg-body", "You will regret this")
	checkScreen(t, moderator, "report")
	colorScheme(t, moderator, "dark")
	checkAxe(t, moderator, "report, dark")
	colorScheme(t, moderator, "light")
	follow(t, moderator, `[data-act="delete_message"]`)
	waitStatus(t, moderator, en["mod.done.delete_message"])
	waitChat(t, reporter, "the tombstone, live", "First, fine", en["chat.deleted"], "Third, fine", "Fourth, fine")
	if n := pageValue(t, reporter, "count reportable messages", chromedp.Evaluate[int](`document.querySelectorAll('.chat-list [data-report]').length`)); n != 3 {
		t.Errorf("%d messages offer Report after the deletion, want 3 (a tombstone offers none)", n)
	}
	waitChat(t, author, "the tombstone at the author", "First, fine", en["chat.deleted"], "Third, fine", "Fourth, fine")
	// A mute for an hour: the author reads it in the room and what they send is held
	// back with its code, until the mute is lifted.
	follow(t, moderator, `[data-act="mute-1h"]`)
	waitStatus(t, moderator, en["mod.done.mute"])
	pageWait(t, author, "the author reads the mute", fmt.Sprintf(`document.querySelector('.chat-mod[data-moderation="mute"]')?.textContent.trim().startsWith(%q)`,
		strings.Split(fill(en["chat.mod.mute"], map[string]string{"name": en["chat.mod.you"]}), "{")[0]))
	pageWait(t, reporter, "the reporter reads it too", `!!document.querySelector('.chat-mod[data-moderation="mute"]')`)
	pageWait(t, author, "the composer says until when", fmt.Sprintf(`document.querySelector('[data-restriction]')?.textContent.trim().startsWith(%q)`, strings.Split(en["chat.restriction.muted"], "{")[0]))
	chatSay(t, author, "Why?")
	pageWait(t, author, "the send is refused with muted", fmt.Sprintf(
		`[...document.querySelectorAll('.msg.pending[data-state=failed] .msg-status')].some((e) => e.textContent.includes(%q))`, en["chat.error.muted"]))
	// Opened again, the room still says why the author cannot write (their moderation
	// notices), not that the exchange ended.
	author.do(t, "open the room again", chromedp.Navigate(origin+"/rooms/"+room))
	pageWait(t, author, "the room still says until when", fmt.Sprintf(`document.querySelector('[data-restriction]')?.textContent.trim().startsWith(%q) && !document.querySelector('[data-readonly]')`, strings.Split(en["chat.restriction.muted"], "{")[0]))
	follow(t, moderator, `[data-actions] button[value="unmute"]`)
	waitStatus(t, moderator, en["mod.done.unmute"])
	pageWait(t, author, "the author reads that the mute is lifted, and may write", `!!document.querySelector('.chat-mod[data-moderation="unmute"]') && !document.querySelector('[data-restriction]') && !!document.querySelector('#chat-input')`)
	follow(t, author, "[data-retry]")
	waitChat(t, author, "sent once the mute is lifted", "First, fine", en["chat.deleted"], "Third, fine", "Fourth, fine", "Why?")
	moderator.do(t, "a note", chromedp.SendKeys(chromedp.CSS("#resolve-note"), "Removed. Thank you."))
	follow(t, moderator, `[data-resolve-as="actioned"]`)
	waitStatus(t, moderator, en["mod.resolved.actioned"])
	pageText(t, moderator, "[data-status]", en["mod.status.actioned"])
	reportPath := pathNow(t, moderator)
	moderator.clean(t)

	// The reporter sees what became of it.
	follow(t, reporter, `#nav-list a[href="/reports"]`)
	pageText(t, reporter, "#main h1", en["mod.mine.title"])
	pageText(t, reporter, "[data-report] [data-status]", en["mod.status.actioned"])
	pageText(t, reporter, "[data-report] [data-note]", fill(en["mod.mine.note"], map[string]string{"note": "Removed. Thank you."}))
	checkScreen(t, reporter, "my reports")
	// The author is told what moderation did, with the reason.
	author.do(t, "the author's reports", chromedp.Navigate(origin+"/reports"))
	pageText(t, author, "#main h1", en["mod.mine.title"])
	pageWait(t, author, "the author reads the deletion and the mute", fmt.Sprintf(`(() => { const acts = [...document.querySelectorAll('[data-notice]')].map((e) => e.dataset.notice);
	  return acts.includes('delete_message') && acts.includes('mute') && document.querySelector('[data-notice=delete_message] .hint').textContent.includes(%q); })()`, en["mod.reason.harassment"]))
	checkAxe(t, author, "my reports, told")
	author.do(t, "back to the room", chromedp.Navigate(origin+"/rooms/"+room), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	waitChat(t, author, "the room again", "First, fine", en["chat.deleted"], "Third, fine", "Fourth, fine", "Why?")

	// The room's owner locks the room from its panel: the other side reads why, and what
	// it sends is held back with the refusal's code.
	reporter.do(t, "back to the room", chromedp.Navigate(origin+"/rooms/"+room), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	follow(t, reporter, "[data-room-moderation]")
	pageWait(t, reporter, "the room's panel", fmt.Sprintf(`document.querySelector('#main h1')?.textContent.startsWith(%q)`, strings.Split(en["mod.panel.title"], "{")[0]))
	roomTitle := strings.TrimPrefix(pageValue(t, reporter, "the panel's title", chromedp.Evaluate[string](`document.querySelector('#main h1').textContent`)), strings.Split(en["mod.panel.title"], "{")[0])
	checkScreen(t, reporter, "room moderation")
	// The owner names the mentor a room moderator, and withdraws them.
	setField(t, reporter, "#mod-user", writer.id)
	follow(t, reporter, `[data-room-moderators] button[value="appoint"]`)
	waitStatus(t, reporter, en["mod.panel.appointed"])
	follow(t, reporter, `[data-room-moderators] button[value="withdraw"]`)
	waitStatus(t, reporter, en["mod.panel.withdrawn"])
	follow(t, reporter, `[data-act="lock"]`)
	waitStatus(t, reporter, en["mod.done.lock"])
	pageWait(t, author, "the author reads that the room is locked", `!!document.querySelector('.chat-mod[data-moderation="lock"]')`)
	pageText(t, author, "[data-restriction]", en["chat.restriction.locked"])
	chatSay(t, author, "Can I still write?")
	pageWait(t, author, "the send is refused with room_locked", fmt.Sprintf(
		`[...document.querySelectorAll('.msg.pending[data-state=failed] .msg-status')].some((e) => e.textContent.includes(%q))`, en["chat.error.room_locked"]))
	checkAxe(t, author, "locked room")
	chatScreenshots(t, author, "locked-room")
	colorScheme(t, author, "dark")
	checkAxe(t, author, "locked room, dark")
	colorScheme(t, author, "light")
	author.clean(t)
	follow(t, reporter, `[data-act="unlock"]`)
	waitStatus(t, reporter, en["mod.done.unlock"])
	pageWait(t, author, "the author reads that the room is open", `!!document.querySelector('.chat-mod[data-moderation="unlock"]')`)
	// The owner finds the report among the room's, closed, and opens it from the panel.
	follow(t, reporter, `#main a[href$="moderation?status=all"]`)
	follow(t, reporter, "#main [data-report] a")
	pageText(t, reporter, "#main h1", en["mod.report.title"])
	pageText(t, reporter, "[data-status]", en["mod.status.actioned"])
	pageText(t, reporter, ".report-preview li.reported .msg-body", "You will regret this")
	checkScreen(t, reporter, "room report")
	follow(t, author, "[data-retry]")
	waitChat(t, author, "sent once unlocked", "First, fine", en["chat.deleted"], "Third, fine", "Fourth, fine", "Why?", "Can I still write?")
	// Slow mode, set from the report's page by the room's owner: the room says so, and a
	// second message within the interval is held back.
	setField(t, reporter, "#act-seconds", "60")
	follow(t, reporter, `[data-actions] button[value="slow_mode"]`)
	waitStatus(t, reporter, en["mod.done.slow_mode"])
	pageText(t, author, "[data-restriction]", fill(en["chat.restriction.slow"], map[string]string{"seconds": "60"}))
	pageText(t, author, `.chat-mod[data-moderation="slow_mode"] span`, fill(en["chat.mod.slowOn"], map[string]string{"seconds": "60"}))
	chatSay(t, author, "One")
	waitChat(t, author, "the first goes", "First, fine", en["chat.deleted"], "Third, fine", "Fourth, fine", "Why?", "Can I still write?", "One")
	chatSay(t, author, "Two")
	pageWait(t, author, "the second is refused with slow_mode", fmt.Sprintf(
		`[...document.querySelectorAll('.msg.pending[data-state=failed] .msg-status')].some((e) => e.textContent.includes(%q))`, en["chat.error.slow_mode"]))
	setField(t, reporter, "#act-seconds", "0")
	follow(t, reporter, `[data-actions] button[value="slow_mode"]`)
	pageWait(t, author, "the room says slow mode is off", fmt.Sprintf(`[...document.querySelectorAll('.chat-mod[data-moderation="slow_mode"]')].pop().textContent.trim() === %q`, en["chat.mod.slowOff"]))
	pageWait(t, author, "no restriction is shown", `!document.querySelector('[data-restriction]')`)
	reporter.clean(t)

	// The admin: audit log, moderators, exchanges, dashboard and a CSV.
	admin := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, admin, en, "Kestrel", testPassword)
	follow(t, admin, `#nav-list a[href="/admin/audit"]`)
	pageText(t, admin, "#main h1", en["mod.audit.title"])
	pageWait(t, admin, "the deletion is in the log", fmt.Sprintf(`[...document.querySelectorAll('[data-audit] td')].some((e) => e.textContent === %q)`, en["mod.audit.actions.delete_message"]))
	checkScreen(t, admin, "audit log")
	admin.do(t, "a phone-sized window", chromedp.EmulateViewport(360, 740))
	checkAxe(t, admin, "audit log at 360 px")
	admin.do(t, "a desktop window", chromedp.EmulateViewport(1024, 768))
	setField(t, admin, "#audit-action", "lock")
	submitForm(t, admin, "[data-audit-filter]")
	pageWait(t, admin, "only the lock", fmt.Sprintf(`location.search === '?action=lock' && (() => { const rows = [...document.querySelectorAll('[data-audit] tbody tr')];
	  return rows.length === 1 && rows[0].children[3].textContent === %q; })()`, en["mod.audit.actions.lock"]))
	follow(t, admin, `#nav-list a[href="/admin/moderators"]`)
	pageText(t, admin, "#main h1", en["mod.moderators.title"])
	checkScreen(t, admin, "moderators")
	follow(t, admin, `#nav-list a[href="/admin/exchanges"]`)
	pageText(t, admin, "#main h1", en["mod.exchanges.title"])
	pageWait(t, admin, "the exchange is listed", fmt.Sprintf(`!!document.querySelector('[data-exchange=%q]')`, p.exchangeID))
	checkScreen(t, admin, "exchanges")
	follow(t, admin, `#main a[href="/admin/exchanges?state=completed"]`)
	pageText(t, admin, "[data-count]", fill(en["mod.exchanges.count"], map[string]string{"n": "0"}))
	follow(t, admin, `#main a[href="/admin/exchanges?state=accepted"]`)
	pageText(t, admin, "[data-count]", fill(en["mod.exchanges.count"], map[string]string{"n": "1"}))
	pageWait(t, admin, "the accepted exchange is listed", fmt.Sprintf(`!!document.querySelector('[data-exchange=%q]')`, p.exchangeID))
	follow(t, admin, `#nav-list a[href="/admin/dashboard"]`)
	pageText(t, admin, "#main h1", en["mod.dash.title"])
	pageWait(t, admin, "the gap map is drawn", `document.querySelectorAll('svg[data-gap-chart] rect.bar-demand').length > 1`)
	checkScreen(t, admin, "dashboard")
	colorScheme(t, admin, "dark")
	checkAxe(t, admin, "dashboard, dark")
	colorScheme(t, admin, "light")
	type download struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		Body   string `json:"body"`
	}
	got := pageValue(t, admin, "download the gap map", chromedp.Evaluate[download](
		`(async () => { const a = document.querySelector('[data-csv="gap_map"]'); const r = await fetch(a.href);
		  return { status: r.status, type: r.headers.get('Content-Type') || '', body: await r.text() }; })()`, chromedp.EvalAwaitPromise))
	if got.Status != 200 || !strings.HasPrefix(got.Type, "text/csv") || !strings.HasPrefix(got.Body, "topic,") {
		t.Errorf("the gap map CSV: status %d, type %q, body %.80q", got.Status, got.Type, got.Body)
	}

	// Every new screen in Portuguese.
	choosePortuguese(t, admin)
	visitPT(t, admin, "/admin/dashboard", pt["mod.dash.title"])
	visitPT(t, admin, "/admin/audit", pt["mod.audit.title"])
	visitPT(t, admin, "/admin/moderators", pt["mod.moderators.title"])
	visitPT(t, admin, "/admin/exchanges", pt["mod.exchanges.title"])
	visitPT(t, admin, "/admin/reports?status=all", pt["mod.queue.title"])
	choosePortuguese(t, moderator)
	visitPT(t, moderator, reportPath, pt["mod.report.title"])
	choosePortuguese(t, reporter)
	visitPT(t, reporter, "/reports", pt["mod.mine.title"])
	visitPT(t, reporter, "/rooms/"+room+"/moderation", fill(pt["mod.panel.title"], map[string]string{"room": roomTitle}))
	reporter.do(t, "open the room", chromedp.Navigate(origin+"/rooms/"+room), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	reporter.do(t, "report in Portuguese", chromedp.Evaluate[chromedp.Void](`document.querySelector('.chat-list li.msg [data-report]').click()`))
	pageText(t, reporter, "#report-h", pt["chat.report.title"])
	checkAxe(t, reporter, "report (pt)")
	reporter.clean(t)
}
