package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// TestBrowserPrivacy: a member downloads their data and deletes their account through
// the screens, in English, with a look at the page in Portuguese and at 360 px; a lead
// offboards the organisation from its page the same way. The downloaded file is the export
// (JSON with the member's pseudonym); after the deletion signing in fails.
func TestBrowserPrivacy(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	chrome := startBrowser(t)
	en, pt := appStrings(t, "en"), appStrings(t, "pt")
	anon := apitest.New(t, srv.URL, srv.URL)
	admin := adminOf(t, srv)
	lead, orgID := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
	name := canary("Quokka")
	joinedMember(t, lead, anon, orgID, name)

	downloads := t.TempDir()
	tb := newTab(t, chrome, srv.URL, false, "/api/v1/me", "/api/v1/auth/login")
	tb.do(t, "allow downloads", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}))
	signIn(t, tb, en, name, testPassword)
	tb.do(t, "open settings", chromedp.Navigate(srv.URL+"/settings"))
	clickText(t, tb, "#main a", en["privacy.settingsLink"])
	pageText(t, tb, "#main h1", en["privacy.title"])
	if p := pathNow(t, tb); p != "/settings/privacy" {
		t.Fatalf("the settings link leads to %s, want /settings/privacy", p)
	}
	checkScreen(t, tb, "privacy")

	// Export: the button fetches the one-time link and the browser saves the file.
	tb.do(t, "export", chromedp.Click(chromedp.CSS("#export")))
	waitStatus(t, tb, en["privacy.exportDone"])
	var file []byte
	if !eventually(stepTimeout, func() bool {
		data, err := os.ReadFile(filepath.Join(downloads, "cascade-export.json"))
		file = data
		return err == nil && json.Valid(data)
	}) {
		entries, _ := os.ReadDir(downloads)
		t.Fatalf("no cascade-export.json downloaded (folder: %v)", entries)
	}
	var export struct {
		Account struct {
			Pseudonym string `json:"pseudonym"`
		} `json:"account"`
		Organisations []struct {
			Name string `json:"name"`
		} `json:"organisations"`
	}
	if err := json.Unmarshal(file, &export); err != nil || export.Account.Pseudonym != name ||
		len(export.Organisations) != 1 || export.Organisations[0].Name != "Coletivo Kianda" {
		t.Errorf("the downloaded export: %.300s (%v), want %s's account in Coletivo Kianda", file, err, name)
	}
	if !bytes.Contains(file, []byte(name)) {
		t.Errorf("the downloaded file does not hold the pseudonym")
	}

	// The page in Portuguese, and at 360 px without sideways scrolling.
	choosePortuguese(t, tb)
	pageText(t, tb, "#main h1", pt["privacy.title"])
	pageText(t, tb, "#delete-h", pt["privacy.deleteTitle"])
	checkScreen(t, tb, "privacy pt")
	tb.do(t, "back to English", chromedp.SetValue(chromedp.CSS("#lang"), "en"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('lang').dispatchEvent(new Event('change'))`))
	pageText(t, tb, "#main h1", en["privacy.title"])
	tb.do(t, "360 px", chromedp.EmulateViewport(360, 800))
	if w := pageValue(t, tb, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("at 360 px the page is %d px wide", w)
	}
	tb.do(t, "viewport back", chromedp.EmulateViewport(1024, 768))

	// Delete, by keyboard: choose, continue, and the confirmation takes the focus.
	check(t, tb, "input[name=messages][value=wipe]")
	tb.do(t, "continue with Enter", chromedp.Focus(chromedp.CSS("#main form [type=submit]")), chromedp.KeyEvent(kb.Enter))
	pageWait(t, tb, "the confirmation has the focus", `document.activeElement && document.activeElement.id === 'delete-confirm-h'`)
	pageText(t, tb, "#delete-confirm-h", fill(en["privacy.confirmTitle"], map[string]string{"name": name}))
	confirm := pageValue(t, tb, "the consequences", chromedp.Evaluate[string](`document.querySelector('[aria-labelledby=delete-confirm-h] ul').textContent`))
	for _, k := range []string{"privacy.confirmAccount", "privacy.confirmWipe", "privacy.confirmReports"} {
		if !strings.Contains(confirm, en[k]) {
			t.Errorf("the confirmation does not say %q", en[k])
		}
	}
	if strings.Contains(confirm, en["privacy.confirmKeep"]) {
		t.Errorf("the confirmation of wiping says the messages are kept")
	}
	checkScreen(t, tb, "delete confirmation")
	typeText(t, tb, "#delete-password", "not the password")
	tb.do(t, "confirm with the wrong password", chromedp.Click(chromedp.CSS("[aria-labelledby=delete-confirm-h] button[type=submit]")))
	pageText(t, tb, "#delete-error", en["error.invalid_credentials"])
	if got := meFromPage(t, tb); got.Status != http.StatusOK {
		t.Fatalf("a wrong password deleted the account (me: %d)", got.Status)
	}
	tb.do(t, "clear the password", chromedp.Evaluate[chromedp.Void](`document.getElementById('delete-password').value = ''`))
	typeText(t, tb, "#delete-password", testPassword)
	tb.do(t, "confirm", chromedp.Click(chromedp.CSS("[aria-labelledby=delete-confirm-h] button[type=submit]")))
	pageText(t, tb, "#main h1", en["privacy.deletedTitle"])
	checkScreen(t, tb, "account deleted")
	if got := meFromPage(t, tb); got.Status != http.StatusUnauthorized {
		t.Errorf("after deletion /api/v1/me answers %d, want 401", got.Status)
	}
	tb.do(t, "sign in again", chromedp.Navigate(srv.URL+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#signin-pseudonym")),
		chromedp.SendKeys(chromedp.CSS("#signin-pseudonym"), name),
		chromedp.SendKeys(chromedp.CSS("#signin-password"), testPassword),
		chromedp.Click(chromedp.CSS("#main form [type=submit]")))
	pageWait(t, tb, "sign-in refused", `[...document.querySelectorAll('#main [role=alert]')].some((e) => e.textContent.trim() !== '')`)
	if r := anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": name, "password": testPassword}); r.Status != http.StatusUnauthorized {
		t.Errorf("signing in as the deleted account: %d, want 401", r.Status)
	}
	tb.clean(t)

	// The lead's organisation page leads to offboarding, which explains and confirms.
	lt := newTab(t, chrome, srv.URL, true, "/api/v1/me")
	signIn(t, lt, en, "Esperança", testPassword)
	lt.do(t, "open the organisation", chromedp.Navigate(srv.URL+"/orgs/"+orgID))
	clickText(t, lt, "#main a", en["privacy.offboardLink"])
	pageText(t, lt, "#main h1", fill(en["privacy.offboardTitle"], map[string]string{"name": "Coletivo Kianda"}))
	checkScreen(t, lt, "offboard")
	check(t, lt, "input[name=messages][value=keep]")
	submitForm(t, lt, "#main form")
	pageWait(t, lt, "the confirmation has the focus", `document.activeElement && document.activeElement.id === 'offboard-confirm-h'`)
	checkScreen(t, lt, "offboard confirmation")
	clickText(t, lt, "#main button", en["privacy.back"])
	pageWait(t, lt, "back to the choice", `!!document.querySelector('input[name=messages][value=keep]:checked')`)
	// Offboarding goes through: the lead belonged only here, so their account goes too.
	submitForm(t, lt, "#main form")
	typeText(t, lt, "#offboard-password", testPassword)
	lt.do(t, "confirm offboarding", chromedp.Click(chromedp.CSS("[aria-labelledby=offboard-confirm-h] button[type=submit]")))
	pageText(t, lt, "#main h1", fill(en["privacy.offboardedTitle"], map[string]string{"name": "Coletivo Kianda"}))
	checkScreen(t, lt, "offboarded")
	if r := anon.Clone().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Esperança", "password": testPassword}); r.Status != http.StatusUnauthorized {
		t.Errorf("signing in as the offboarded lead: %d, want 401", r.Status)
	}
	admin.Do(http.MethodGet, "/api/v1/admin/organisations/"+orgID, nil).Want(404)
	lt.clean(t)
}
