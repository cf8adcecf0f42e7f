package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// emulateCheapPhone emulates what issue 10 calls a cheap phone: the CPU 4× slower,
// 400 ms round trips and 400 kbit/s down (and up).
func emulateCheapPhone(t testing.TB, tb *browserTab) {
	t.Helper()
	tb.do(t, "emulate a cheap phone", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		if _, err := cdp.Call(ctx, target, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, target, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Latency: 400, DownloadThroughput: 400_000 / 8, UploadThroughput: 400_000 / 8}},
		})
		return err
	}), chromedp.EmulateViewport(360, 740))
}

// BenchmarkWebSignInPhone measures, on an emulated cheap phone, the first
// visit to /signin until its form is shown (first_visit_ms, cold cache) and
// sign-in until the home page is interactive (signin_ms: from the press of
// the button until the home page has rendered its heading and focused it).
// Run: go test -run '^$' -bench BenchmarkWebSignInPhone -benchtime 5x ./cmd/cascade/
func BenchmarkWebSignInPhone(b *testing.B) {
	findChromium(b)
	srv := startServer(b, b.TempDir())
	anon := apitest.New(b, srv.URL, srv.URL)
	// A lead of an organisation: the home page lists it, the header has its links.
	r := anon.Clone().Do(http.MethodPost, "/api/v1/applications", map[string]any{"pseudonym": "Amara", "password": testPassword, "organisation": emergingProfile("Coletivo Kianda")})
	if r.Status != http.StatusCreated {
		b.Fatalf("apply: %d %s", r.Status, r.Body)
	}
	browser := startBrowser(b)
	var firstVisit, signIn time.Duration
	for b.Loop() {
		b.StopTimer() // the timed part is the sign-in alone
		tb := newTab(b, browser, srv.URL, true, "/api/v1/me")
		emulateCheapPhone(b, tb)
		start := time.Now()
		tb.do(b, "open /signin", chromedp.Navigate(srv.URL+"/signin"))
		pageWait(b, tb, "the sign-in form is shown", `!!document.querySelector('#signin-pseudonym') && document.activeElement !== null`)
		firstVisit += time.Since(start)
		tb.do(b, "fill the form", chromedp.SendKeys(chromedp.CSS("#signin-pseudonym"), "Amara"), chromedp.SendKeys(chromedp.CSS("#signin-password"), testPassword))
		start = time.Now()
		b.StartTimer()
		tb.do(b, "sign in", chromedp.Click(chromedp.CSS("#main form [type=submit]")))
		pageWait(b, tb, "the home page is interactive",
			`document.activeElement?.tagName === 'H1' && !!document.querySelector('[data-me]') && !!document.querySelector('nav a[href="/settings"]')`)
		signIn += time.Since(start)
	}
	b.ReportMetric(float64(firstVisit.Milliseconds())/float64(b.N), "first_visit_ms")
	b.ReportMetric(float64(signIn.Milliseconds())/float64(b.N), "signin_ms")
}
