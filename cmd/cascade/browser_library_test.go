package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

// downloaded is what the page got from a download link: the headers that decide how the
// browser treats it and the bytes.
type downloaded struct {
	Status      int    `json:"status"`
	Disposition string `json:"disposition"`
	NoSniff     string `json:"nosniff"`
	Type        string `json:"type"`
	Base64      string `json:"base64"`
}

// fetchDownload fetches the href of the link sel from inside the page, with its cookies.
func fetchDownload(t *testing.T, tb *browserTab, sel string) (downloaded, []byte) {
	t.Helper()
	js, _ := json.Marshal(sel)
	d := pageValue(t, tb, "fetch the download", chromedp.Evaluate[downloaded](fmt.Sprintf(`(async () => {
	  const r = await fetch(document.querySelector(%s).href, { credentials: 'same-origin' });
	  const b = new Uint8Array(await r.arrayBuffer());
	  let s = ''; for (const x of b) s += String.fromCharCode(x);
	  return { status: r.status, disposition: r.headers.get('Content-Disposition') || '', nosniff: r.headers.get('X-Content-Type-Options') || '',
	           type: r.headers.get('Content-Type') || '', base64: btoa(s) };
	})()`, js), chromedp.EvalAwaitPromise))
	body, err := base64.StdEncoding.DecodeString(d.Base64)
	if err != nil {
		t.Fatal(err)
	}
	return d, body
}

// narrow checks that the page fits 360 px without sideways scrolling.
func narrow(t *testing.T, tb *browserTab, screen string) {
	t.Helper()
	tb.do(t, "360 px", chromedp.EmulateViewport(360, 800))
	if w := pageValue(t, tb, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("%s at 360 px is %d px wide", screen, w)
	}
	tb.do(t, "viewport back", chromedp.EmulateViewport(1024, 768))
}

// resourceID is the id of the resource page the tab shows.
func resourceID(t *testing.T, tb *browserTab) string {
	t.Helper()
	p := pathNow(t, tb)
	id, ok := strings.CutPrefix(p, "/library/")
	if !ok || id == "" || id == "new" {
		t.Fatalf("the tab is at %s, not a resource", p)
	}
	return id
}

// fillResource fills the description part of the new-resource form (visibility "":
// programme material, which has no choice).
func fillResource(t *testing.T, tb *browserTab, title, visibility string) {
	t.Helper()
	typeText(t, tb, "#new-title", title)
	typeText(t, tb, "#new-summary", "How we train peer educators.")
	tb.do(t, "tick the first topic", chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name=topics]').click()`))
	check(t, tb, "input[name=audience][value=peer_educators]")
	if visibility != "" {
		check(t, tb, "input[name=visibility][value="+visibility+"]")
	}
}

// TestBrowserLibrary walks the training library in the browser against the real server:
// a lead adds a JPEG carrying canary metadata through the form (a file too large is
// refused before it is sent, one the server refuses says why) and the download has no
// canary; a partner organisation adapts it and the family tree shows both; a third
// organisation gets the not-available screen; a resource shared in the exchange room shows
// as a card that opens for a room member, and one the member may not see says so; the
// exchange's Resources section attaches a resource, which the other party may then open;
// the members page lets the lead allow a contributor; a report reaches the admin's
// queue, which opens the resource and takes it down; the admin publishes programme
// material that the third organisation reads; the list's filters; the screens in
// Portuguese, at 360 px and in discreet mode.
func TestBrowserLibrary(t *testing.T) {
	findChromium(t)
	srv := startServer(t, t.TempDir())
	chrome := startBrowser(t)
	en, pt := appStrings(t, "en"), appStrings(t, "pt")
	p := openExchange(t, srv)
	_, orgT := apply(t, p.anon, "Nandi", emergingProfile("Sisonke Third"))
	p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgT+"/approve", nil).Want(200)
	wren := canary("Wren")
	joinedMember(t, p.leadE, p.anon, p.orgE, wren)

	dir := t.TempDir()
	// The photo carries sanitizetest's canary in EXIF (artist, camera, GPS), XMP and a comment.
	secret := sanitizetest.Canary
	photo := filepath.Join(dir, "outreach.jpg")
	original := sanitizetest.JPEG(t, sanitizetest.TwoColour(32, 24), 1)
	if len(sanitizetest.Leaks(t, original)) == 0 {
		t.Fatal("the photo to upload carries no canary")
	}
	if err := os.WriteFile(photo, original, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.pdf")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 25<<20+1); err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(dir, "notes.pdf")
	if err := os.WriteFile(fake, []byte("this is not a PDF at all"), 0o600); err != nil {
		t.Fatal(err)
	}

	// Esperança (lead of Coletivo Kianda) finds the library in the menu and adds the photo.
	te := newTab(t, chrome, srv.URL, true, "/api/v1/me")
	signIn(t, te, en, "Esperança", testPassword)
	clickText(t, te, "#top nav a", en["library.nav"])
	pageText(t, te, "#main h1", en["library.heading"])
	pageText(t, te, "[data-count]", fill(en["library.count.other"], map[string]string{"n": "0"}))
	checkScreen(t, te, "library")
	clickText(t, te, "#main a", en["library.add"])
	pageText(t, te, "#main h1", en["library.new.title"])
	pageText(t, te, "[data-metadata-note]", en["library.metadataNote"])
	checkScreen(t, te, "library new")
	narrow(t, te, "library new")

	fillResource(t, te, "Outreach photo", "partners")
	// Larger than 25 MB: refused here, before anything is sent.
	// (The list asked /api/v1/library too: what counts is what the form adds.)
	posts := func() int {
		return len(slices.DeleteFunc(te.requested(), func(u string) bool { return u != srv.URL+"/api/v1/library" }))
	}
	listed := posts()
	te.do(t, "choose a file of 25 MB and a byte", chromedp.SetUploadFiles(chromedp.CSS("#new-file"), []string{big}))
	submitForm(t, te, "form[data-library-new]")
	pageText(t, te, "#new-error", en["error.file_too_large"])
	pageWait(t, te, "the file input is marked", `document.getElementById('new-file').getAttribute('aria-invalid') === 'true'`)
	if n := posts() - listed; n != 0 {
		t.Errorf("a file too large was sent anyway (%d requests)", n)
	}
	// Not what it says it is: the server refuses, and the page says why.
	te.do(t, "choose a file that is no PDF", chromedp.SetUploadFiles(chromedp.CSS("#new-file"), []string{fake}))
	submitForm(t, te, "form[data-library-new]")
	pageWait(t, te, "the server's refusal is shown", `document.getElementById('new-error').textContent.trim() !== ''`)
	if got := pathNow(t, te); got != "/library/new" {
		t.Fatalf("a refused file left the form for %s", got)
	}
	expectRefusal(t, te, "/api/v1/library")
	refusal := pageValue(t, te, "the refusal", chromedp.Evaluate[string](`document.getElementById('new-error').textContent.trim()`))
	if refusal != en["error.unsupported_file"] && refusal != en["error.malformed_file"] {
		t.Errorf("the server's refusal of a false PDF reads %q, want the text of unsupported_file or malformed_file", refusal)
	}
	if n := posts() - listed; n != 1 {
		t.Errorf("the false PDF went in %d requests, want 1", n)
	}
	te.do(t, "choose the photo", chromedp.SetUploadFiles(chromedp.CSS("#new-file"), []string{photo}))
	submitForm(t, te, "form[data-library-new]")
	pageText(t, te, "#main h1", "Outreach photo")
	photoID := resourceID(t, te)
	pageText(t, te, "[data-owner]", "Coletivo Kianda")
	checkScreen(t, te, "library resource")

	d, body := fetchDownload(t, te, "a[data-download]")
	if d.Status != http.StatusOK || !strings.HasPrefix(d.Disposition, "attachment") || d.NoSniff != "nosniff" {
		t.Errorf("the download: status %d, Content-Disposition %q, X-Content-Type-Options %q; want 200, attachment, nosniff", d.Status, d.Disposition, d.NoSniff)
	}
	if leaks := sanitizetest.Leaks(t, body); len(leaks) > 0 {
		t.Errorf("the downloaded photo still carries the canary %q: %v", secret, leaks)
	}
	if _, err := jpeg.Decode(bytes.NewReader(body)); err != nil {
		t.Errorf("the downloaded photo is no JPEG (%d bytes, %s): %v", len(body), d.Type, err)
	}

	// A text page only Coletivo Kianda sees; its text is shown as text.
	te.do(t, "open the form again", chromedp.Navigate(srv.URL+"/library/new"))
	check(t, te, "input[name=kind][value=page]")
	fillResource(t, te, "Our own notes", "org")
	typeText(t, te, "#new-body", "<b>not bold</b>\nsecond line")
	submitForm(t, te, "form[data-library-new]")
	pageText(t, te, "#main h1", "Our own notes")
	notesID := resourceID(t, te)
	pageText(t, te, "[data-page-body]", "<b>not bold</b>\nsecond line")
	if n := pageValue(t, te, "elements in the page text", chromedp.Evaluate[int](`document.querySelector('[data-page-body]').querySelectorAll('b').length`)); n != 0 {
		t.Errorf("the page's text became %d elements", n)
	}

	// Lerato (lead of the partner organisation) sees the photo and adapts it.
	tm := newTab(t, chrome, srv.URL, true, "/api/v1/me")
	signIn(t, tm, en, "Lerato", testPassword)
	tm.do(t, "open the library", chromedp.Navigate(srv.URL+"/library"))
	pageText(t, tm, "[data-count]", fill(en["library.count.one"], map[string]string{"n": "1"}))
	follow(t, tm, fmt.Sprintf(`[data-resource=%q] a`, photoID))
	pageText(t, tm, "#main h1", "Outreach photo")
	follow(t, tm, "[data-adapt-open]")
	setField(t, tm, "#ad-language", "pt")
	setField(t, tm, "#ad-title", "Outreach photo (Português)")
	typeText(t, tm, "#ad-context", "Peer educators in Maputo")
	typeText(t, tm, "#ad-changes", "Captions translated")
	check(t, tm, "input[name=kind][value=page]")
	typeText(t, tm, "#ad-body", "Legendas em português")
	checkScreen(t, tm, "library adapt")
	submitForm(t, tm, "form[data-adapt]")
	pageText(t, tm, "#main h1", "Outreach photo (Português)")
	adaptID := resourceID(t, tm)
	pageText(t, tm, fmt.Sprintf(`[data-tree] a[data-node=%q]`, photoID), "Outreach photo")
	pageText(t, tm, fmt.Sprintf(`[data-tree] [aria-current][data-node=%q]`, adaptID), "Outreach photo (Português)")
	pageText(t, tm, "[data-adapted] a", "Outreach photo")
	checkScreen(t, tm, "library adaptation")
	// The library's filters: Portuguese leaves the adaptation alone.
	tm.do(t, "open the library", chromedp.Navigate(srv.URL+"/library"))
	pageText(t, tm, "[data-count]", fill(en["library.count.other"], map[string]string{"n": "2"}))
	setField(t, tm, "#lib-language", "pt")
	submitForm(t, tm, "form[data-library-filter]")
	pageText(t, tm, "[data-count]", fill(en["library.count.one"], map[string]string{"n": "1"}))
	pageWait(t, tm, "the adaptation is the one", fmt.Sprintf(`!!document.querySelector('[data-resource=%q]') && location.search === '?language=pt'`, adaptID))
	// From the source, the tree shows the adaptation one level down: Ikhaya keeps it to
	// itself, so Esperança sees that there is one and nothing of it.
	te.do(t, "open the photo", chromedp.Navigate(srv.URL+"/library/"+photoID))
	pageText(t, te, "[data-tree] > li > ul > li [data-hidden-node]", en["library.tree.hidden"])
	if n := pageValue(t, te, "nodes named", chromedp.Evaluate[int](`document.querySelectorAll('[data-tree] [data-node]').length`)); n != 1 {
		t.Errorf("the tree names %d resources to Esperança, want 1 (her own)", n)
	}
	if tree := pageValue(t, te, "the tree's text", chromedp.Evaluate[string](`document.querySelector('[data-tree]').textContent`)); strings.Contains(tree, "Português") || strings.Contains(tree, "Ikhaya") {
		t.Errorf("the tree tells Esperança of the hidden adaptation: %q", tree)
	}
	// The partner may not see Coletivo Kianda's own notes.
	tm.do(t, "open the notes", chromedp.Navigate(srv.URL+"/library/"+notesID))
	pageText(t, tm, "#main h1", en["library.unavailable.title"])
	expectRefusal(t, tm, "/api/v1/library/"+notesID)
	expectRefusal(t, tm, "/api/v1/library/"+notesID+"/tree")

	// A third organisation, with no exchange with Coletivo Kianda, gets the not-available screen.
	tt := newTab(t, chrome, srv.URL, true, "/api/v1/me")
	signIn(t, tt, en, "Nandi", testPassword)
	tt.do(t, "open the photo", chromedp.Navigate(srv.URL+"/library/"+photoID))
	pageText(t, tt, "#main h1", en["library.unavailable.title"])
	pageText(t, tt, "[data-unavailable]", en["library.unavailable.text"])
	expectRefusal(t, tt, "/api/v1/library/"+photoID)
	expectRefusal(t, tt, "/api/v1/library/"+photoID+"/tree")
	checkScreen(t, tt, "library unavailable")
	tt.do(t, "open the library", chromedp.Navigate(srv.URL+"/library"))
	pageText(t, tt, "[data-count]", fill(en["library.count.other"], map[string]string{"n": "0"}))
	tt.clean(t)

	// The exchange's Resources section: Esperança attaches her notes; Lerato then opens them.
	te.do(t, "open the exchange", chromedp.Navigate(srv.URL+"/orgs/"+p.orgE+"/exchanges/"+p.exchangeID))
	pageText(t, te, "#xres-h", en["library.exchange.title"])
	pageWait(t, te, "the notes can be attached", fmt.Sprintf(`!!document.querySelector('#xres-choose option[value=%q]')`, notesID))
	setField(t, te, "#xres-choose", notesID)
	submitForm(t, te, "form[data-attach]")
	waitStatus(t, te, fill(en["library.exchange.attached"], map[string]string{"title": "Our own notes"}))
	checkScreen(t, te, "exchange resources")
	tm.do(t, "open the exchange", chromedp.Navigate(srv.URL+"/orgs/"+p.orgM+"/exchanges/"+p.exchangeID))
	follow(t, tm, fmt.Sprintf(`[data-exchange-resources] [data-resource=%q] a`, notesID))
	pageText(t, tm, "#main h1", "Our own notes")
	// Detached, the notes are Coletivo Kianda's alone again.
	te.do(t, "detach", chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-exchange-resources] [data-resource=%q] button`, notesID))))
	waitStatus(t, te, fill(en["library.exchange.detached"], map[string]string{"title": "Our own notes"}))
	pageText(t, te, "[data-exchange-resources] [data-empty]", en["library.exchange.none"])
	tm.do(t, "open the notes again", chromedp.Reload())
	pageText(t, tm, "#main h1", en["library.unavailable.title"])
	expectRefusal(t, tm, "/api/v1/library/"+notesID)
	expectRefusal(t, tm, "/api/v1/library/"+notesID+"/tree")

	// The members page: storage used, and a member allowed to add resources. Before, the
	// member reads the library with no way to add to it.
	tw := newTab(t, chrome, srv.URL, true, "/api/v1/me")
	signIn(t, tw, en, wren, testPassword)
	tw.do(t, "open the library", chromedp.Navigate(srv.URL+"/library"))
	pageWait(t, tw, "the library is listed", `!!document.querySelector('[data-count]')`)
	if pageValue(t, tw, "an add link", chromedp.Evaluate[bool](`!!document.querySelector('#main a[href="/library/new"]')`)) {
		t.Errorf("a member not allowed to add resources is offered to")
	}
	te.do(t, "open the members", chromedp.Navigate(srv.URL+"/orgs/"+p.orgE+"/members"))
	pageWait(t, te, "the storage used shows", `!!document.querySelector('[data-usage]')`)
	clickText(t, te, "[data-library-members] button", fill(en["library.contributors.allow"], map[string]string{"pseudonym": wren}))
	waitStatus(t, te, fill(en["library.contributors.allowed"], map[string]string{"pseudonym": wren}))
	pageWait(t, te, "the members list names the contributor", fmt.Sprintf(`[...document.querySelectorAll('#main .rows li')].some((li) => li.textContent.includes(%q) && li.textContent.includes(%q))`, wren, en["role.contributor"]))
	pageWait(t, te, "the button now stops them", fmt.Sprintf(`[...document.querySelectorAll('[data-library-members] button')].some((b) => b.textContent.trim() === %q)`,
		fill(en["library.contributors.stop"], map[string]string{"pseudonym": wren})))
	checkScreen(t, te, "members with library")
	// Allowed, the member finds the way to add a resource.
	tw.do(t, "open the library again", chromedp.Reload())
	clickText(t, tw, "#main a", en["library.add"])
	pageText(t, tw, "#main h1", en["library.new.title"])
	// A contributor adds and edits; deleting stays with the leads.
	check(t, tw, "input[name=kind][value=page]")
	fillResource(t, tw, "Wren's checklist", "org")
	typeText(t, tw, "#new-body", "Water, condoms, phone credit")
	submitForm(t, tw, "form[data-library-new]")
	pageText(t, tw, "#main h1", "Wren's checklist")
	pageWait(t, tw, "edit, and no delete", `!!document.querySelector('[data-edit-open]') && !document.querySelector('[data-delete]')`)
	tw.clean(t)

	// In Portuguese, at 360 px, and in discreet mode.
	te.do(t, "open the photo", chromedp.Navigate(srv.URL+"/library/"+photoID))
	pageText(t, te, "#main h1", "Outreach photo")
	choosePortuguese(t, te)
	pageText(t, te, "#tree-h", pt["library.tree.title"])
	pageText(t, te, "#manage-h", pt["library.manage"])
	checkScreen(t, te, "library resource pt")
	te.do(t, "open the form", chromedp.Navigate(srv.URL+"/library/new"))
	pageText(t, te, "#main h1", pt["library.new.title"])
	pageText(t, te, "[data-metadata-note]", pt["library.metadataNote"])
	checkScreen(t, te, "library new pt")
	te.do(t, "open the library", chromedp.Navigate(srv.URL+"/library"))
	pageText(t, te, "#main h1", pt["library.heading"])
	checkScreen(t, te, "library pt")
	narrow(t, te, "library pt")
	colorScheme(t, te, "dark")
	checkAxe(t, te, "library pt, dark")
	colorScheme(t, te, "light")
	te.do(t, "discreet mode", chromedp.Evaluate[chromedp.Void](`localStorage.setItem('discreet', '1')`),
		chromedp.Navigate(srv.URL+"/library/"+photoID))
	pageText(t, te, "#main h1", "Outreach photo")
	pageWait(t, te, "the title is neutral", fmt.Sprintf(`document.title === %q`, pt["discreet.title"]))
	narrow(t, te, "library resource")

	// In the exchange room Esperança shares the photo and the notes; Lerato sees the photo's
	// card and opens it, and the notes' card says they are not available to him.
	te.do(t, "open the room", chromedp.Navigate(srv.URL+"/rooms/"+p.roomID))
	pageWait(t, te, "the room is open", `!!document.querySelector('#chat-input')`)
	for _, id := range []string{photoID, notesID} {
		follow(t, te, "[data-share]")
		pageWait(t, te, "the share panel lists the resource", fmt.Sprintf(`!!document.querySelector('#chat-share-resource option[value=%q]')`, id))
		if id == photoID {
			pageWait(t, te, "the panel has the focus", `document.activeElement && document.activeElement.id === 'chat-share-resource'`)
			checkAxe(t, te, "share panel")
			narrow(t, te, "share panel")
		}
		setField(t, te, "#chat-share-resource", id)
		submitForm(t, te, "form[data-share-panel]")
		pageWait(t, te, "the card shows, sent", fmt.Sprintf(`!!document.querySelector('li.msg[data-state=sent] [data-resource-card=%q][data-state=ok]')`, id))
	}
	checkScreen(t, te, "room with resources")
	tm.do(t, "open the room", chromedp.Navigate(srv.URL+"/rooms/"+p.roomID))
	pageText(t, tm, fmt.Sprintf(`[data-resource-card=%q] .res-card-title`, photoID), "Outreach photo")
	pageText(t, tm, fmt.Sprintf(`[data-resource-card=%q]`, notesID), en["library.chat.unavailable"])
	if log := pageValue(t, tm, "the room's text", chromedp.Evaluate[string](`document.querySelector('.chat-log').textContent`)); strings.Contains(log, "Our own notes") {
		t.Errorf("the room shows Lerato the title of notes he may not see")
	}
	expectRefusal(t, tm, "/api/v1/library/"+notesID)
	checkScreen(t, tm, "room with resources, partner")
	colorScheme(t, tm, "dark")
	checkAxe(t, tm, "room with resources, partner, dark")
	colorScheme(t, tm, "light")
	follow(t, tm, fmt.Sprintf(`[data-resource-card=%q] a`, photoID))
	pageText(t, tm, "#main h1", "Outreach photo")

	// Lerato reports the photo; Esperança edits her notes and deletes them.
	tm.do(t, "open the photo", chromedp.Navigate(srv.URL+"/library/"+photoID))
	follow(t, tm, "[data-report-open]")
	setField(t, tm, "#rp-reason", "other")
	typeText(t, tm, "#rp-text", "The faces can be recognised")
	checkScreen(t, tm, "library report")
	submitForm(t, tm, "form[data-report]")
	waitStatus(t, tm, en["library.report.sent"])
	te.do(t, "open the notes", chromedp.Navigate(srv.URL+"/library/"+notesID))
	follow(t, te, "[data-edit-open]")
	setField(t, te, "#ed-title", "Our notes, revised")
	checkScreen(t, te, "library edit")
	submitForm(t, te, "form[data-edit]")
	pageText(t, te, "#main h1", "Our notes, revised")
	follow(t, te, "[data-delete]")
	follow(t, te, "[data-delete-confirm]")
	pageWait(t, te, "back in the library", `location.pathname === '/library' && !!document.querySelector('[data-count]')`)
	if n := pageValue(t, te, "resources listed", chromedp.Evaluate[int](`document.querySelectorAll('[data-resource]').length`)); n != 2 {
		t.Errorf("after the delete the library lists %d resources to Esperança, want 2 (the photo, Wren's checklist)", n)
	}
	if pageValue(t, te, "the notes listed", chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector('[data-resource=%q]')`, notesID))) {
		t.Errorf("the deleted notes are still listed")
	}
	tm.clean(t)
	te.clean(t)

	// The admin finds Lerato's report in the queue, opens the photo through it and takes
	// it down.
	ta := newTab(t, chrome, srv.URL, true, "/api/v1/me")
	signIn(t, ta, en, "Kestrel", testPassword)
	ta.do(t, "open the queue", chromedp.Navigate(srv.URL+"/admin/reports"))
	pageWait(t, ta, "the report is listed as a resource's", fmt.Sprintf(`[...document.querySelectorAll('[data-report]')].some((li) => li.textContent.includes(%q))`, en["library.report.queueItem"]))
	follow(t, ta, "[data-report] a")
	pageWait(t, ta, "the reported resource is named", `!!document.querySelector('[data-reported-resource]')`)
	report := pathNow(t, ta)
	checkScreen(t, ta, "resource report")
	follow(t, ta, "[data-reported-resource]")
	pageText(t, ta, "#main h1", "Outreach photo")
	// Staff read the reported resource, not its family: no tree for them.
	expectRefusal(t, ta, "/api/v1/library/"+photoID+"/tree")
	if pageValue(t, ta, "a tree shown", chromedp.Evaluate[bool](`!!document.querySelector('#tree-h')`)) {
		t.Errorf("the staff's view of a reported resource shows a family tree")
	}
	d, body = fetchDownload(t, ta, "a[data-download]")
	if d.Status != http.StatusOK || bytes.Contains(body, []byte(secret)) {
		t.Errorf("the admin's download of the reported photo: %d, canary present %v", d.Status, bytes.Contains(body, []byte(secret)))
	}
	ta.do(t, "back to the report", chromedp.Navigate(srv.URL+report))
	follow(t, ta, "button[data-act=remove]")
	waitStatus(t, ta, en["library.report.takenDown"])
	if r := p.leadE.Do(http.MethodGet, "/api/v1/library/"+photoID, nil); r.Status != http.StatusNotFound {
		t.Errorf("after the take-down the photo answers its owner %d, want 404", r.Status)
	}

	// The admin publishes programme material, which the third organisation then reads.
	ta.do(t, "open the form", chromedp.Navigate(srv.URL+"/library/new"))
	pageWait(t, ta, "programme material goes to all", `!!document.querySelector('[data-programme-note]') && !document.querySelector('input[name=visibility]')`)
	check(t, ta, "input[name=kind][value=page]")
	fillResource(t, ta, "Health, Rights & Safety", "")
	typeText(t, ta, "#new-body", "Chapter one")
	submitForm(t, ta, "form[data-library-new]")
	pageText(t, ta, "#main h1", "Health, Rights & Safety")
	pageText(t, ta, "[data-owner]", en["library.programme"])
	checkScreen(t, ta, "programme material")
	programmeID := resourceID(t, ta)
	tt.do(t, "open the library", chromedp.Navigate(srv.URL+"/library"))
	follow(t, tt, fmt.Sprintf(`[data-resource=%q] a`, programmeID))
	pageText(t, tt, "[data-page-body]", "Chapter one")
	ta.clean(t)
	tt.clean(t)
}

// expectRefusal waits until the tab logged the refusal (4xx) of path that the test expects,
// and takes it from the tab's problems: Chrome logs every refused fetch as an error.
func expectRefusal(t *testing.T, tb *browserTab, path string) {
	t.Helper()
	url := tb.origin + path + ":"
	match := func(p string) bool { return strings.Contains(p, " "+url) && strings.Contains(p, "status of 4") }
	found := func() bool {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		return slices.ContainsFunc(tb.problems, match)
	}
	if !eventually(stepTimeout, found) {
		t.Fatalf("the tab logged no refusal of %s%s", path, tb.describe())
	}
	tb.mu.Lock()
	tb.problems = slices.DeleteFunc(tb.problems, match)
	tb.mu.Unlock()
}
