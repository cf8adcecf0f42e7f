package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axe-core (MPL-2.0, testdata/axe-core) is injected by the tests into the page
// under test; the web app never serves it.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "axe-core", "axe.min.js"))
	return string(b), err
})

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// checkAxe runs axe-core on the page as it is and fails on any serious or
// critical violation of WCAG 2.1 A/AA or axe's best practices.
func checkAxe(t testing.TB, tb *browserTab, screen string) {
	t.Helper()
	for _, v := range axeViolations(t, tb, screen) {
		targets, _ := json.Marshal(v.Nodes)
		t.Errorf("%s: axe %s (%s): %s at %s", screen, v.ID, v.Impact, v.Help, targets)
	}
}

func axeViolations(t testing.TB, tb *browserTab, screen string) []axeViolation {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	if !pageValue(t, tb, "is axe loaded", chromedp.Evaluate[bool](`typeof window.axe === 'object'`)) {
		tb.do(t, "inject axe-core", chromedp.Evaluate[chromedp.Void](src+"\n;undefined"))
	}
	return pageValue(t, tb, "run axe-core on "+screen, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
		                     resultTypes: ['violations'] })
		   .then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))`,
		chromedp.EvalAwaitPromise))
}

// colorScheme makes the tab prefer a light or dark scheme.
func colorScheme(t testing.TB, tb *browserTab, scheme string) {
	t.Helper()
	tb.do(t, "prefer "+scheme, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

var unsafeName = regexp.MustCompile(`[^a-z0-9-]+`)

// screenshots writes the page at 360 and 1280 px wide into $CASCADE_SCREENSHOTS, when set.
func screenshots(t testing.TB, tb *browserTab, name string) {
	t.Helper()
	dir := os.Getenv("CASCADE_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	base := unsafeName.ReplaceAllString(strings.ToLower(name), "-")
	for _, w := range []int64{360, 1280} {
		tb.do(t, fmt.Sprintf("viewport %d px", w), chromedp.EmulateViewport(w, 800))
		png := pageValue(t, tb, "screenshot", chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", base, w)), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tb.do(t, "viewport back", chromedp.EmulateViewport(1024, 768))
}

// checkScreen is what every screen of the journeys must pass: axe-core, no
// console errors, no CSP violations, no request elsewhere; and its screenshots.
func checkScreen(t testing.TB, tb *browserTab, name string) {
	t.Helper()
	pageWait(t, tb, "the page has its heading", `!!document.querySelector('#main h1') && document.title !== ''`)
	checkAxe(t, tb, name)
	screenshots(t, tb, name)
	tb.clean(t)
}

// clickText clicks the first element matching sel whose text is exactly text
// (or, for an input, whose accessible name is), waiting until there is one.
func clickText(t testing.TB, tb *browserTab, sel, text string) {
	t.Helper()
	js, _ := json.Marshal([]string{sel, text})
	find := fmt.Sprintf(`(([s, w]) => [...document.querySelectorAll(s)].find((e) => e.textContent.trim() === w || e.getAttribute('aria-label') === w))(%s)`, js)
	pageWait(t, tb, fmt.Sprintf("%s %q is shown", sel, text), "!!"+find)
	tb.do(t, fmt.Sprintf("click %s %q", sel, text), chromedp.Evaluate[chromedp.Void](find+".click()"))
}

// setField sets a form control's value as a person choosing it would: a
// select's option, a date, a number.
func setField(t testing.TB, tb *browserTab, sel, value string) {
	t.Helper()
	tb.do(t, fmt.Sprintf("set %s to %q", sel, value), chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), value))
}

// typeText types into an input as a person would.
func typeText(t testing.TB, tb *browserTab, sel, text string) {
	t.Helper()
	tb.do(t, "type into "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// check ticks a checkbox or radio button (by clicking it) unless it is ticked.
func check(t testing.TB, tb *browserTab, sel string) {
	t.Helper()
	js, _ := json.Marshal(sel)
	pageWait(t, tb, sel+" is shown", fmt.Sprintf(`!!document.querySelector(%s)`, js))
	tb.do(t, "tick "+sel, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (!e.checked) e.click(); })()`, js)))
}

func submitForm(t testing.TB, tb *browserTab, formSel string) {
	t.Helper()
	tb.do(t, "submit "+formSel, chromedp.Click(chromedp.CSS(formSel+" [type=submit]")))
}

// waitStatus waits until a live region (role=status) in main says want.
func waitStatus(t testing.TB, tb *browserTab, want string) {
	t.Helper()
	js, _ := json.Marshal(want)
	pageWait(t, tb, fmt.Sprintf("a status says %q", want),
		fmt.Sprintf(`[...document.querySelectorAll('#main [role=status]')].some((e) => e.textContent.trim() === %s)`, js))
}

// pathNow is the page's path.
func pathNow(t testing.TB, tb *browserTab) string {
	t.Helper()
	return pageValue(t, tb, "location", chromedp.Evaluate[string](`location.pathname`))
}

func fill(tmpl string, params map[string]string) string {
	for k, v := range params {
		tmpl = strings.ReplaceAll(tmpl, "{"+k+"}", v)
	}
	return tmpl
}
