package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store"
)

// chatRow is one row of the chat log as a person sees it.
type chatRow struct {
	Author string `json:"author"`
	Body   string `json:"body"`
	State  string `json:"state"` // sent or pending for one's own messages, empty for others'
}

const chatRowsJS = `[...document.querySelectorAll('.chat-list li.msg')].map((li) => ({
  author: li.querySelector('.msg-author')?.textContent.trim() || '',
  body: (li.querySelector('.msg-body, .msg-deleted')?.textContent || '').trim(),
  state: li.dataset.state || '' }))`

func chatRows(t *testing.T, tb *browserTab) []chatRow {
	t.Helper()
	return pageValue(t, tb, "read the chat log", chromedp.Evaluate[[]chatRow](chatRowsJS))
}

// waitChat waits until the log shows exactly the bodies want, in order, and every one of
// the tab's own messages is acked ("sent").
func waitChat(t *testing.T, tb *browserTab, what string, want ...string) {
	t.Helper()
	js, _ := json.Marshal(append([]string{}, want...))
	pred := fmt.Sprintf(`(() => { const rows = %s; const want = %s;
	  return rows.length === want.length && rows.every((r, i) => r.body === want[i] && r.state !== 'pending' && r.state !== 'failed'); })()`, chatRowsJS, js)
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](pred, chromedp.WithPollingInterval(25e6), chromedp.WithPollingTimeout(stepTimeout))); err != nil {
		t.Fatalf("%s: want %q, the log shows %+v: %v%s", what, want, chatRows(t, tb), err, tb.describe())
	}
}

// follow follows the in-app link sel once it is there, as a keyboard or a tap would
// (the link's own click, wherever the page is scrolled).
func follow(t *testing.T, tb *browserTab, sel string) {
	t.Helper()
	js, _ := json.Marshal(sel)
	pageWait(t, tb, "the link "+sel+" shows", fmt.Sprintf(`!!document.querySelector(%s)`, js))
	tb.do(t, "follow "+sel, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).click()`, js)))
}

func chatSay(t *testing.T, tb *browserTab, body string) {
	t.Helper()
	tb.do(t, "send "+body, chromedp.SendKeys(chromedp.CSS("#chat-input"), body+kb.Enter))
}

// setOffline cuts the tab off the network (or reconnects it), as a phone losing its signal.
func setOffline(t *testing.T, tb *browserTab, offline bool) {
	t.Helper()
	tb.do(t, fmt.Sprintf("offline %v", offline), chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}},
		})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, target, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// chatScreenshots writes what tb shows at 360 and 1280 px wide, as name-360.png and
// name-1280.png, into the folder CASCADE_SCREENSHOTS names; without it, nothing. The
// window is 360 px wide afterwards.
func chatScreenshots(t *testing.T, tb *browserTab, name string) {
	t.Helper()
	dir := os.Getenv("CASCADE_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, w := range []int64{1280, 360} {
		tb.do(t, "resize", chromedp.EmulateViewport(w, 800))
		png := pageValue(t, tb, "screenshot "+name, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w)), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// cleanChat is tb.clean, except that a 404 from the room roster is accepted while the
// server has no such route yet (the page then shows short ids).
func cleanChat(t *testing.T, tb *browserTab, rosterMissing bool) {
	t.Helper()
	if rosterMissing {
		tb.mu.Lock()
		tb.problems = slices.DeleteFunc(tb.problems, func(p string) bool {
			return strings.Contains(p, "/members") && strings.Contains(p, "status of 404")
		})
		tb.mu.Unlock()
	}
	tb.clean(t)
}

// TestBrowserChat: two people chat in an exchange room in two browser contexts; one goes
// offline, messages are sent both ways, it comes back and shows every message exactly
// once, in order, and its own unsent message is delivered once.
func TestBrowserChat(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	room := openExchange(t, srv).roomID
	browser := startBrowser(t)
	en := appStrings(t, "en")
	origin := srv.URL

	probe := login(t, apitest.New(t, srv.URL, srv.URL), "Esperança")
	rosterMissing := probe.Invalid().Do(http.MethodGet, "/api/v1/rooms/"+room+"/members", nil).Status == http.StatusNotFound

	a := newTab(t, browser, origin, true, "/api/v1/me")
	b := newTab(t, browser, origin, true, "/api/v1/me")
	b.do(t, "a phone-sized window", chromedp.EmulateViewport(360, 740))
	signIn(t, a, en, "Esperança", testPassword)
	signIn(t, b, en, "Lerato", testPassword)

	// The list shows the room; it opens from there.
	a.do(t, "open /rooms", chromedp.Navigate(origin+"/rooms"))
	pageText(t, a, "#main h1", en["rooms.title"])
	follow(t, a, `[data-room="`+room+`"] a`)
	a.do(t, "the composer shows", chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	b.do(t, "open the room", chromedp.Navigate(origin+"/rooms/"+room), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	pageText(t, a, "[data-retention]", en["chat.retention.forever"])
	waitChat(t, a, "an empty room")
	pageText(t, a, "[data-empty]", en["chat.empty"])

	// Each sees the other present, and B sees A typing.
	pageWait(t, a, "A sees B here", fmt.Sprintf(`document.querySelector('[data-presence]').textContent.trim() !== %q`, en["chat.presence.alone"]))
	pageWait(t, b, "B sees A here", fmt.Sprintf(`document.querySelector('[data-presence]').textContent.trim() !== %q`, en["chat.presence.alone"]))
	a.do(t, "A starts typing", chromedp.SendKeys(chromedp.CSS("#chat-input"), "Olá!"))
	pageWait(t, b, "B sees A typing", `document.querySelector('.chat-typing').textContent.trim() !== ''`)
	chatSay(t, a, " Bem-vinda https://example.org")
	waitChat(t, a, "A's first message, acked", "Olá! Bem-vinda https://example.org")
	waitChat(t, b, "A's first message at B", "Olá! Bem-vinda https://example.org")
	pageWait(t, b, "B's live region reads the message", `document.querySelector('[data-live]').textContent.includes('Olá! Bem-vinda https://example.org')`)
	chatSay(t, b, "Thank you, hello")
	waitChat(t, a, "both messages at A", "Olá! Bem-vinda https://example.org", "Thank you, hello")
	waitChat(t, b, "both messages at B", "Olá! Bem-vinda https://example.org", "Thank you, hello")
	if rows := chatRows(t, a); rows[0].Author != "Esperança" || rows[0].State != "sent" {
		t.Errorf("A's own message shows as %+v, want author Esperança, sent", rows[0])
	}
	if !rosterMissing {
		if rows := chatRows(t, a); rows[1].Author != "Lerato" {
			t.Errorf("B's message at A shows author %q, want Lerato", rows[1].Author)
		}
	}
	checkAxe(t, a, "chat room")
	checkAxe(t, b, "chat room at 360 px")
	chatScreenshots(t, b, "chat-room")
	chatScreenshots(t, a, "chat-room-own")
	a.do(t, "A's window", chromedp.EmulateViewport(1024, 768))
	// Links are text: no anchor in the log, and nothing was fetched from example.org.
	if n := pageValue(t, a, "count links in the log", chromedp.Evaluate[int](`document.querySelectorAll('.chat-log a').length`)); n != 0 {
		t.Errorf("the log holds %d links, want none", n)
	}

	// B loses the network; both sides write.
	setOffline(t, b, true)
	pageWait(t, b, "B knows it is offline", `!!document.querySelector('[data-connection]') && document.querySelector('[data-connection]').textContent.trim() !== ''`)
	chatSay(t, a, "Message two")
	chatSay(t, a, "Message three")
	chatSay(t, b, "Written offline")
	pageWait(t, b, "B's message waits", `!!document.querySelector('.chat-list li.msg[data-state=pending]')`)
	waitChat(t, a, "A sent while B is offline", "Olá! Bem-vinda https://example.org", "Thank you, hello", "Message two", "Message three")
	if kept := pageValue(t, b, "B's outbox", chromedp.Evaluate[string](`sessionStorage.getItem('cascade.outbox.`+room+`') || ''`)); !strings.Contains(kept, "Written offline") {
		t.Errorf("B's outbox in sessionStorage is %q, want the unsent message", kept)
	}
	if kept := pageValue(t, b, "B's local storage", chromedp.Evaluate[string](`JSON.stringify(localStorage)`)); strings.Contains(kept, "Written offline") {
		t.Errorf("localStorage holds a message: %s", kept)
	}

	// B comes back: it shows every message once, in order, and its own is delivered once.
	setOffline(t, b, false)
	all := []string{"Olá! Bem-vinda https://example.org", "Thank you, hello", "Message two", "Message three", "Written offline"}
	waitChat(t, b, "B after reconnecting", all...)
	waitChat(t, a, "A sees B's offline message", all...)
	chatSay(t, b, "Back online")
	all = append(all, "Back online")
	waitChat(t, a, "A after B's next message", all...)
	waitChat(t, b, "B after its next message", all...)

	// The server stored each message once.
	ws := mustDial(t, srv, login(t, apitest.New(t, srv.URL, srv.URL), "Lerato"))
	send(t, ws, map[string]any{"type": "join", "room": room, "last_seq": 0})
	var stored []string
	for range all {
		stored = append(stored, next(t, ws, "message").Body)
	}
	if !slices.Equal(stored, all) {
		t.Errorf("the room stores %q, want %q", stored, all)
	}

	// Edit and delete one's own message; the other side sees both.
	b.do(t, "edit", chromedp.Click(chromedp.CSS(`.chat-list li.msg.own:last-child [data-edit]`)))
	b.do(t, "change the text",
		chromedp.WaitVisible(chromedp.CSS(".msg-edit textarea")),
		chromedp.Focus(chromedp.CSS(".msg-edit textarea")),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.SendKeys(chromedp.CSS(".msg-edit textarea"), "Back online again"),
		chromedp.Click(chromedp.CSS(".msg-edit [type=submit]")))
	all[len(all)-1] = "Back online again"
	waitChat(t, a, "A sees the edit", all...)
	b.do(t, "delete", chromedp.Click(chromedp.CSS(`.chat-list li.msg.own:last-child [data-delete]`)),
		chromedp.Click(chromedp.CSS(`.chat-list li.msg.own:last-child [data-confirm-delete]`)))
	all[len(all)-1] = en["chat.deleted"]
	waitChat(t, a, "A sees the delete", all...)
	waitChat(t, b, "B sees its delete", all...)

	// Unread counts on the list: what B writes while A looks at the list adds up there.
	follow(t, a, ".chat-back a")
	pageWait(t, a, "the list knows the room's unread count", `!!document.querySelector('[data-room="`+room+`"][data-unread-n]')`)
	checkAxe(t, a, "rooms")
	chatScreenshots(t, a, "rooms")
	a.do(t, "A's window", chromedp.EmulateViewport(1024, 768))
	base := pageValue(t, a, "unread before", chromedp.Evaluate[int](`Number(document.querySelector('[data-room="`+room+`"]').dataset.unreadN)`))
	chatSay(t, b, "Are you there?")
	chatSay(t, b, "See you tomorrow")
	pageText(t, a, `[data-room="`+room+`"] [data-unread]`, strings.ReplaceAll(en["rooms.unread"], "{count}", fmt.Sprint(base+2)))
	// Back in the room: what A saw before is kept, and what came since is added once.
	follow(t, a, `[data-room="`+room+`"] a`)
	all = append(all, "Are you there?", "See you tomorrow")
	waitChat(t, a, "A back in the room", all...)
	if w := pageValue(t, b, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("B's page is %d px wide at 360 px", w)
	}

	// In Portuguese, the room reads in Portuguese.
	pt := appStrings(t, "pt")
	choosePortuguese(t, a)
	pageText(t, a, "[data-retention]", pt["chat.retention.forever"])
	checkAxe(t, a, "chat room in Portuguese")

	// A community space: B joins it from the list, and loses it in the open page when
	// leaving it elsewhere.
	var space struct {
		ID string `json:"id"`
	}
	login(t, apitest.New(t, srv.URL, srv.URL), "Esperança").Do(http.MethodPost, "/api/v1/rooms",
		map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&space)
	b.do(t, "B opens the list", chromedp.Navigate(origin+"/rooms"))
	b.do(t, "B joins the space", chromedp.Click(chromedp.CSS(`[data-joinable="`+space.ID+`"] button`)))
	follow(t, b, `[data-room="`+space.ID+`"] a`)
	b.do(t, "B's space opens", chromedp.WaitVisible(chromedp.CSS("#chat-input")))
	pageText(t, b, "#main h1", "Safety at work")
	login(t, apitest.New(t, srv.URL, srv.URL), "Lerato").Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/leave", nil).Want(204)
	pageText(t, b, "#main .note", en["chat.lost"])

	cleanChat(t, a, rosterMissing)
	cleanChat(t, b, rosterMissing)
}

// seedRoom stores n messages in room, written alternately by authors over the last ten
// days, straight into the stopped server's embedded store in dataDir.
func seedRoom(t *testing.T, dataDir, room string, n int, authors ...string) {
	t.Helper()
	ctx := context.Background()
	e, err := store.StartEmbedded(ctx, dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	}()
	db, err := e.Open(ctx, "cascade")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	start := time.Now().Add(-10 * 24 * time.Hour)
	step := 10 * 24 * time.Hour / time.Duration(n)
	batch := make([]chat.Message, 0, 1000)
	for i := 1; i <= n; i++ {
		batch = append(batch, chat.Message{
			ID: fmt.Sprintf("seed%06d", i), Room: room, Seq: int64(i), Author: authors[i%len(authors)],
			ClientID: fmt.Sprintf("seed-%d", i), Sent: start.Add(time.Duration(i) * step),
			Body: fmt.Sprintf("Message %d: how did the outreach in the second district go this week? https://example.org/%d", i, i),
		})
		if len(batch) == cap(batch) || i == n {
			if dups, err := db.InsertBatch(ctx, batch); err != nil || len(dups) > 0 {
				t.Fatalf("seed messages: %v (%d duplicates)", err, len(dups))
			}
			batch = batch[:0]
		}
	}
}

// chatPhone emulates a cheap phone on a slow mobile network: 4× CPU slowdown and
// 400 kbit/s both ways in Chromium; the 400 ms round trip is the delay line's, because
// Chromium's emulated latency delays HTTP requests but not WebSocket frames.
func chatPhone(t *testing.T, tb *browserTab) {
	t.Helper()
	tb.do(t, "emulate a cheap phone", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		if _, err := cdp.Call(ctx, target, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, target, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{DownloadThroughput: 400_000 / 8, UploadThroughput: 400_000 / 8}},
		})
		return err
	}))
}

// delayLine is a TCP proxy in front of the server that holds every byte for a while in
// each direction, as a long network path does (half the round trip each way), for
// HTTP and WebSocket alike.
type delayLine struct {
	ln     net.Listener
	target string
	oneWay atomic.Int64 // nanoseconds
	mu     sync.Mutex
	conns  []net.Conn
	wg     sync.WaitGroup
}

func newDelayLine(t *testing.T) *delayLine {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &delayLine{ln: ln}
	t.Cleanup(func() {
		ln.Close()
		d.mu.Lock()
		for _, c := range d.conns {
			c.Close()
		}
		d.mu.Unlock()
		d.wg.Wait()
	})
	return d
}

func (d *delayLine) URL() string { return "http://" + d.ln.Addr().String() }

// serve forwards to target (host:port) until the listener closes.
func (d *delayLine) serve(target string) {
	d.wg.Go(func() {
		for {
			c, err := d.ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			d.mu.Lock()
			d.conns = append(d.conns, c, s)
			d.mu.Unlock()
			d.wg.Go(func() { d.pipe(s, c) })
			d.wg.Go(func() { d.pipe(c, s) })
		}
	})
}

// pipe copies src to dst, each chunk written oneWay after it was read, in order.
func (d *delayLine) pipe(dst, src net.Conn) {
	type chunk struct {
		b  []byte
		at time.Time
	}
	chunks := make(chan chunk, 4096)
	d.wg.Go(func() {
		defer close(chunks)
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			if n > 0 {
				chunks <- chunk{append([]byte(nil), buf[:n]...), time.Now().Add(time.Duration(d.oneWay.Load()))}
			}
			if err != nil {
				return
			}
		}
	})
	for c := range chunks {
		<-time.After(time.Until(c.at)) // the line's delay itself, not a wait for an outcome
		if _, err := dst.Write(c.b); err != nil {
			break
		}
	}
	dst.Close()
	src.Close()
	for range chunks { // let the reader end
	}
}

func quantiles(ms []float64) string {
	s := slices.Clone(ms)
	slices.Sort(s)
	return fmt.Sprintf("median %.0f ms, max %.0f ms over %d (all: %.0f)", s[len(s)/2], s[len(s)-1], len(s), ms)
}

// TestBrowserChatBench measures the chat in the browser (docs/benchmarks.md): opening a
// room of 10,000 messages on an emulated cheap phone until its last page shows, and a
// sent message until it shows as acked on loopback. A benchmark, not a timed test: it
// runs only with CASCADE_BENCH_BROWSER=1 and reports what it measured.
func TestBrowserChatBench(t *testing.T) {
	if os.Getenv("CASCADE_BENCH_BROWSER") == "" {
		t.Skip("set CASCADE_BENCH_BROWSER=1 to run the browser chat benchmarks")
	}
	findChromium(t)
	const n = 10000
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	room := openExchange(t, srv).roomID
	anon := apitest.New(t, srv.URL, srv.URL)
	lead, mentor := userID(t, login(t, anon, "Esperança")), userID(t, login(t, anon, "Lerato"))
	srv.stop()
	seedRoom(t, dataDir, room, n, lead, mentor)
	// The browser reaches the server through the delay line, the origin the server serves.
	// (The server prints its origin, not its address, so the address is chosen here.)
	line := newDelayLine(t)
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.Addr().String()
	free.Close()
	startServer(t, dataDir, "-addr", addr, "-origin", line.URL())
	line.serve(addr)
	origin := line.URL()
	probe := login(t, apitest.New(t, origin, origin), "Esperança")
	rosterMissing := probe.Invalid().Do(http.MethodGet, "/api/v1/rooms/"+room+"/members", nil).Status == http.StatusNotFound
	browser := startBrowser(t)
	en := appStrings(t, "en")

	tb := newTab(t, browser, origin, true, "/api/v1/me")
	tb.do(t, "a phone-sized window", chromedp.EmulateViewport(360, 740))
	signIn(t, tb, en, "Esperança", testPassword)
	chatPhone(t, tb)
	line.oneWay.Store(int64(200 * time.Millisecond))

	// In the app, from the list. openRoom clicks the room and returns how long until its
	// newest message shows, from the click and from the moment the room's screen (its
	// heading) is there.
	openRoom := func() (fromClick, fromScreen float64) {
		ms := pageValue(t, tb, "open the room", chromedp.Evaluate[[]float64](fmt.Sprintf(`new Promise((resolve) => {
		  const t0 = performance.now();
		  let opened = 0;
		  document.querySelector('[data-room] a').click();
		  const check = () => {
		    const now = performance.now();
		    if (!opened && document.querySelector('#chat-h')) opened = now;
		    if (document.querySelector('.chat-list li.msg[data-seq="%d"]')) resolve([now - t0, now - (opened || now)]);
		    else setTimeout(check, 2);
		  };
		  check();
		})`, n), chromedp.EvalAwaitPromise))
		if rows := len(chatRows(t, tb)); rows < 20 {
			t.Errorf("the room shows %d messages, want its last page", rows)
		}
		return ms[0], ms[1]
	}
	// Chosen once the list has settled: the room page's modules and the rooms' newest
	// pages are loaded.
	var settled, atOnce, atOnceScreen []float64
	for range 5 {
		tb.do(t, "open /rooms", chromedp.Navigate(origin+"/rooms"))
		pageWait(t, tb, "the list has settled", `!!document.querySelector('[data-room] a') &&
		  performance.getEntriesByType('resource').some((e) => e.name.endsWith('/chat/people.js'))`)
		tb.do(t, "the newest page is kept", chromedp.Poll[chromedp.Void](
			fmt.Sprintf(`import(new URL('socket.js', document.querySelector('script[type=module]').src)).then(({ socket }) => !!socket.kept(%q))`, room),
			chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(stepTimeout)))
		ms, _ := openRoom()
		settled = append(settled, ms)
	}
	t.Logf("open a room of %d messages from the settled list, cheap phone: %s", n, quantiles(settled))
	// Chosen the moment the list shows: the room page's modules and newest page may still
	// be on their way.
	for range 5 {
		tb.do(t, "open /rooms", chromedp.Navigate(origin+"/rooms"))
		pageWait(t, tb, "the list shows", `!!document.querySelector('[data-room] a')`)
		click, screen := openRoom()
		atOnce, atOnceScreen = append(atOnce, click), append(atOnceScreen, screen)
	}
	t.Logf("open a room of %d messages the moment the list shows, cheap phone: from the click %s; from the room's screen %s",
		n, quantiles(atOnce), quantiles(atOnceScreen))

	// A cold start: the room's address is opened in a fresh page.
	var cold []float64
	for range 3 {
		tb.do(t, "load the room's address", chromedp.Navigate(origin+"/rooms/"+room))
		ms := pageValue(t, tb, "wait for the last page", chromedp.Evaluate[float64](fmt.Sprintf(`new Promise((resolve) => {
		  const check = () => document.querySelector('.chat-list li.msg[data-seq="%d"]') ? resolve(performance.now()) : setTimeout(check, 2);
		  check();
		})`, n), chromedp.EvalAwaitPromise))
		cold = append(cold, ms)
	}
	t.Logf("load the room's address (page, modules, i18n, me, socket, history), cheap phone: %s", quantiles(cold))
	if os.Getenv("CASCADE_BENCH_BROWSER") == "requests" {
		t.Logf("requests of the last load: %q", pageValue(t, tb, "resources", chromedp.Evaluate[[]string](
			`performance.getEntriesByType('resource').map((e) => e.name.replace(location.origin, '') + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration) + 'ms ' + e.transferSize + 'B')`)))
	}

	// What one round trip on the socket costs under the emulation.
	wsRTT := pageValue(t, tb, "a socket round trip", chromedp.Evaluate[float64](fmt.Sprintf(`import(new URL('socket.js', document.querySelector('script[type=module]').src)).then(({ socket }) => new Promise((resolve) => {
	  const ctl = new AbortController();
	  const t0 = performance.now();
	  socket.on('history', () => { ctl.abort(); resolve(performance.now() - t0); }, { signal: ctl.signal });
	  socket.send({ type: 'history', room: %q, before: 2, limit: 1 });
	}))`, room), chromedp.EvalAwaitPromise))
	t.Logf("one history request and answer on the socket, cheap phone: %.0f ms", wsRTT)
	if wsRTT < 400 {
		t.Errorf("a socket round trip took %.0f ms through a 400 ms delay line", wsRTT)
	}
	lastPage := pageValue(t, tb, "the last page on the socket", chromedp.Evaluate[float64](fmt.Sprintf(`import(new URL('socket.js', document.querySelector('script[type=module]').src)).then(({ socket }) => new Promise((resolve) => {
	  const ctl = new AbortController();
	  const t0 = performance.now();
	  socket.on('history', () => { ctl.abort(); resolve(performance.now() - t0); }, { signal: ctl.signal });
	  socket.send({ type: 'history', room: %q, limit: 50 });
	}))`, room), chromedp.EvalAwaitPromise))
	t.Logf("the last page (50) on the socket, cheap phone: %.0f ms", lastPage)

	// Acks on loopback, without and with the CPU slowdown.
	line.oneWay.Store(0)
	for _, rate := range []float64{1, 4} {
		tb.do(t, "loopback", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			if _, err := cdp.Call(ctx, target, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, target, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{DownloadThroughput: -1, UploadThroughput: -1}},
			})
			return err
		}))
		tb.do(t, "open the room", chromedp.Navigate(origin+"/rooms/"+room), chromedp.WaitVisible(chromedp.CSS("#chat-input")))
		pageWait(t, tb, "the newest page shows", `document.querySelectorAll('.chat-list li.msg').length >= 20`)
		var acks []float64
		for i := range 20 {
			ms := pageValue(t, tb, "send and wait for the ack", chromedp.Evaluate[float64](fmt.Sprintf(`new Promise((resolve) => {
			  const input = document.querySelector('#chat-input');
			  const body = 'ack %v %d';
			  input.value = body;
			  const t0 = performance.now();
			  input.form.requestSubmit();
			  const check = () => [...document.querySelectorAll('.chat-list li.msg[data-state=sent] .msg-body')].some((b) => b.textContent === body)
			    ? resolve(performance.now() - t0) : setTimeout(check, 1);
			  check();
			})`, rate, i), chromedp.EvalAwaitPromise))
			acks = append(acks, ms)
		}
		t.Logf("send until shown as acked, loopback, %v× CPU: %s", rate, quantiles(acks))
	}
	cleanChat(t, tb, rosterMissing)
}

// TestBrowserChatHistory: a room with more history than one page shows its newest
// messages first and the older ones as the person scrolls up, each once and in order,
// with a separator for every day.
func TestBrowserChatHistory(t *testing.T) {
	findChromium(t)
	const n = 180
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	room := openExchange(t, srv).roomID
	anon := apitest.New(t, srv.URL, srv.URL)
	lead, mentor := userID(t, login(t, anon, "Esperança")), userID(t, login(t, anon, "Lerato"))
	srv.stop()
	seedRoom(t, dataDir, room, n, lead, mentor)
	srv = startServer(t, dataDir)
	probe := login(t, apitest.New(t, srv.URL, srv.URL), "Esperança")
	rosterMissing := probe.Invalid().Do(http.MethodGet, "/api/v1/rooms/"+room+"/members", nil).Status == http.StatusNotFound
	browser := startBrowser(t)
	en := appStrings(t, "en")

	tb := newTab(t, browser, srv.URL, true, "/api/v1/me")
	tb.do(t, "a phone-sized window", chromedp.EmulateViewport(360, 740))
	signIn(t, tb, en, "Esperança", testPassword)
	tb.do(t, "open the room", chromedp.Navigate(srv.URL+"/rooms/"+room))
	pageWait(t, tb, "the newest message shows", fmt.Sprintf(`!!document.querySelector('.chat-list li.msg[data-seq="%d"]')`, n))
	seqs := func() []int {
		return pageValue(t, tb, "read the seqs", chromedp.Evaluate[[]int](`[...document.querySelectorAll('.chat-list li.msg')].map((li) => Number(li.dataset.seq))`))
	}
	if first := seqs(); len(first) >= n || first[len(first)-1] != n {
		t.Fatalf("the room opened with seqs %v, want only the newest page, ending at %d", first, n)
	}
	// The newest message is in view: the log is scrolled to its end.
	if gap := pageValue(t, tb, "scroll position", chromedp.Evaluate[float64](`(() => { const el = document.querySelector('.chat-log'); return el.scrollHeight - el.scrollTop - el.clientHeight; })()`)); gap > 2 {
		t.Errorf("the log is %.0f px above its end after opening, want at the end", gap)
	}
	for range 20 {
		if len(seqs()) == n {
			break
		}
		// Scroll to the top, as a person would, and wait for the page to load.
		before := len(seqs())
		tb.do(t, "scroll up", chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector('.chat-log'); el.scrollTop = 0; })()`))
		pageWait(t, tb, "older messages load", fmt.Sprintf(`document.querySelectorAll('.chat-list li.msg').length > %d`, before))
	}
	got := seqs()
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(got, want) {
		t.Fatalf("after scrolling up the log shows seqs %v, want 1…%d once each, in order", got, n)
	}
	days := pageValue(t, tb, "day separators", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.chat-list .chat-day')].map((li) => li.textContent.trim())`))
	if len(days) < 10 || days[len(days)-1] != en["chat.day.today"] || days[len(days)-2] != en["chat.day.yesterday"] {
		t.Errorf("day separators %q, want one per day over ten days, ending with yesterday and today", days)
	}
	if w := pageValue(t, tb, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("the page is %d px wide at 360 px", w)
	}
	cleanChat(t, tb, rosterMissing)
}

// A mentor un-named by their lead loses the exchange room in the open browser: the
// page says why and leaves the room, and the list no longer shows it.
func TestBrowserMentorUnnamed(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	p := openExchange(t, srv)
	m := p.mentor(t, "Thandeka")
	browser := startBrowser(t)
	en := appStrings(t, "en")
	tab := newTab(t, browser, srv.URL, true, "/api/v1/me")
	signIn(t, tab, en, "Thandeka", testPassword)
	tab.do(t, "open the room", chromedp.Navigate(srv.URL+"/rooms/"+p.roomID), chromedp.WaitVisible(chromedp.CSS("#chat-input")))

	p.leadM.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgM+"/mentors/"+m.id, nil).Want(204)
	pageText(t, tab, "#main .note", en["chat.lost"])
	tab.do(t, "open the list", chromedp.Navigate(srv.URL+"/rooms"))
	pageText(t, tab, "#main .note", en["rooms.none"])
	if n := pageValue(t, tab, "the room in the list", chromedp.Evaluate[int](`document.querySelectorAll('[data-room="`+p.roomID+`"]').length`)); n != 0 {
		t.Errorf("the list still shows the room %d times after un-naming", n)
	}
	cleanChat(t, tab, false)
}
