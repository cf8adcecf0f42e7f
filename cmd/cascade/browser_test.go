package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/cascade-platform/cascade/frontend"
	"github.com/cascade-platform/cascade/internal/apitest"
)

// The browser tests drive the real server's web app in headless Chromium:
// Debian's chromium package, which .ci/run installs. Without it they skip.

// stepTimeout bounds every browser step: nothing here waits longer for the page.
const stepTimeout = 15 * time.Second

const sessionCookieName = "__Host-cascade_session"

// chromiumCandidates are the places Chromium is looked for, Debian's first.
var chromiumCandidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser"}

func findChromium(t testing.TB) string {
	t.Helper()
	for _, name := range chromiumCandidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "Chromium is not installed (looked for /usr/bin/chromium, chromium, chromium-browser); " +
		"install Debian's chromium package to run the browser tests (.ci/run does)"
	if os.Getenv("CASCADE_REQUIRE_CHROMIUM") != "" {
		t.Fatal(why) // CI installs it: a missing browser is a failure there, not a skip
	}
	t.Skip(why)
	return ""
}

// strings of the app, read from the embedded i18n files, so the test follows
// the translations instead of repeating them.
func appStrings(t testing.TB, lang string) map[string]string {
	t.Helper()
	data, err := fs.ReadFile(frontend.Files(), "i18n/"+lang+".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("i18n/%s.json: %v", lang, err)
	}
	return m
}

// hasSocketModule tells whether the web app has its WebSocket module; the app
// imports it lazily and carries on without it.
func hasSocketModule() bool {
	_, err := fs.Stat(frontend.Files(), "socket.js")
	return err == nil
}

// startBrowser starts headless Chromium with a fresh profile and returns the
// context of its first tab. Cleanup closes the browser and checks that no
// process of it is left.
func startBrowser(t testing.TB) context.Context {
	t.Helper()
	exe := findChromium(t)
	// Everything of this browser lives in one fresh folder: the profile, and
	// through XDG_* the crash database and cache that Chromium otherwise keeps
	// in the home folder. Every process it starts names the folder on its
	// command line, so the cleanup can tell that none is left. t.TempDir's
	// removal runs after the cleanup below, which closes the browser first.
	root := t.TempDir()
	profile := filepath.Join(root, "profile")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Env("XDG_CONFIG_HOME="+filepath.Join(root, "config"), "XDG_CACHE_HOME="+filepath.Join(root, "cache")),
		chromedp.NoSandbox, // root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		// No name is ever looked up: the machine has no network, and a lookup
		// that waits for a resolver must not stall the test. Loopback stays reachable.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1024, 768),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()      // closes the browser
		cancelAlloc() // and waits for its process
		// Helpers such as the crash handler end on their own once the browser has.
		var left []int
		if !eventually(5*time.Second, func() bool { left = processesUnder(root); return len(left) == 0 }) {
			killAll(left)
			t.Errorf("Chromium processes left 5 s after the browser closed: %v", left)
		}
	})

	// The first Do starts the browser and binds it to ctx, so it gets no
	// deadline of its own; a start that hangs is cut off here instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium (%s): %v", exe, err)
		}
	case <-time.After(30 * time.Second):
		cancel()
		<-started
		t.Fatalf("Chromium (%s) did not start within 30 s", exe)
	}
	if n := len(processesUnder(root)); n < 2 {
		t.Fatalf("found %d Chromium processes naming %s; the leftover check would see nothing", n, root)
	}
	return ctx
}

// processesUnder lists the processes whose command line names a path under
// dir. Chromium rewrites its helpers' command lines into one string with
// spaces (its process titles), so this looks for the text, not for one argument.
func processesUnder(dir string) []int {
	want := []byte(dir + string(filepath.Separator))
	self := os.Getpid()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(cmdline, want) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func killAll(pids []int) {
	for _, pid := range pids {
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill()
		}
	}
}

// cspProbe runs before the page's own scripts in every document and keeps the
// Content-Security-Policy violations the page raises, also as console errors.
const cspProbe = `(() => {
  const seen = [];
  Object.defineProperty(window, '__cspViolations', { value: seen });
  window.addEventListener('securitypolicyviolation', (e) => {
    const what = e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber;
    seen.push(what);
    console.error('CSP violation: ' + what);
  }, true);
})();`

// browserTab is one browser tab and what it reported: console and log messages that
// are problems, and every request it made.
type browserTab struct {
	ctx    context.Context
	origin string // the server's origin: every request must go there

	mu        sync.Mutex
	problems  []string
	requests  []string
	received  float64         // bytes received over the network (headers and bodies, as sent)
	inflight  int             // requests sent and not yet finished or failed
	allow401  map[string]bool // API paths that may answer 401 in this tab (signed-out checks)
	offOrigin map[string]bool // URLs outside the origin this tab may request (the quick-exit target)
}

// newTab opens a tab. isolated gives it a browser context of its own: no
// cookies or storage shared with other tabs. The tab closes when t ends.
func newTab(t testing.TB, browser context.Context, origin string, isolated bool, allow401 ...string) *browserTab {
	t.Helper()
	var opts []chromedp.ContextOption
	if isolated {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	tb := &browserTab{origin: origin, allow401: map[string]bool{}, offOrigin: map[string]bool{}}
	for _, p := range allow401 {
		tb.allow401[p] = true
	}
	opts = append(opts, chromedp.WithListener(tb.record))
	ctx, cancel := chromedp.NewContext(browser, opts...)
	t.Cleanup(cancel)
	tb.ctx = ctx
	// The first Do opens the tab and ties it to the context it gets, so it
	// gets the tab's own context, not one with a step's deadline.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	tb.do(t, "install the CSP probe", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe})
		return err
	}))
	return tb
}

// record runs in the tab's event loop, in the order Chrome sent the events, so
// when a command returns every event before it has been recorded.
func (tb *browserTab) record(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
			tb.problems = append(tb.problems, fmt.Sprintf("console.%s: %s", ev.Type, remoteText(ev.Args)))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e.Level != cdplog.EntryLevelError && e.Level != cdplog.EntryLevelWarning {
			return
		}
		// Chrome logs every 4xx answer to a fetch as an error. The app asks
		// /api/v1/me to learn whether someone is signed in, so a signed-out
		// page gets a 401 there by design; only the paths a test expects pass.
		if e.Source == cdplog.EntrySourceNetwork && strings.Contains(e.Text, "status of 401") {
			if u, err := url.Parse(e.URL); err == nil && tb.allow401[u.Path] && strings.HasPrefix(e.URL, tb.origin+"/") {
				return
			}
		}
		if e.Source == cdplog.EntrySourceNetwork && strings.Contains(e.Text, "status of 404") && strings.HasSuffix(e.URL, "/socket.js") && !hasSocketModule() {
			return // the web app runs without live updates until socket.js exists
		}
		tb.problems = append(tb.problems, fmt.Sprintf("log %s/%s %s: %s", e.Source, e.Level, e.URL, e.Text))
	case *network.EventRequestWillBeSent:
		tb.requests = append(tb.requests, ev.Request.URL)
		tb.inflight++
	case *network.EventLoadingFinished:
		tb.received += ev.EncodedDataLength
		tb.inflight--
	case *network.EventLoadingFailed:
		tb.inflight--
	}
}

func remoteText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		var s string
		if a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &s) == nil {
			parts = append(parts, s)
		} else if a.Description != "" {
			parts = append(parts, a.Description)
		} else {
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

// clean fails t when the tab reported a problem, raised a CSP violation or
// requested anything outside the server's origin.
func (tb *browserTab) clean(t testing.TB) {
	t.Helper()
	csp := pageValue(t, tb, "read CSP violations", chromedp.Evaluate[[]string](`window.__cspViolations || []`))
	for _, v := range csp {
		t.Errorf("CSP violation: %s", v)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		t.Errorf("page reported: %s", p)
	}
	for _, u := range tb.requests {
		// data: URLs never leave the browser (Chromium draws a date field's icon from one).
		if !strings.HasPrefix(u, tb.origin+"/") && !tb.offOrigin[u] && !strings.HasPrefix(u, "data:") {
			t.Errorf("request outside the server's origin: %s", u)
		}
	}
}

// settled waits until no request of the tab is under way, and returns the
// bytes received so far.
func (tb *browserTab) settled(t testing.TB) float64 {
	t.Helper()
	quiet := func() bool { tb.mu.Lock(); defer tb.mu.Unlock(); return tb.inflight <= 0 }
	if !eventually(stepTimeout, quiet) {
		t.Fatalf("requests still under way after %s", stepTimeout)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.received
}

func (tb *browserTab) requested() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.requests...)
}

// do runs steps with a deadline; on failure it shows what the page shows.
func (tb *browserTab) do(t testing.TB, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v%s", what, err, tb.describe())
	}
}

// pageValue runs one action with a deadline and returns its value.
func pageValue[T any](t testing.TB, tb *browserTab, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v%s", what, err, tb.describe())
	}
	return v
}

// describe is the page's address, visible text and reports, for failure messages.
func (tb *browserTab) describe() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + '\n' + (document.body ? document.body.innerText : '')`))
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return fmt.Sprintf("\n--- page:\n%s\n--- reports: %q", text, tb.problems)
}

// pageWait polls a JavaScript predicate until it is true. It polls on an interval,
// not on animation frames, which a tab in the background does not get.
func pageWait(t testing.TB, tb *browserTab, what, predicate string) {
	t.Helper()
	tb.do(t, what, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(stepTimeout)))
}

// pageText waits until the element sel shows exactly want.
func pageText(t testing.TB, tb *browserTab, sel, want string) {
	t.Helper()
	js, _ := json.Marshal([]string{sel, want})
	pageWait(t, tb, fmt.Sprintf("%s shows %q", sel, want),
		fmt.Sprintf(`(([s, w]) => { const el = document.querySelector(s); return !!el && el.textContent.trim() === w; })(%s)`, js))
}

// meFromPage asks /api/v1/me from inside the page, with its cookies.
type meView struct {
	Status int `json:"status"`
	Body   struct {
		User struct {
			Pseudonym string `json:"pseudonym"`
		} `json:"user"`
		Organisations []struct {
			Name string `json:"name"`
		} `json:"organisations"`
		PlatformRoles []string `json:"platform_roles"`
	} `json:"body"`
}

func meFromPage(t testing.TB, tb *browserTab) meView {
	t.Helper()
	return pageValue(t, tb, "GET /api/v1/me from the page", chromedp.Evaluate[meView](
		`fetch('/api/v1/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
		   .then(async (r) => ({ status: r.status, body: r.ok ? await r.json() : {} }))`,
		chromedp.EvalAwaitPromise))
}

func browserSession(t testing.TB, tb *browserTab) string {
	t.Helper()
	res := pageValue(t, tb, "read cookies", func(ctx context.Context, target *chromedp.Target) (*network.GetCookiesResult, error) {
		r, err := cdp.Call(ctx, target, network.GetCookies, network.GetCookiesParams{URLs: []string{tb.origin + "/"}})
		return &r, err
	})
	for _, c := range res.Cookies {
		if c.Name == sessionCookieName {
			return c.Value
		}
	}
	return ""
}

// createAccount fills the new-account form of /setup or /join and returns the
// recovery codes shown afterwards, then confirms them.
func createAccount(t testing.TB, tb *browserTab, pseudonym, password string) []string {
	t.Helper()
	tb.do(t, "fill the new-account form",
		chromedp.WaitVisible(chromedp.CSS("#new-pseudonym")),
		chromedp.SendKeys(chromedp.CSS("#new-pseudonym"), pseudonym),
		chromedp.SendKeys(chromedp.CSS("#new-password"), password),
		chromedp.Click(chromedp.CSS("#main form [type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("ol.codes li")),
	)
	codes := pageValue(t, tb, "read the recovery codes", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('ol.codes li')].map((li) => li.textContent.trim())`))
	tb.do(t, "confirm the recovery codes", chromedp.Click(chromedp.CSS("[data-done]")))
	return codes
}

func checkCodes(t testing.TB, codes []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range codes {
		if c == "" || seen[c] {
			t.Errorf("recovery codes %q: empty or repeated code %q", codes, c)
		}
		seen[c] = true
	}
	if len(codes) != 10 {
		t.Errorf("got %d recovery codes, want 10: %q", len(codes), codes)
	}
}

// signIn signs in through /signin and waits for the signed-in home page.
func signIn(t testing.TB, tb *browserTab, en map[string]string, pseudonym, password string) {
	t.Helper()
	tb.do(t, "sign in",
		chromedp.Navigate(tb.origin+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#signin-pseudonym")),
		chromedp.SendKeys(chromedp.CSS("#signin-pseudonym"), pseudonym),
		chromedp.SendKeys(chromedp.CSS("#signin-password"), password),
		chromedp.Click(chromedp.CSS("#main form [type=submit]")),
	)
	pageText(t, tb, "[data-me]", strings.ReplaceAll(en["home.signedInAs"], "{pseudonym}", pseudonym))
}

// TestBrowser walks the web app in headless Chromium against the real server:
// the journeys of an applicant, the admin, leads, a mentor organisation and a
// member, then every screen in both languages, light and dark.
func TestBrowser(t *testing.T) {
	exe := findChromium(t)
	srv := startServer(t, t.TempDir())
	browser := startBrowser(t)
	t.Logf("Chromium: %s; server: %s", exe, srv.URL)
	en, pt := appStrings(t, "en"), appStrings(t, "pt")
	origin := srv.URL
	anon := apitest.New(t, srv.URL, srv.URL)

	t.Run("Landing", func(t *testing.T) {
		tb := newTab(t, browser, origin, true, "/api/v1/me")
		tb.do(t, "open /", chromedp.Navigate(origin+"/"))
		pageText(t, tb, "#main h1", en["home.title"])
		pageText(t, tb, "#main a.button[href='/signin']", en["home.signIn"])
		if title := pageValue(t, tb, "title", chromedp.Title()); title != en["home.title"]+" · Cascade" {
			t.Errorf("title %q", title)
		}
		// Every asset of the page comes from the release's fingerprinted folder.
		for _, u := range tb.requested() {
			if strings.HasSuffix(u, ".js") || strings.HasSuffix(u, ".css") || strings.HasSuffix(u, ".json") {
				if !strings.HasPrefix(u, origin+"/s/") {
					t.Errorf("asset requested outside the fingerprinted folder: %s", u)
				}
			}
		}
		checkScreen(t, tb, "landing")
		if len(tb.requested()) < 5 { // the page, its CSS, its modules, i18n, /api/v1/me
			t.Errorf("saw only %d requests, the network listener may be broken: %q", len(tb.requested()), tb.requested())
		}
		// axe-core does see a problem: a button without a name.
		tb.do(t, "add a nameless button", chromedp.Evaluate[chromedp.Void](`document.getElementById('main').append(document.createElement('button'))`))
		if v := axeViolations(t, tb, "landing with a nameless button"); !slices.ContainsFunc(v, func(v axeViolation) bool { return v.ID == "button-name" }) {
			t.Errorf("axe-core did not report the nameless button: %+v", v)
		}
		// The probe does see a violation: an image from a data: URL is not 'self'.
		tb.do(t, "cause a CSP violation", chromedp.Evaluate[chromedp.Void](
			`document.body.append(Object.assign(document.createElement('img'), { src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }))`))
		pageWait(t, tb, "the CSP probe reports the violation", `window.__cspViolations.length > 0`)
	})

	// A first visit to the sign-in page transfers at most 150 KB; a second one
	// only the HTML shell and API data: every asset is cached immutable.
	t.Run("Weight", func(t *testing.T) {
		tb := newTab(t, browser, origin, true, "/api/v1/me")
		tb.do(t, "open /signin", chromedp.Navigate(origin+"/signin"))
		pageText(t, tb, "#main h1", en["signin.title"])
		first := tb.settled(t)
		t.Logf("first visit to /signin: %.1f KB in %d requests", first/1024, len(tb.requested()))
		if first > 150*1024 || first < 10*1024 {
			t.Errorf("first visit to /signin transferred %.1f KB, want 10-150 KB", first/1024)
		}
		n := len(tb.requested())
		tb.do(t, "open /signin again", chromedp.Navigate(origin+"/signin"))
		pageText(t, tb, "#main h1", en["signin.title"])
		second := tb.settled(t) - first
		t.Logf("second visit: %.1f KB", second/1024)
		if second > 8*1024 {
			t.Errorf("second visit to /signin transferred %.1f KB (requests %q), want only the shell and API data", second/1024, tb.requested()[n:])
		}
		tb.clean(t)
	})

	const adminPseudonym = "Kestrel"
	admin := newTab(t, browser, origin, true, "/api/v1/me")
	t.Run("Setup", func(t *testing.T) {
		token := srv.setupToken(t)
		tb := admin
		tb.do(t, "open the setup link", chromedp.Navigate(origin+"/setup#"+token))
		tb.do(t, "wait for the form", chromedp.WaitVisible(chromedp.CSS("#new-pseudonym")))
		if loc := pageValue(t, tb, "location", chromedp.Location()); loc != origin+"/setup" {
			t.Errorf("address bar shows %q, want %q without the token", loc, origin+"/setup")
		}
		codes := createAccount(t, tb, adminPseudonym, testPassword)
		checkCodes(t, codes)
		pageText(t, tb, "[data-me]", fill(en["home.signedInAs"], map[string]string{"pseudonym": adminPseudonym}))
		hist := pageValue(t, tb, "history", chromedp.NavigationEntries())
		for _, e := range hist.Entries {
			if strings.Contains(e.URL, token) {
				t.Errorf("history keeps the setup token: %s", e.URL)
			}
		}
		if kept := pageValue(t, tb, "session storage", chromedp.Evaluate[string](`JSON.stringify(sessionStorage) + JSON.stringify(localStorage)`)); strings.Contains(kept, token) {
			t.Errorf("client storage keeps the setup token: %s", kept)
		}
		me := meFromPage(t, tb)
		if me.Status != 200 || me.Body.User.Pseudonym != adminPseudonym || !slices.Contains(me.Body.PlatformRoles, "admin") {
			t.Errorf("/api/v1/me from the page: %+v, want 200 for %s with the admin role", me, adminPseudonym)
		}
		checkScreen(t, tb, "home-admin")
	})
	if t.Failed() {
		return
	}

	// The mentor organisation applies through the API and is approved there; the
	// learning organisation does all of it in the browser.
	adminAPI := login(t, anon, adminPseudonym)
	mentorProfile := establishedProfile("Sisonke Mentors")
	mentorProfile["offers"] = []any{map[string]any{"topic": "rights_legal_literacy", "level": 3}, map[string]any{"topic": "peer_outreach", "level": 2}}
	_, mentorOrg := apply(t, anon, "Naledi", mentorProfile)
	mustStatus(t, adminAPI.Do(http.MethodPost, "/api/v1/admin/organisations/"+mentorOrg+"/approve", nil), 200, "approve the mentor organisation")

	const leadPseudonym, orgName = "Amara", "Coletivo Kianda"
	lead := newTab(t, browser, origin, true, "/api/v1/me")
	var orgID string
	t.Run("Apply", func(t *testing.T) {
		tb := lead
		tb.do(t, "open the start page", chromedp.Navigate(origin+"/"))
		clickText(t, tb, "#main a", en["home.applyButton"])
		pageText(t, tb, "#main h1", en["apply.title"])
		typeText(t, tb, "#new-pseudonym", leadPseudonym)
		typeText(t, tb, "#new-password", testPassword)
		typeText(t, tb, "#pf-name", orgName)
		typeText(t, tb, "#pf-country", "ao")
		typeText(t, tb, "#pf-languages", "pt")
		check(t, tb, "input[name=stage][value=emerging]")
		check(t, tb, "input[name=legal][value=registered]")
		check(t, tb, "input[name=populations][value=female_sex_workers]")
		check(t, tb, "input[name=formats][value=online_mentoring]")
		setField(t, tb, "#needs-rights_legal_literacy", "3")
		// Switching the language redraws the form in place: nothing typed is lost.
		choosePortuguese(t, tb)
		pageText(t, tb, "#main h1", pt["apply.title"])
		pageText(t, tb, "label[for=pf-name]", pt["profile.name"])
		if v := pageValue(t, tb, "typed values", chromedp.Evaluate[string](`[document.getElementById('pf-name').value, document.getElementById('new-pseudonym').value, document.getElementById('needs-rights_legal_literacy').value, String(document.querySelector('input[name=stage][value=emerging]').checked)].join('|')`)); v != orgName+"|"+leadPseudonym+"|3|true" {
			t.Errorf("after switching the language the form holds %q", v)
		}
		tb.do(t, "back to English", chromedp.SetValue(chromedp.CSS("#lang"), "en"),
			chromedp.Evaluate[chromedp.Void](`document.getElementById('lang').dispatchEvent(new Event('change'))`))
		pageText(t, tb, "#main h1", en["apply.title"])
		checkScreen(t, tb, "apply")
		submitForm(t, tb, "#main form")
		tb.do(t, "the recovery codes show", chromedp.WaitVisible(chromedp.CSS("ol.codes li")))
		checkCodes(t, pageValue(t, tb, "read the codes", chromedp.Evaluate[[]string](`[...document.querySelectorAll('ol.codes li')].map((li) => li.textContent.trim())`)))
		checkScreen(t, tb, "recovery-codes")
		tb.do(t, "confirm the codes", chromedp.Click(chromedp.CSS("[data-done]")))
		pageText(t, tb, "#main h1", orgName)
		pageText(t, tb, "#status-h", fill(en["org.statusTitle"], map[string]string{"status": en["org.status.pending"]}))
		pageText(t, tb, "#main section p", en["org.next.pending"])
		orgID = strings.TrimPrefix(pathNow(t, tb), "/orgs/")
		checkScreen(t, tb, "organisation-pending")
	})
	if t.Failed() {
		return
	}

	t.Run("AdminApproves", func(t *testing.T) {
		tb := admin
		// The application reached the admin as an alert that leads to it.
		tb.do(t, "open the notifications", chromedp.Navigate(origin+"/notifications"))
		pageWait(t, tb, "the alert links to the application", `!!document.querySelector('#main a[href="/admin/orgs/`+orgID+`"]')`)
		tb.do(t, "open the admin's list", chromedp.Navigate(origin+"/"))
		clickText(t, tb, "nav a", en["nav.adminOrgs"])
		pageText(t, tb, "#main h2", en["org.statusName.pending"])
		checkScreen(t, tb, "admin-organisations")
		clickText(t, tb, "#main a", orgName)
		pageText(t, tb, "#main h1", orgName)
		pageText(t, tb, "[data-status]", en["org.statusName.pending"])
		checkScreen(t, tb, "admin-application")
		clickText(t, tb, "#main button", en["admin.approve"])
		pageText(t, tb, "[data-status]", en["org.statusName.approved"])
		waitStatus(t, tb, en["admin.approved"])
		tb.clean(t)
	})

	t.Run("LeadSeesApproval", func(t *testing.T) {
		tb := lead
		tb.do(t, "reload the organisation", chromedp.Reload())
		pageText(t, tb, "#status-h", fill(en["org.statusTitle"], map[string]string{"status": en["org.status.approved"]}))
		checkScreen(t, tb, "organisation")
	})

	member := newTab(t, browser, origin, true, "/api/v1/me")
	var memberCodes []string
	t.Run("InviteAndJoin", func(t *testing.T) {
		tb := lead
		clickText(t, tb, "nav a", en["nav.members"])
		pageText(t, tb, "#main h1", en["members.title"])
		clickText(t, tb, "#main button", en["members.createInvite"])
		pageWait(t, tb, "the link shows", `(document.getElementById('invite-link')?.value || '').includes('/join#')`)
		link := pageValue(t, tb, "read the link", chromedp.Evaluate[string](`document.getElementById('invite-link').value`))
		checkScreen(t, tb, "members")

		member.do(t, "open the invitation", chromedp.Navigate(link))
		pageWait(t, member, "the invitation names the organisation", `(document.querySelector('[data-invite]')?.textContent || '').includes('Coletivo Kianda')`)
		if loc := pageValue(t, member, "location", chromedp.Location()); loc != origin+"/join" {
			t.Errorf("address bar shows %q, want %q without the token", loc, origin+"/join")
		}
		checkScreen(t, member, "join")
		memberCodes = createAccount(t, member, "Teresa", testPassword)
		checkCodes(t, memberCodes)
		pageText(t, member, "[data-me]", fill(en["home.signedInAs"], map[string]string{"pseudonym": "Teresa"}))
		pageWait(t, member, "the organisation is listed", `(document.querySelector('#main .cards')?.textContent || '').includes('Coletivo Kianda')`)
		checkScreen(t, member, "home-member")

		// The lead sees the new member and names her a mentor.
		tb.do(t, "reload members", chromedp.Reload())
		clickText(t, tb, "#main button", fill(en["members.nameMentor"], map[string]string{"pseudonym": "Teresa"}))
		waitStatus(t, tb, fill(en["members.mentorNamed"], map[string]string{"pseudonym": "Teresa"}))

		// An invitation not used yet can be revoked.
		clickText(t, tb, "#main button", en["members.createInvite"])
		pageWait(t, tb, "one open invitation", `document.querySelectorAll('#invites-h ~ .rows li').length === 1`)
		tb.do(t, "revoke it", chromedp.Click(chromedp.CSS("#invites-h ~ .rows li button")))
		waitStatus(t, tb, en["members.revoked"])
		pageWait(t, tb, "no open invitation", `document.querySelectorAll('#invites-h ~ .rows li').length === 0`)
		tb.clean(t)
	})

	var requestPath string
	t.Run("ProfileAndRequest", func(t *testing.T) {
		tb := lead
		tb.do(t, "open the profile", chromedp.Navigate(origin+"/orgs/"+orgID+"/profile"))
		pageText(t, tb, "#main h1", en["profile.title"])
		typeText(t, tb, "#pf-about", "Peer educators in Luanda.")
		setField(t, tb, "#offers-peer_outreach", "1")
		checkScreen(t, tb, "profile")
		submitForm(t, tb, "#main form")
		waitStatus(t, tb, en["profile.saved"])

		clickText(t, tb, "nav a", en["nav.requests"])
		pageText(t, tb, "#main h1", en["requests.title"])
		setField(t, tb, "#rq-rights_legal_literacy", "3")
		typeText(t, tb, "#rq-goals", "Know our rights when police stop us.")
		checkScreen(t, tb, "requests")
		submitForm(t, tb, "#main form")
		pageText(t, tb, "#main h1", en["request.title"])
		requestPath = pathNow(t, tb)
		// The ranked suggestion explains its score: one bar per criterion.
		pageWait(t, tb, "Sisonke is suggested with its points", `[...document.querySelectorAll('.suggestions li.card')].some((c) => c.textContent.includes('Sisonke Mentors') && c.querySelectorAll('meter').length === 5)`)
		for _, c := range []string{"topics", "geography", "populations", "track_record", "load"} {
			pageWait(t, tb, "criterion "+c+" is named", fmt.Sprintf(`[...document.querySelectorAll('.suggestions .criterion')].some((e) => e.textContent === %q)`, en["criterion."+c]))
		}
		checkScreen(t, tb, "request-suggestions")
		clickText(t, tb, "#main button", fill(en["request.send"], map[string]string{"name": "Sisonke Mentors"}))
		waitStatus(t, tb, fill(en["request.sent"], map[string]string{"name": "Sisonke Mentors"}))
		pageWait(t, tb, "the proposal is listed", fmt.Sprintf(`document.getElementById('proposals-h').nextElementSibling.textContent !== '' && document.querySelector('#main .rows').textContent.includes(%q)`, en["state.proposed"]))
		tb.clean(t)
	})

	mentor := newTab(t, browser, origin, true, "/api/v1/me")
	var exchangePath string
	t.Run("MentorAccepts", func(t *testing.T) {
		tb := mentor
		signIn(t, tb, en, "Naledi", testPassword)
		// The badge counts the new proposal.
		pageWait(t, tb, "the badge shows 1", `(document.querySelector('nav a[href="/notifications"] .badge')?.textContent || '') === '1'`)
		clickText(t, tb, "nav a", fill(en["nav.notificationsUnread"], map[string]string{"n": "1"}))
		pageText(t, tb, "#main h1", en["notifications.title"])
		pageWait(t, tb, "the notification is listed", fmt.Sprintf(`document.querySelector('#main .rows').textContent.includes(%q)`, fill(en["notification.proposal_received"], map[string]string{"organisation": "Sisonke Mentors"})))
		checkScreen(t, tb, "notifications")
		clickText(t, tb, "#main .rows a", fill(en["notification.proposal_received"], map[string]string{"organisation": "Sisonke Mentors"}))
		pageText(t, tb, "#main h1", en["proposals.title"])
		pageWait(t, tb, "the proposal is explained", `document.querySelectorAll('#main .cards meter').length === 5`)
		// Where the API gives the mentor's leads the request itself, the page shows what it says.
		var incoming struct {
			Proposals []struct {
				Request *struct{ Goals string } `json:"request"`
			} `json:"proposals"`
		}
		login(t, anon, "Naledi").Do(http.MethodGet, "/api/v1/orgs/"+mentorOrg+"/proposals", nil).JSON(&incoming)
		if len(incoming.Proposals) == 1 && incoming.Proposals[0].Request != nil {
			pageWait(t, tb, "the proposal says what the request says", `document.querySelector('#main .cards').textContent.includes('Know our rights when police stop us.')`)
		}
		pageText(t, tb, "#main .cards h2", orgName)
		pageWait(t, tb, "the badge is gone", `!document.querySelector('nav .badge')`)
		checkScreen(t, tb, "proposals")
		clickText(t, tb, "#main button", en["proposals.accept"])
		waitStatus(t, tb, fill(en["proposals.accepted"], map[string]string{"name": orgName}))
		clickText(t, tb, "#main a", en["request.openExchange"])
		pageText(t, tb, "#main h1", fill(en["exchange.with"], map[string]string{"name": orgName}))
		exchangePath = pathNow(t, tb)
		tb.clean(t)
	})
	if exchangePath == "" {
		return
	}
	exchangeID := exchangePath[strings.LastIndex(exchangePath, "/")+1:]

	t.Run("Exchange", func(t *testing.T) {
		tb := mentor
		if href := pageValue(t, tb, "room link", chromedp.Evaluate[string](`document.querySelector('#main a[href^="/rooms/"]')?.getAttribute('href') || ''`)); href != "/rooms/x"+exchangeID {
			t.Errorf("the room link is %q, want /rooms/x%s", href, exchangeID)
		}
		typeText(t, tb, "#goal-text", "Know the three rights")
		submitForm(t, tb, "form.inline-form")
		waitStatus(t, tb, en["exchange.goalAdded"])
		check(t, tb, ".checklist input[type=checkbox]")
		waitStatus(t, tb, fill(en["exchange.goalDone"], map[string]string{"goal": "Know the three rights"}))
		setField(t, tb, "#session-date", "2026-11-20")
		typeText(t, tb, "#session-minutes", "90")
		clickText(t, tb, "#main button", en["exchange.logSession"])
		waitStatus(t, tb, en["exchange.sessionLogged"])
		checkScreen(t, tb, "exchange")
		check(t, tb, "input[name=usefulness][value='5']")
		check(t, tb, "input[name=respect][value='5']")
		typeText(t, tb, "#learned", "How a young collective organises.")
		clickText(t, tb, "#main button", en["exchange.completeSubmit"])
		waitStatus(t, tb, en["exchange.feedbackSent"])
		pageText(t, tb, "#main section[aria-labelledby=complete-h] > p:last-child", en["exchange.waitingOther"])
		tb.clean(t)

		tb = lead
		tb.do(t, "open the exchanges", chromedp.Navigate(origin+"/orgs/"+orgID+"/exchanges"))
		clickText(t, tb, "#main a", fill(en["exchange.with"], map[string]string{"name": "Sisonke Mentors"}))
		pageWait(t, tb, "the goal is ticked", `!!document.querySelector('.checklist input')?.checked`)
		checkScreen(t, tb, "exchanges")
		check(t, tb, "input[name=usefulness][value='4']")
		check(t, tb, "input[name=respect][value='5']")
		clickText(t, tb, "#main button", en["exchange.completeSubmit"])
		pageText(t, tb, "[data-state]", en["state.completed"])
		checkScreen(t, tb, "exchange-completed")
	})

	t.Run("Round", func(t *testing.T) {
		leadAPI := login(t, anon, leadPseudonym)
		mustStatus(t, leadAPI.Do(http.MethodPost, "/api/v1/orgs/"+orgID+"/requests", map[string]any{
			"needs": []any{map[string]any{"topic": "rights_legal_literacy", "priority": 2}}, "goals": "A second round of learning.",
			"formats": []string{"online_mentoring"}, "languages": []string{"pt"},
		}), 201, "a second request")
		tb := admin
		tb.do(t, "open the rounds", chromedp.Navigate(origin+"/"))
		clickText(t, tb, "nav a", en["nav.adminRounds"])
		pageText(t, tb, "#main h1", en["rounds.title"])
		check(t, tb, "input[name=mode][value=optimal]")
		checkScreen(t, tb, "rounds")
		submitForm(t, tb, "#main form")
		pageText(t, tb, "#main h1", en["rounds.roundTitle"])
		pageText(t, tb, "#main .cards h3", fill(en["rounds.pair"], map[string]string{"learner": orgName, "mentor": "Sisonke Mentors"}))
		pageWait(t, tb, "the proposal is explained", `document.querySelectorAll('#main .cards meter').length === 5`)
		pageText(t, tb, "[data-state]", en["rounds.state.draft"])
		checkScreen(t, tb, "round")
		// Leaving the only pair out and running again proposes nothing; taking the rule back restores it.
		pair := fill(en["rounds.pair"], map[string]string{"learner": orgName, "mentor": "Sisonke Mentors"})
		clickText(t, tb, "#main button", fill(en["rounds.banLabel"], map[string]string{"pair": pair}))
		clickText(t, tb, "#main button", en["rounds.rerunButton"])
		waitStatus(t, tb, en["rounds.rerun"])
		pageWait(t, tb, "the round proposes nothing", fmt.Sprintf(`document.getElementById('main').textContent.includes(%q)`, en["rounds.noProposals"]))
		pageWait(t, tb, "the request is left unmatched", `!!document.querySelector('#main .rows li')`)
		clickText(t, tb, "#main button", fill(en["rounds.removeRule"], map[string]string{"pair": pair}))
		clickText(t, tb, "#main button", en["rounds.rerunButton"])
		pageText(t, tb, "#main .cards h3", pair)
		clickText(t, tb, "#main button", en["rounds.publish"])
		waitStatus(t, tb, fill(en["rounds.published.one"], map[string]string{"n": "1"}))
		pageText(t, tb, "[data-state]", en["rounds.state.published"])
		tb.clean(t)

		// The mentor organisation declines the round's proposal, with a reason.
		tb = mentor
		tb.do(t, "open the proposals", chromedp.Navigate(origin+"/orgs/"+mentorOrg+"/proposals"))
		clickText(t, tb, "#main button", en["proposals.decline"])
		tb.do(t, "choose a reason", chromedp.WaitVisible(chromedp.CSS("#main form select")), chromedp.SetValue(chromedp.CSS("#main form select"), "timing"))
		tb.do(t, "say more", chromedp.SendKeys(chromedp.CSS("#main form textarea"), "Back in March."))
		clickText(t, tb, "#main form button", en["proposals.declineSubmit"])
		waitStatus(t, tb, fill(en["proposals.declined"], map[string]string{"name": orgName}))
		pageWait(t, tb, "the proposal shows as declined", fmt.Sprintf(`document.querySelector('#main .cards').textContent.includes(%q)`, en["state.declined"]))
		tb.clean(t)

		// The learning organisation's lead reads the reason and cancels the request.
		tb = lead
		tb.do(t, "open the requests", chromedp.Navigate(origin+"/orgs/"+orgID+"/requests"))
		pageWait(t, tb, "two requests", `document.querySelectorAll('#main .rows li').length === 2`)
		tb.do(t, "open the open one", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`[...document.querySelectorAll('#main .rows li')].find((li) => li.querySelector('.hint').textContent.startsWith(%q)).querySelector('a').click()`, en["state.open"])))
		pageText(t, tb, "[data-state]", en["state.open"])
		pageWait(t, tb, "the decline's reason shows", fmt.Sprintf(`document.getElementById('main').textContent.includes(%q)`, en["reason.timing"]+" — Back in March."))
		tb.do(t, "choose a reason", chromedp.SetValue(chromedp.CSS("#cancel-reason"), "found_other_support"))
		clickText(t, tb, "#main button", en["request.cancelSubmit"])
		waitStatus(t, tb, en["request.cancelled"])
		pageText(t, tb, "[data-state]", en["state.cancelled"])
		tb.clean(t)
	})

	t.Run("AdminRejectsAndDisables", func(t *testing.T) {
		rejectedLead, rejected := apply(t, anon, "Vuyo", emergingProfile("Not Yet Collective"))
		tb := admin
		tb.do(t, "open the application", chromedp.Navigate(origin+"/admin/orgs/"+rejected))
		pageText(t, tb, "[data-status]", en["org.statusName.pending"])
		tb.do(t, "give a reason", chromedp.SendKeys(chromedp.CSS("#reject-reason"), "Please apply once you have a second member."))
		clickText(t, tb, "#main button", en["admin.reject"])
		pageText(t, tb, "[data-status]", en["org.statusName.rejected"])
		waitStatus(t, tb, en["admin.rejected"])
		tb.clean(t)

		// The rejected organisation's lead reads why, and what comes next.
		lt := newTab(t, browser, origin, true, "/api/v1/me")
		signIn(t, lt, en, "Vuyo", testPassword)
		lt.do(t, "open the organisation", chromedp.Navigate(origin+"/orgs/"+rejected))
		pageText(t, lt, "[data-reason]", "Please apply once you have a second member.")
		pageText(t, lt, "#main section p", en["org.next.rejected"])
		checkScreen(t, lt, "organisation-rejected")

		// An account is disabled and enabled again by its id.
		var me struct {
			User struct{ ID string } `json:"user"`
		}
		r := rejectedLead.Do(http.MethodGet, "/api/v1/me", nil)
		mustStatus(t, r, 200, "me")
		r.JSON(&me)
		tb.do(t, "open accounts", chromedp.Navigate(origin+"/admin/accounts"))
		typeText(t, tb, "#account-id", me.User.ID)
		clickText(t, tb, "#main button", en["admin.disable"])
		waitStatus(t, tb, fill(en["admin.accountDisabled"], map[string]string{"pseudonym": "Vuyo"}))
		mustStatus(t, anon.Clone().Invalid().Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"pseudonym": "Vuyo", "password": testPassword}), 401, "a disabled account signs in")
		clickText(t, tb, "#main button", en["admin.enable"])
		waitStatus(t, tb, fill(en["admin.accountEnabled"], map[string]string{"pseudonym": "Vuyo"}))
		login(t, anon, "Vuyo")
		tb.clean(t)
	})

	t.Run("Settings", func(t *testing.T) {
		login(t, anon, leadPseudonym) // a second session, to end from the browser
		tb := lead
		tb.do(t, "open settings", chromedp.Navigate(origin+"/"))
		clickText(t, tb, "nav a", en["nav.settings"])
		pageText(t, tb, "#main h1", en["settings.title"])
		pageWait(t, tb, "the sessions are listed", `document.querySelectorAll('#main .rows li').length >= 2`)
		checkScreen(t, tb, "settings")
		n := pageValue(t, tb, "count sessions", chromedp.Evaluate[int](`document.querySelectorAll('#main .rows li').length`))
		tb.do(t, "end the first other session", chromedp.Click(chromedp.CSS("#main .rows li button")))
		pageWait(t, tb, "one session fewer", fmt.Sprintf(`document.querySelectorAll('#main .rows li').length === %d`, n-1))

		check(t, tb, "#discreet")
		waitStatus(t, tb, en["settings.discreetOn"])
		if title := pageValue(t, tb, "title", chromedp.Title()); title != en["discreet.title"] {
			t.Errorf("discreet title %q, want %q", title, en["discreet.title"])
		}
		tb.do(t, "reload", chromedp.Reload())
		pageText(t, tb, "#main h1", en["settings.title"])
		pageWait(t, tb, "neutral title and icon after a reload", fmt.Sprintf(`document.title === %q && document.querySelector('link[rel=icon]').href.endsWith('/neutral.svg')`, en["discreet.title"]))
		tb.do(t, "discreet off", chromedp.Click(chromedp.CSS("#discreet")))
		waitStatus(t, tb, en["settings.discreetOff"])
		if kept := pageValue(t, tb, "local storage", chromedp.Evaluate[string](`JSON.stringify(localStorage)`)); strings.Contains(kept, "Cascade") || strings.Contains(kept, "cascade") {
			t.Errorf("local storage names Cascade: %s", kept)
		}
		tb.clean(t)
	})

	t.Run("SignOutAndIn", func(t *testing.T) {
		tb := newTab(t, browser, origin, true, "/api/v1/me", "/api/v1/auth/login")
		signIn(t, tb, en, "Teresa", testPassword)
		clickText(t, tb, "nav button", en["nav.signOut"])
		pageText(t, tb, "#main h1", en["home.title"])
		if me := meFromPage(t, tb); me.Status != 401 {
			t.Errorf("/api/v1/me after signing out: %d, want 401", me.Status)
		}
		if c := browserSession(t, tb); c != "" {
			t.Errorf("session cookie still set after signing out")
		}
		tb.do(t, "sign in with a wrong password",
			chromedp.Navigate(origin+"/signin"),
			chromedp.WaitVisible(chromedp.CSS("#signin-pseudonym")),
			chromedp.SendKeys(chromedp.CSS("#signin-pseudonym"), "Teresa"),
			chromedp.SendKeys(chromedp.CSS("#signin-password"), "not the right password"),
			chromedp.Click(chromedp.CSS("#main form [type=submit]")),
		)
		pageText(t, tb, "#signin-error[role=alert]", en["error.invalid_credentials"])
		checkScreen(t, tb, "signin")
		// A page that needs a session sends the person to sign in, and back.
		tb.do(t, "open settings signed out", chromedp.Navigate(origin+"/settings"))
		pageText(t, tb, "#main h1", en["signin.title"])
		if loc := pageValue(t, tb, "location", chromedp.Location()); loc != origin+"/signin?next=%2Fsettings" {
			t.Errorf("signed out, /settings went to %s", loc)
		}
		tb.do(t, "sign in by keyboard",
			chromedp.Focus(chromedp.CSS("#signin-pseudonym")),
			chromedp.KeyEvent("Teresa"),
			chromedp.KeyEvent(kb.Tab),
			chromedp.KeyEvent(testPassword),
			chromedp.KeyEvent(kb.Enter),
		)
		pageText(t, tb, "#main h1", en["settings.title"])
		tb.clean(t)
	})

	t.Run("Recover", func(t *testing.T) {
		tb := newTab(t, browser, origin, true, "/api/v1/me")
		tb.do(t, "open recovery", chromedp.Navigate(origin+"/signin"))
		clickText(t, tb, "#main a", en["home.forgot"])
		pageText(t, tb, "#main h1", en["recover.title"])
		checkScreen(t, tb, "recover")
	})

	quickExit := func(t *testing.T, how string, trigger chromedp.Action[chromedp.Void]) {
		tb := newTab(t, browser, origin, true, "/api/v1/me")
		exits := interceptOffOrigin(t, tb)
		signIn(t, tb, en, "Teresa", testPassword)
		token := browserSession(t, tb)
		if token == "" {
			t.Fatal("no session cookie after signing in")
		}
		clickText(t, tb, "nav a", en["nav.settings"]) // inside the app: no new history entry
		pageText(t, tb, "#main h1", en["settings.title"])
		tb.do(t, "keep something in storage", chromedp.Evaluate[chromedp.Void](`sessionStorage.setItem('x', '1'); localStorage.setItem('y', '1')`))
		before := len(tb.requested())

		// Subscribed before the trigger, so the load of the next page is not missed.
		wctx, wcancel := context.WithTimeout(tb.ctx, 2*stepTimeout)
		defer wcancel()
		loaded := chromedp.Events(wctx, page.LoadEventFired)
		nav := pageValue(t, tb, how, chromedp.WaitEvent(page.FrameNavigated, func(e page.EventFrameNavigated) bool {
			return e.Frame.ParentID == "" && !strings.HasPrefix(e.Frame.URL, origin+"/")
		}, trigger))
		u, err := url.Parse(nav.Frame.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("quick exit went to %q, want an https page elsewhere", nav.Frame.URL)
		}
		if got := exits(); len(got) == 0 || got[0] != nav.Frame.URL {
			t.Errorf("intercepted %q, want the navigation to %s first", got, nav.Frame.URL)
		}
		for _, err := range loaded {
			if err != nil {
				t.Fatalf("waiting for the neutral page to load: %v", err)
			}
			break
		}
		hist := pageValue(t, tb, "history", chromedp.NavigationEntries())
		for _, e := range hist.Entries {
			if strings.HasPrefix(e.URL, origin) {
				t.Errorf("history keeps %s after quick exit (entries %d)", e.URL, len(hist.Entries))
			}
		}
		if back := pageValue(t, tb, "history length", chromedp.Evaluate[int](`history.length`)); back > 2 {
			t.Errorf("history.length %d after quick exit", back)
		}
		logout := 0
		for _, r := range tb.requested()[before:] {
			switch {
			case r == origin+"/api/v1/auth/logout":
				logout++
			case strings.HasPrefix(r, origin+"/"):
				t.Errorf("quick exit requested %s from Cascade", r)
			}
		}
		if logout != 1 {
			t.Errorf("quick exit sent %d sign-out requests, want 1", logout)
		}
		stale := anon.Clone().Invalid()
		stale.SetCookie(sessionCookieName, token)
		if !eventually(stepTimeout, func() bool { return stale.Do(http.MethodGet, "/api/v1/me", nil).Status == 401 }) {
			t.Errorf("the session still works %s after quick exit", stepTimeout)
		}
		if c := browserSession(t, tb); c != "" {
			t.Errorf("the browser still holds a session cookie after quick exit")
		}
		// Back on Cascade's origin, nothing of this tab's storage is left.
		tb.do(t, "back to the origin", chromedp.Navigate(origin+"/signin"))
		pageText(t, tb, "#main h1", en["signin.title"])
		if kept := pageValue(t, tb, "storage", chromedp.Evaluate[int](`sessionStorage.length + localStorage.length`)); kept != 0 {
			t.Errorf("%d items left in client storage after quick exit", kept)
		}
	}
	t.Run("QuickExitButton", func(t *testing.T) {
		quickExit(t, "press Quick exit", chromedp.Click(chromedp.CSS("#quick-exit")))
	})
	t.Run("QuickExitEscape", func(t *testing.T) {
		quickExit(t, "press Esc three times", chromedp.KeyEvent(kb.Escape+kb.Escape+kb.Escape))
	})

	// On a 360 px phone the header keeps quick exit in reach and folds the
	// links into a menu, which works by keyboard.
	t.Run("Narrow", func(t *testing.T) {
		tb := lead
		tb.do(t, "a phone's width", chromedp.EmulateViewport(360, 740), chromedp.Navigate(origin+"/"))
		t.Cleanup(func() { tb.do(t, "viewport back", chromedp.EmulateViewport(1024, 768)) })
		tb.do(t, "quick exit is shown", chromedp.WaitVisible(chromedp.CSS("#quick-exit")))
		tb.do(t, "the links are folded", chromedp.WaitNotVisible(chromedp.CSS("#nav-list")))
		tb.do(t, "open the menu by keyboard", chromedp.Focus(chromedp.CSS("nav .menu")), chromedp.KeyEvent(kb.Enter))
		pageWait(t, tb, "the menu is open", `document.querySelector('nav .menu').getAttribute('aria-expanded') === 'true'`)
		tb.do(t, "follow Requests", chromedp.Click(chromedp.CSS(`#nav-list a[href$="/requests"]`)))
		pageText(t, tb, "#main h1", en["requests.title"])
		if focused := pageValue(t, tb, "focus", chromedp.Evaluate[string](`document.activeElement.tagName`)); focused != "H1" {
			t.Errorf("after following a link the focus is on %s, want the page's heading", focused)
		}
		tb.do(t, "the menu closed", chromedp.WaitNotVisible(chromedp.CSS("#nav-list")))
		// Pages that fill the screen under the header read its height from --top-height.
		pageWait(t, tb, "--top-height is the header's height",
			`getComputedStyle(document.documentElement).getPropertyValue('--top-height') === document.getElementById('top').offsetHeight + 'px'`)
		if w := pageValue(t, tb, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
			t.Errorf("the page is %d px wide at 360 px", w)
		}
		tb.clean(t)
	})

	// A page whose module cannot be fetched says so, instead of leaving the last page up.
	t.Run("Offline", func(t *testing.T) {
		tb := newTab(t, browser, origin, true, "/api/v1/me")
		signIn(t, tb, en, "Teresa", testPassword)
		tb.do(t, "go offline", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			_, err := cdp.Call(ctx, target, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
			})
			return err
		}))
		clickText(t, tb, "nav a", en["nav.settings"])
		pageText(t, tb, "#main h1", en["error.pageTitle"])
		pageText(t, tb, "#main [role=alert]", en["error.network"])
		pageWait(t, tb, "the header still knows who is signed in", `!!document.querySelector('nav a[href="/settings"]')`)
		// No clean(): the browser reports the failed fetches, as it should.
	})

	// A member (and mentor) sees the organisation and its exchanges, not the lead's screens.
	t.Run("Member", func(t *testing.T) {
		tb := member
		tb.do(t, "open home", chromedp.Navigate(origin+"/"))
		clickText(t, tb, "nav a", en["nav.organisation"])
		pageText(t, tb, "#main h1", orgName)
		if n := pageValue(t, tb, "lead links", chromedp.Evaluate[int](`document.querySelectorAll('a[href$="/members"], a[href$="/profile"], a[href$="/proposals"]').length`)); n != 0 {
			t.Errorf("a member sees %d links to the lead's screens", n)
		}
		checkScreen(t, tb, "organisation-member")
		clickText(t, tb, "nav a", en["nav.exchanges"])
		pageText(t, tb, "#main h1", en["exchanges.title"])
		tb.do(t, "open the completed exchange", chromedp.Click(chromedp.CSS(`#main a[href$="/exchanges/`+exchangeID+`"]`)))
		pageText(t, tb, "[data-state]", en["state.completed"])
		checkScreen(t, tb, "exchange-member")
	})

	// Every screen in Portuguese, in the dark scheme: the heading is translated,
	// and axe-core, the console, CSP and the network stay clean.
	t.Run("Portuguese", func(t *testing.T) {
		screens := []struct {
			tab             *browserTab
			name, path, key string // key: the heading's string, "" when the heading is a name
		}{
			{lead, "home-lead", "/", ""},
			{lead, "organisation", "/orgs/" + orgID, ""},
			{lead, "profile", "/orgs/" + orgID + "/profile", "profile.title"},
			{lead, "members", "/orgs/" + orgID + "/members", "members.title"},
			{lead, "requests", "/orgs/" + orgID + "/requests", "requests.title"},
			{lead, "request", requestPath, "request.title"},
			{lead, "exchanges", "/orgs/" + orgID + "/exchanges", "exchanges.title"},
			{lead, "exchange", "/orgs/" + orgID + "/exchanges/" + exchangeID, ""},
			{lead, "notifications", "/notifications", "notifications.title"},
			{lead, "settings", "/settings", "settings.title"},
			{mentor, "proposals", "/orgs/" + mentorOrg + "/proposals", "proposals.title"},
			{admin, "admin-organisations", "/admin", "admin.orgsTitle"},
			{admin, "admin-application", "/admin/orgs/" + orgID, ""},
			{admin, "rounds", "/admin/rounds", "rounds.title"},
			{admin, "accounts", "/admin/accounts", "admin.accountsTitle"},
			{member, "organisation-member", "/orgs/" + orgID, ""},
			{member, "exchanges-member", "/orgs/" + orgID + "/exchanges", "exchanges.title"},
		}
		// One parallel subtest per person: their tab in the dark, in Portuguese.
		people := []struct {
			name string
			tab  *browserTab
		}{{"Lead", lead}, {"Mentor", mentor}, {"Admin", admin}, {"Member", member}}
		for _, p := range people {
			t.Run(p.name, func(t *testing.T) {
				t.Parallel()
				tb := p.tab
				colorScheme(t, tb, "dark")
				tb.do(t, "open /", chromedp.Navigate(origin+"/"))
				choosePortuguese(t, tb)
				for _, s := range screens {
					if s.tab != tb {
						continue
					}
					tb.do(t, "open "+s.path, chromedp.Navigate(origin+s.path))
					pageText(t, tb, "#quick-exit", pt["exit.button"])
					if s.key != "" {
						pageText(t, tb, "#main h1", pt[s.key])
					}
					if lang := pageValue(t, tb, "lang", chromedp.Evaluate[string](`document.documentElement.lang + ' ' + document.getElementById('lang').value`)); lang != "pt pt" {
						t.Errorf("%s: document language and picker %q, want pt pt", s.path, lang)
					}
					checkScreen(t, tb, "pt-dark-"+s.name)
				}
			})
		}
		t.Run("SignedOut", func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, browser, origin, true, "/api/v1/me")
			colorScheme(t, tb, "dark")
			tb.do(t, "open /", chromedp.Navigate(origin+"/"))
			choosePortuguese(t, tb)
			for _, s := range []struct{ path, key string }{{"/", "home.title"}, {"/signin", "signin.title"}, {"/apply", "apply.title"}, {"/recover", "recover.title"}, {"/join", "join.title"}} {
				tb.do(t, "open "+s.path, chromedp.Navigate(origin+s.path))
				pageText(t, tb, "#main h1", pt[s.key])
				checkScreen(t, tb, "pt-dark-signed-out"+strings.ReplaceAll(s.path, "/", "-"))
			}
		})
	})

	// The admin and the mentor organisation's lead still read Portuguese.
	t.Run("Suspend", func(t *testing.T) {
		tb := admin
		tb.do(t, "open the mentor organisation", chromedp.Navigate(origin+"/admin/orgs/"+mentorOrg))
		tb.do(t, "give a reason", chromedp.SendKeys(chromedp.CSS("#suspend-reason"), "A safety report is being looked at."))
		clickText(t, tb, "#main button", pt["admin.suspend"])
		pageText(t, tb, "[data-status]", pt["org.statusName.suspended"])
		tb.clean(t)
		tb = mentor
		tb.do(t, "open the organisation", chromedp.Navigate(origin+"/orgs/"+mentorOrg))
		pageText(t, tb, "[data-reason]", "A safety report is being looked at.")
		pageText(t, tb, "#main section p", pt["org.next.suspended"])
		checkScreen(t, tb, "organisation-suspended")
	})

	// A recovery code sets a new password; the settings page changes it back.
	t.Run("RecoverAndChangePassword", func(t *testing.T) {
		if len(memberCodes) == 0 {
			t.Skip("no recovery codes: the join failed")
		}
		const newPassword = "another long pass phrase"
		tb := newTab(t, browser, origin, true, "/api/v1/me")
		tb.do(t, "open recovery", chromedp.Navigate(origin+"/recover"))
		typeText(t, tb, "#recover-pseudonym", "Teresa")
		typeText(t, tb, "#recover-code", memberCodes[0])
		typeText(t, tb, "#recover-password", newPassword)
		submitForm(t, tb, "#main form")
		pageText(t, tb, "#main h1", en["recover.doneTitle"])
		checkScreen(t, tb, "recovered")
		signIn(t, tb, en, "Teresa", newPassword)
		tb.do(t, "open settings", chromedp.Navigate(origin+"/settings"))
		typeText(t, tb, "#old-password", newPassword)
		typeText(t, tb, "#settings-new-password", testPassword)
		clickText(t, tb, "#main button", en["settings.changePassword"])
		waitStatus(t, tb, en["settings.passwordChanged"])
		login(t, anon, "Teresa")
		tb.clean(t)
	})
}

// choosePortuguese picks Português in the header's language picker, as the
// keyboard or a tap would, and waits for the page to follow.
func choosePortuguese(t testing.TB, tb *browserTab) {
	t.Helper()
	tb.do(t, "choose Português", chromedp.WaitVisible(chromedp.CSS("#lang")), chromedp.SetValue(chromedp.CSS("#lang"), "pt"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('lang').dispatchEvent(new Event('change'))`))
	pageWait(t, tb, "the page is in Portuguese", `document.documentElement.lang === 'pt'`)
}

// interceptOffOrigin answers every https request of the tab with a stand-in
// page, so the quick-exit target loads without a network, and returns the URLs
// it answered. The server is plain http on loopback and is not intercepted.
func interceptOffOrigin(t testing.TB, tb *browserTab) func() []string {
	t.Helper()
	ctx, cancel := context.WithCancel(tb.ctx)
	var (
		mu   sync.Mutex
		seen []string
		wg   sync.WaitGroup
	)
	t.Cleanup(func() { cancel(); wg.Wait() })
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	wg.Go(func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, ev.Request.URL)
			mu.Unlock()
			tb.mu.Lock()
			tb.offOrigin[ev.Request.URL] = true
			tb.mu.Unlock()
			res := fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 404}
			if ev.ResourceType == network.ResourceTypeDocument {
				res.ResponseCode = 200
				res.ResponseHeaders = []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}
				res.Body = []byte(`<!doctype html><title>Weather</title><link rel="icon" href="data:,"><p>A stand-in for the quick-exit page.</p>`)
			}
			if _, err := chromedp.Call(ctx, fetch.FulfillRequest, res); err != nil && ctx.Err() == nil {
				t.Errorf("fulfil %s: %v", ev.Request.URL, err)
			}
		}
	})
	tb.do(t, "intercept https", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "https://*"}}})
		return err
	}))
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

// eventually reports whether ok became true within d, asking every 20 ms.
func eventually(d time.Duration, ok func() bool) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !ok() {
		select {
		case <-deadline.C:
			return ok()
		case <-tick.C:
		}
	}
	return true
}
