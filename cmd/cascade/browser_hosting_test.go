package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserHosting: Coletivo Kianda's lead names Amigos da Rua, from the directory, as
// its host on the profile page; Amigos' lead confirms on the Hosting page; Kianda's lead
// brings the host into the exchange from the exchange page, which then shows it as a
// third organisation; Amigos' lead opens the exchange room and writes. Each screen passes
// axe-core with no console error, and the Hosting page reads in Portuguese.
func TestBrowserHosting(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	h := newHostSetup(t, srv)
	browser := startBrowser(t)
	en, pt := appStrings(t, "en"), appStrings(t, "pt")
	origin := srv.URL
	amigos := map[string]string{"host": "Amigos da Rua", "name": "Amigos da Rua"}

	kianda := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, kianda, en, "Esperança", testPassword)
	kianda.do(t, "open the profile", chromedp.Navigate(origin+"/orgs/"+h.orgE+"/profile"))
	pageText(t, kianda, "#host-h", en["hosting.ours"])
	pageText(t, kianda, "[data-host]", fill(en["hosting.outside"], map[string]string{"name": "Friendly NGO"}))
	pageWait(t, kianda, "the directory is read", `!document.querySelector('input[name=kind][value=cascade]').disabled`)
	check(t, kianda, `input[name=kind][value=cascade]`)
	setField(t, kianda, "#host-org", h.orgH)
	checkScreen(t, kianda, "profile: choose a host")
	submitForm(t, kianda, ".host-form form")
	waitStatus(t, kianda, en["hosting.saved"])
	pageText(t, kianda, "[data-host]", fill(en["hosting.onCascade"], amigos)+" — "+en["hosting.state.requested"])

	host := newTab(t, browser, origin, true, "/api/v1/me")
	signIn(t, host, en, "Thandiwe", testPassword)
	follow(t, host, `#nav-list a[href="/orgs/`+h.orgH+`/hosting"]`)
	pageText(t, host, "#main h1", en["hosting.title"])
	pageText(t, host, "[data-requests] strong", "Coletivo Kianda")
	checkScreen(t, host, "hosting: a request")
	clickText(t, host, "[data-requests] button", en["hosting.confirm"])
	waitStatus(t, host, fill(en["hosting.confirmed"], map[string]string{"name": "Coletivo Kianda"}))
	pageText(t, host, "[data-hosted] strong", "Coletivo Kianda")
	checkScreen(t, host, "hosting: a group hosted")

	kianda.do(t, "open the exchange", chromedp.Navigate(origin+"/orgs/"+h.orgE+"/exchanges/"+h.exchangeID))
	clickText(t, kianda, "#main button", fill(en["hosting.bring"], amigos))
	waitStatus(t, kianda, fill(en["hosting.brought"], amigos))
	pageText(t, kianda, "[data-exchange-host]", fill(en["hosting.exchangeHost"], map[string]string{"host": "Amigos da Rua", "hosted": "Coletivo Kianda"}))
	checkScreen(t, kianda, "exchange with its host")

	host.do(t, "open the exchange as its host", chromedp.Navigate(origin+"/orgs/"+h.orgH+"/exchanges/"+h.exchangeID))
	pageText(t, host, ".exchange-host p", fill(en["hosting.exchangeWeHost"], map[string]string{"hosted": "Coletivo Kianda"}))
	pageText(t, host, "#main h1", fill(en["exchange.between"], map[string]string{"learner": "Coletivo Kianda", "mentor": "Ikhaya Peer Collective"}))
	pageText(t, host, "[data-our-part]", fill(en["exchange.weHost"], map[string]string{"hosted": "Coletivo Kianda"}))
	if n := pageValue(t, host, "work forms", chromedp.Evaluate[int](`document.querySelectorAll('#goal-text, #session-date').length`)); n != 0 {
		t.Errorf("the host sees %d forms to work in the exchange, which it may not", n)
	}
	host.do(t, "open the exchange room", chromedp.Navigate(origin+"/rooms/"+h.roomID), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	chatSay(t, host, "Olá, somos a vossa anfitriã")
	waitChat(t, host, "the host writes in the room", "Olá, somos a vossa anfitriã")
	checkScreen(t, host, "the exchange room, as its host")

	choosePortuguese(t, host)
	visitPT(t, host, "/orgs/"+h.orgH+"/hosting", pt["hosting.title"])
	kianda.clean(t)
}
