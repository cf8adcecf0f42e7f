package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

// resourceOut is a resource as the API answers it.
type resourceOut struct {
	ID         string  `json:"id"`
	Kind       string  `json:"kind"`
	Title      string  `json:"title"`
	Visibility string  `json:"visibility"`
	Programme  bool    `json:"programme"`
	Source     *string `json:"source"`
	Org        *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"org"`
	File *struct {
		Name        string `json:"name"`
		Size        int64  `json:"size"`
		ContentType string `json:"content_type"`
	} `json:"file"`
	Body      *string `json:"body"`
	CanManage bool    `json:"can_manage"`
	CanAdapt  bool    `json:"can_adapt"`
}

// meta is a valid description of a resource of org (none for programme material).
func meta(org, kind, visibility, title string) map[string]any {
	m := map[string]any{
		"kind": kind, "title": title, "summary": "For peer educators", "topics": []string{"peer_outreach"},
		"language": "pt", "audience": []string{"peer_educators"}, "licence": "cc_by", "visibility": visibility,
	}
	if org != "" {
		m["org"] = org
	}
	if kind == "page" {
		m["body"] = "Start with the people you know."
	}
	return m
}

// upload posts a resource (to path: /api/v1/library or an adaptations path) with file.
func upload(t testing.TB, c *apitest.Client, path string, m map[string]any, name string, file []byte) *apitest.Response {
	t.Helper()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	body, ct := multipartBody(t, data, name, file)
	return c.DoRaw(http.MethodPost, path, ct, body, nil)
}

// addResource uploads a resource and returns it.
func addResource(t testing.TB, c *apitest.Client, m map[string]any, name string, file []byte) resourceOut {
	t.Helper()
	var r resourceOut
	upload(t, c, "/api/v1/library", m, name, file).Want(201).JSON(&r)
	return r
}

// listed returns the ids c's library lists for query.
func listed(t testing.TB, c *apitest.Client, query string) []string {
	t.Helper()
	var out struct {
		Resources []resourceOut `json:"resources"`
	}
	c.Do(http.MethodGet, "/api/v1/library"+query, nil).Want(200).JSON(&out)
	ids := []string{}
	for _, r := range out.Resources {
		ids = append(ids, r.ID)
	}
	return ids
}

// threeOrgs is an accepted exchange between A (Coletivo Kianda) and B (Ikhaya Peer
// Collective), and C, an approved organisation that has no exchange with either.
type threeOrgs struct {
	*exchangeParties
	leadC   *apitest.Client
	orgC    string
	memberA member
}

func newThreeOrgs(t *testing.T, srv *instance) *threeOrgs {
	t.Helper()
	p := &threeOrgs{exchangeParties: openExchange(t, srv)}
	p.leadC, p.orgC = apply(t, p.anon, "Nomvula", establishedProfile("Sisonke Umoja"))
	p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.orgC+"/approve", nil).Want(200)
	p.memberA = p.invite(t, p.leadE, p.orgE, "Tchissola")
	return p
}

// TestLibraryVisibilityAcrossThreeOrganisations: for each visibility, every way of
// reading or passing on a resource (get, file, tree, list, adapt, a chat reference)
// answers the readers it names and nobody else, and a refusal is
// byte for byte the answer for a resource that does not exist.
func TestLibraryVisibilityAcrossThreeOrganisations(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := newThreeOrgs(t, srv)
	missing := p.leadC.Do(http.MethodGet, "/api/v1/library/nosuchresource", nil).Want(404)
	missingFile := p.leadC.Do(http.MethodGet, "/api/v1/library/nosuchresource/file", nil).Want(404)

	jpg := smallJPEG(t)
	res := map[string]resourceOut{}
	for _, vis := range []string{"org", "partners", "all"} {
		res[vis] = addResource(t, p.leadE, meta(p.orgE, "file", vis, "Manual "+vis), "manual.jpg", jpg)
	}
	readers := map[string]*apitest.Client{"A lead": p.leadE, "A member": p.memberA.client, "B lead": p.leadM, "C lead": p.leadC, "admin": p.admin}
	// A community space where everyone but the admin (staff write in no room) refers to resources.
	var space idOf
	p.leadC.Do(http.MethodPost, "/api/v1/rooms", map[string]any{"title": "Materials", "access": "open"}).Want(201).JSON(&space)
	sockets := map[string]*websocket.Conn{}
	for name, c := range readers {
		if name == "admin" {
			continue
		}
		if name != "C lead" {
			c.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)
		}
		sockets[name] = mustDial(t, srv, c)
		joinRoom(t, sockets[name], space.ID)
	}
	sees := map[string][]string{
		"org":      {"A lead", "A member"},
		"partners": {"A lead", "A member", "B lead"},
		"all":      {"A lead", "A member", "B lead", "C lead", "admin"},
	}
	for vis, r := range res {
		for name, c := range readers {
			want := slices.Contains(sees[vis], name)
			get := c.Do(http.MethodGet, "/api/v1/library/"+r.ID, nil)
			file := c.Do(http.MethodGet, "/api/v1/library/"+r.ID+"/file", nil)
			tree := c.Do(http.MethodGet, "/api/v1/library/"+r.ID+"/tree", nil)
			inList := slices.Contains(listed(t, c, ""), r.ID)
			if ws := sockets[name]; ws != nil {
				send(t, ws, map[string]any{"type": "send", "room": space.ID, "client_id": vis + name, "body": "See", "resource": r.ID})
				f := collectOne(t, ws, "ack", "error")
				if (f.Type == "ack") != want || (!want && f.Code != "resource_unavailable") {
					t.Errorf("%s: %s refers to it in a room: got %+v, want ack = %v", vis, name, f, want)
				}
			}
			if !want {
				for what, got := range map[string]*apitest.Response{"get": get, "file": file, "tree": tree} {
					ref := missing
					if what == "file" {
						ref = missingFile
					}
					if got.Status != 404 || !bytes.Equal(got.Body, ref.Body) {
						t.Errorf("%s: %s reads %s: got %d %s, want the 404 of a missing resource", vis, name, what, got.Status, got.Body)
					}
				}
				if inList {
					t.Errorf("%s: %s's list holds it", vis, name)
				}
				adapt := upload(t, c, "/api/v1/library/"+r.ID+"/adaptations", adaptationMeta(orgOf(p, name)), "a.jpg", jpg)
				if adapt.Status != 404 || adapt.ErrorCode() != "not_found" {
					t.Errorf("%s: %s adapts it: got %d %s, want 404", vis, name, adapt.Status, adapt.Body)
				}
				continue
			}
			if get.Status != 200 || file.Status != 200 || tree.Status != 200 || !inList {
				t.Errorf("%s: %s: get %d, file %d, tree %d, listed %v; want 200s and listed", vis, name, get.Status, file.Status, tree.Status, inList)
			}
		}
	}
	// B may not attach what it may not see; once A attaches it to their exchange, B reads it.
	xPath := func(org string) string { return "/api/v1/orgs/" + org + "/exchanges/" + p.exchangeID + "/resources" }
	if r := p.leadM.Do(http.MethodPost, xPath(p.orgM), map[string]string{"resource": res["org"].ID}); r.Status != 404 {
		t.Errorf("B attaches A's org-only resource: got %d %s, want 404", r.Status, r.Body)
	}
	if r := p.leadC.Do(http.MethodGet, xPath(p.orgC), nil); r.Status != 404 {
		t.Errorf("C lists the resources of an exchange it is not in: got %d, want 404", r.Status)
	}
	p.leadE.Do(http.MethodPost, xPath(p.orgE), map[string]string{"resource": res["org"].ID}).Want(201)
	p.leadM.Do(http.MethodGet, "/api/v1/library/"+res["org"].ID, nil).Want(200)
	if got := p.leadM.Do(http.MethodGet, "/api/v1/library/"+res["org"].ID+"/file", nil).Want(200).Body; !bytes.Equal(got, p.leadE.Do(http.MethodGet, "/api/v1/library/"+res["org"].ID+"/file", nil).Body) {
		t.Error("B downloads other bytes than A")
	}
	var attached struct {
		Resources []resourceOut `json:"resources"`
	}
	p.leadM.Do(http.MethodGet, xPath(p.orgM), nil).Want(200).JSON(&attached)
	if len(attached.Resources) != 1 || attached.Resources[0].ID != res["org"].ID {
		t.Errorf("B's exchange lists %+v, want the attached resource", attached.Resources)
	}
	p.leadC.Do(http.MethodGet, "/api/v1/library/"+res["org"].ID, nil).Want(404)
	p.leadE.Do(http.MethodDelete, xPath(p.orgE)+"/"+res["org"].ID, nil).Want(204)
	p.leadM.Do(http.MethodGet, "/api/v1/library/"+res["org"].ID, nil).Want(404)

	// A suspended owner's resources disappear from everyone else's view.
	p.admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+p.orgE+"/suspend", map[string]string{"reason": "Checking a report"}).Want(200)
	for _, c := range []*apitest.Client{p.leadM, p.leadC, p.admin} {
		if got := listed(t, c, ""); len(got) != 0 {
			t.Errorf("after A is suspended others list %v", got)
		}
		c.Do(http.MethodGet, "/api/v1/library/"+res["all"].ID, nil).Want(404)
	}
}

func orgOf(p *threeOrgs, reader string) string {
	switch {
	case strings.HasPrefix(reader, "A"):
		return p.orgE
	case strings.HasPrefix(reader, "B"):
		return p.orgM
	case strings.HasPrefix(reader, "C"):
		return p.orgC
	}
	return ""
}

func adaptationMeta(org string) map[string]any {
	vis := "org"
	if org == "" {
		vis = "all"
	}
	m := meta(org, "file", vis, "Adapted manual")
	m["adaptation"] = map[string]any{"language": "pt", "context": "Street outreach in Luanda", "changes": "Translated and shortened"}
	return m
}

// TestLibraryUploadStripsMetadata: files carrying canary metadata are stored and
// served without it (the raw data folder included), as attachments that no browser
// renders; deleting one leaves none of its bytes in the raw data folder.
func TestLibraryUploadStripsMetadata(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	p := newThreeOrgs(t, srv)
	img := sanitizetest.TwoColour(64, 48)
	for _, tc := range []struct {
		name, file, contentType string
		data                    []byte
	}{
		{"jpeg", "photo \"GPS\".jpeg", "image/jpeg", sanitizetest.JPEG(t, img, 6)},
		{"png", "screen.png", "image/png", sanitizetest.PNG(t, img, 1)},
		{"pdf", "Manual – Maputo.pdf", "application/pdf", sanitizetest.PDF(t, 0)},
		{"docx", "Plano.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", sanitizetest.DOCX(t)},
		{"odt", "Guião.odt", "application/vnd.oasis.opendocument.text", sanitizetest.ODT(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(sanitizetest.Leaks(t, tc.data)) == 0 {
				t.Fatal("the fixture carries no canary")
			}
			r := addResource(t, p.leadE, meta(p.orgE, "file", "all", "Canary "+tc.name), tc.file, tc.data)
			if r.File == nil || r.File.ContentType != tc.contentType {
				t.Fatalf("file = %+v, want content type %s", r.File, tc.contentType)
			}
			got := p.leadC.Do(http.MethodGet, "/api/v1/library/"+r.ID+"/file", nil).Want(200)
			if leaks := sanitizetest.Leaks(t, got.Body); len(leaks) > 0 || int64(len(got.Body)) != r.File.Size {
				t.Errorf("served %d bytes (listed %d), with the canary in %v", len(got.Body), r.File.Size, leaks)
			}
			for h, want := range map[string]string{
				"Content-Type": tc.contentType, "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store",
			} {
				if v := got.Header.Get(h); v != want {
					t.Errorf("%s = %q, want %q", h, v, want)
				}
			}
			if cd := got.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; ") || !strings.Contains(cd, "filename*=UTF-8''") || strings.Contains(cd, "GPS\"") {
				t.Errorf("Content-Disposition = %q", cd)
			}
			if csp := got.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") {
				t.Errorf("Content-Security-Policy = %q, want a sandbox", csp)
			}
			// The raw folder holds the stored bytes (found by a slice of them, base64 as
			// the store keeps binary data), and none of the canary.
			probe := encodings(string(got.Body[len(got.Body)-26 : len(got.Body)-2])) // the end: what no other file shares
			if !eventually(15*time.Second, func() bool { return len(traces(t, dir, probe[1:]...)) > 0 }) {
				t.Fatal("the stored bytes are not found in the raw data folder: the search would miss the canary too")
			}
			if found := traces(t, dir, encodings(sanitizetest.Canary)...); len(found) > 0 {
				t.Errorf("the raw data folder holds the canary: %v", found)
			}
			// Deleting the resource deletes its bytes, from the raw files too.
			p.leadE.Do(http.MethodDelete, "/api/v1/library/"+r.ID, nil).Want(204)
			waitNoTraces(t, dir, probe[1:]...)
		})
	}
}

// treeNode is a node of GET /library/{id}/tree, with the keys it was sent with.
type treeNode struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	OrgName  string     `json:"org_name"`
	Visible  bool       `json:"visible"`
	Children []treeNode `json:"children"`
}

func treeOf(t *testing.T, c *apitest.Client, id string) (treeNode, string) {
	t.Helper()
	r := c.Do(http.MethodGet, "/api/v1/library/"+id+"/tree", nil).Want(200)
	var out struct {
		Root treeNode `json:"root"`
	}
	r.JSON(&out)
	return out.Root, string(r.Body)
}

// TestLibraryAdaptationsTree: adaptations link to their source, and the family tree
// shows every adaptation to every reader, naming only those the reader may see.
func TestLibraryAdaptationsTree(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := newThreeOrgs(t, srv)
	jpg := smallJPEG(t)
	seed := addResource(t, p.leadE, meta(p.orgE, "file", "all", "Seed manual"), "seed.jpg", jpg)
	adapt := func(c *apitest.Client, source, org, vis, title string) resourceOut {
		m := adaptationMeta(org)
		m["visibility"], m["title"] = vis, title
		var r resourceOut
		upload(t, c, "/api/v1/library/"+source+"/adaptations", m, "a.jpg", jpg).Want(201).JSON(&r)
		if r.Source == nil || *r.Source != source {
			t.Fatalf("adaptation's source = %v, want %s", r.Source, source)
		}
		return r
	}
	b1 := adapt(p.leadM, seed.ID, p.orgM, "org", "B's own version")       // B only
	c1 := adapt(p.leadC, seed.ID, p.orgC, "all", "C's version for all")   // everyone
	b2 := adapt(p.leadM, b1.ID, p.orgM, "partners", "B's second version") // B and A
	if r := upload(t, p.leadE, "/api/v1/library/"+b1.ID+"/adaptations", adaptationMeta(p.orgE), "a.jpg", jpg); r.Status != 404 {
		t.Errorf("A adapts what it may not see: got %d, want 404", r.Status)
	}
	if r := upload(t, p.leadC, "/api/v1/library/"+seed.ID+"/adaptations", meta(p.orgC, "file", "all", "No adaptation"), "a.jpg", jpg); r.ErrorCode() != "invalid_input" {
		t.Errorf("an adaptation without its adaptation part: got %d %s, want invalid_input", r.Status, r.Body)
	}

	// C sees the seed and its own; B's two are there, nameless.
	root, raw := treeOf(t, p.leadC, c1.ID)
	if root.ID != seed.ID || !root.Visible || root.OrgName != "Coletivo Kianda" || len(root.Children) != 2 {
		t.Fatalf("C's tree root = %+v", root)
	}
	hidden, mine := root.Children[0], root.Children[1]
	if hidden.Visible { // same millisecond: the order is by id
		hidden, mine = mine, hidden
	}
	if hidden.Visible || hidden.ID != "" || hidden.Title != "" || len(hidden.Children) != 1 || hidden.Children[0].Visible || hidden.Children[0].ID != "" {
		t.Errorf("C sees B's adaptations as %+v, want two nameless nodes", hidden)
	}
	if mine.ID != c1.ID || !mine.Visible || mine.OrgName != "Sisonke Umoja" {
		t.Errorf("C's own adaptation = %+v", mine)
	}
	for _, leak := range []string{b1.ID, b2.ID, "B's own", "B's second", "Ikhaya"} {
		if strings.Contains(raw, leak) {
			t.Errorf("C's tree names %q: %s", leak, raw)
		}
	}
	if strings.Count(raw, `"visible":false}`) > 0 || strings.Count(raw, `{"visible":false,"children":[`) != 2 {
		t.Errorf("hidden nodes must carry only visible and children: %s", raw)
	}
	// A, B's partner, sees B's second version under the one it may not see.
	root, _ = treeOf(t, p.leadE, b2.ID)
	if got := root.Children[0]; got.Visible || len(got.Children) != 1 || got.Children[0].ID != b2.ID {
		t.Errorf("A's tree: %+v, want B's first hidden and its partners adaptation named", got)
	}
	// B sees the whole family.
	root, _ = treeOf(t, p.leadM, seed.ID)
	if n := root.Children[0]; !n.Visible || n.ID != b1.ID || n.Children[0].ID != b2.ID {
		t.Errorf("B's tree: %+v", root)
	}
}

func libraryUsage(t *testing.T, lead *apitest.Client, org string) (used, quota int64) {
	t.Helper()
	var u struct {
		Used  int64 `json:"used_bytes"`
		Quota int64 `json:"quota_bytes"`
	}
	lead.Do(http.MethodGet, "/api/v1/orgs/"+org+"/library/usage", nil).Want(200).JSON(&u)
	return u.Used, u.Quota
}

// TestLibraryRefusesBadUploads: each bad upload gets its status and code, and nothing
// is stored.
func TestLibraryRefusesBadUploads(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := newThreeOrgs(t, srv)
	jpg := smallJPEG(t)
	with := func(key string, v any) map[string]any {
		m := meta(p.orgE, "file", "org", "Bad")
		if v == nil {
			delete(m, key)
		} else {
			m[key] = v
		}
		return m
	}
	metaJSON := func(m map[string]any) []byte { b, _ := json.Marshal(m); return b }
	type raw struct {
		contentType string
		body        []byte
	}
	multi := func(meta []byte, name string, file []byte) raw {
		b, ct := multipartBody(t, meta, name, file)
		return raw{ct, b}
	}
	good := metaJSON(meta(p.orgE, "file", "org", "Good"))
	extraPart := func() raw {
		b, ct := multipartBody(t, good, "a.jpg", jpg)
		b = bytes.Replace(b, []byte("--"+strings.TrimPrefix(ct, "multipart/form-data; boundary=")+"--"),
			[]byte("--"+strings.TrimPrefix(ct, "multipart/form-data; boundary=")+"\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--"+strings.TrimPrefix(ct, "multipart/form-data; boundary=")+"--"), 1)
		return raw{ct, b}
	}
	for _, tc := range []struct {
		name   string
		client *apitest.Client
		req    raw
		status int
		code   string
		field  string
	}{
		{"json instead of multipart", p.leadE, raw{"application/json", good}, 415, "unsupported_media_type", ""},
		{"no meta", p.leadE, raw{"multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabc\r\n--x--\r\n")}, 400, "missing_part", "meta"},
		{"meta not json", p.leadE, multi([]byte("kind=file"), "a.jpg", jpg), 400, "invalid_json", ""},
		{"unknown meta field", p.leadE, multi(metaJSON(with("colour", "red")), "a.jpg", jpg), 400, "unknown_field", "colour"},
		{"bad kind", p.leadE, multi(metaJSON(with("kind", "video")), "a.jpg", jpg), 400, "invalid_input", "kind"},
		{"unknown topic", p.leadE, multi(metaJSON(with("topics", []string{"cooking"})), "a.jpg", jpg), 400, "invalid_input", "topics[0]"},
		{"no topic", p.leadE, multi(metaJSON(with("topics", []string{})), "a.jpg", jpg), 400, "invalid_input", "topics"},
		{"unknown audience", p.leadE, multi(metaJSON(with("audience", []string{"children"})), "a.jpg", jpg), 400, "invalid_input", "audience[0]"},
		{"unknown licence", p.leadE, multi(metaJSON(with("licence", "gpl")), "a.jpg", jpg), 400, "invalid_input", "licence"},
		{"unknown visibility", p.leadE, multi(metaJSON(with("visibility", "public")), "a.jpg", jpg), 400, "invalid_input", "visibility"},
		{"bad language", p.leadE, multi(metaJSON(with("language", "portuguese")), "a.jpg", jpg), 400, "invalid_input", "language"},
		{"no title", p.leadE, multi(metaJSON(with("title", " ")), "a.jpg", jpg), 400, "invalid_input", "title"},
		{"file kind without file", p.leadE, multi(good, "", nil), 400, "invalid_input", "file"},
		{"page with a file", p.leadE, multi(metaJSON(meta(p.orgE, "page", "org", "Page")), "a.jpg", jpg), 400, "invalid_input", "file"},
		{"no organisation", p.leadE, multi(metaJSON(with("org", nil)), "a.jpg", jpg), 400, "invalid_input", "org"},
		{"text file", p.leadE, multi(good, "notes.txt", []byte("just some notes")), 415, "unsupported_file", "file"},
		{"broken jpeg", p.leadE, multi(good, "a.jpg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, "not really"...)), 400, "malformed_file", "file"},
		{"extra part", p.leadE, extraPart(), 400, "unknown_part", ""},
		{"file over 25 MB", p.leadE, multi(good, "big.jpg", make([]byte, 25<<20+1)), 413, "file_too_large", "file"},
		{"file of 26 MB", p.leadE, multi(good, "big.jpg", make([]byte, 26<<20)), 413, "file_too_large", "file"},
		{"another organisation's library", p.leadE, multi(metaJSON(with("org", p.orgC)), "a.jpg", jpg), 403, "not_allowed", ""},
		{"a member who may not add", p.memberA.client, multi(good, "a.jpg", jpg), 403, "not_allowed", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.client.Invalid().DoRaw(http.MethodPost, "/api/v1/library", tc.req.contentType, tc.req.body, nil)
			var e struct {
				Error struct{ Code, Field string } `json:"error"`
			}
			_ = json.Unmarshal(r.Body, &e)
			if r.Status != tc.status || e.Error.Code != tc.code || e.Error.Field != tc.field {
				t.Errorf("got %d %s (field %q), want %d %s (field %q)", r.Status, e.Error.Code, e.Error.Field, tc.status, tc.code, tc.field)
			}
		})
	}
	if used, _ := libraryUsage(t, p.leadE, p.orgE); used != 0 {
		t.Errorf("after refused uploads the organisation uses %d bytes", used)
	}
	if got := listed(t, p.leadE, ""); len(got) != 0 {
		t.Errorf("after refused uploads the library lists %v", got)
	}
	// Other routes keep the small body limit.
	big := bytes.Repeat([]byte("a"), 70<<10)
	if r := p.leadE.Invalid().DoRaw(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/profile", "application/json", big, nil); r.Status != 413 || r.ErrorCode() != "body_too_large" {
		t.Errorf("70 KiB to another route: got %d %s, want 413 body_too_large", r.Status, r.ErrorCode())
	}
	// Also when sent in chunks, without a Content-Length.
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/api/v1/orgs/"+p.orgE+"/profile", io.NopCloser(bytes.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Cookie", "__Host-cascade_session="+p.leadE.Cookie("__Host-cascade_session"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 413 || !strings.Contains(string(body), `"body_too_large"`) {
		t.Errorf("70 KiB in chunks to another route: got %d %s, want 413 body_too_large", res.StatusCode, body)
	}
}

// racingUploads posts jpg as a resource of org once to each server in urls at the same
// time, as c's person, and returns the statuses in order.
func racingUploads(t *testing.T, c *apitest.Client, org string, jpg []byte, urls ...string) []int {
	t.Helper()
	results := make(chan int, len(urls))
	for _, url := range urls {
		go func() {
			body, ct := multipartBody(t, []byte(`{"kind":"file","title":"Race","topics":["peer_outreach"],"language":"pt","audience":["police"],"licence":"cc0","visibility":"org","org":"`+org+`"}`), "a.jpg", jpg)
			req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/library", bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Origin", url)
			req.Header.Set("Cookie", "__Host-cascade_session="+c.Cookie("__Host-cascade_session"))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				results <- 0
				return
			}
			res.Body.Close()
			results <- res.StatusCode
		}()
	}
	var codes []int
	for range urls {
		codes = append(codes, <-results)
	}
	slices.Sort(codes)
	return codes
}

// TestLibraryQuotaAndContributors: uploads past the quota are refused, also when they
// race; a member adds resources while a lead allows it.
func TestLibraryQuotaAndContributors(t *testing.T) {
	srv := startServer(t, t.TempDir(), "-library-quota", "1500")
	p := newThreeOrgs(t, srv)
	jpg := smallJPEG(t)
	first := addResource(t, p.leadE, meta(p.orgE, "file", "org", "First"), "a.jpg", jpg)
	size := first.File.Size
	if used, quota := libraryUsage(t, p.leadE, p.orgE); used != size || quota != 1500 {
		t.Fatalf("usage = %d of %d, want %d of 1500", used, quota, size)
	}
	if 2*size > 1500 || 3*size <= 1500 {
		t.Fatalf("the fixture is %d bytes: the test needs one more to fit and two not", size)
	}
	// Four uploads race for the room of one: exactly one wins.
	codes := racingUploads(t, p.leadE, p.orgE, jpg, srv.URL, srv.URL, srv.URL, srv.URL)
	if !slices.Equal(codes, []int{201, 413, 413, 413}) {
		t.Errorf("racing uploads answered %v, want one 201 and 413s", codes)
	}
	if used, _ := libraryUsage(t, p.leadE, p.orgE); used != 2*size {
		t.Errorf("usage %d, want %d", used, 2*size)
	}
	r := upload(t, p.leadE, "/api/v1/library", meta(p.orgE, "file", "org", "Over"), "a.jpg", jpg)
	if r.Status != 413 || r.ErrorCode() != "quota_exceeded" {
		t.Errorf("over the quota: got %d %s", r.Status, r.Body)
	}
	// Deleting frees the room; the bytes go with the resource.
	p.leadE.Do(http.MethodDelete, "/api/v1/library/"+first.ID, nil).Want(204)
	p.leadE.Do(http.MethodGet, "/api/v1/library/"+first.ID+"/file", nil).Want(404)

	// A member adds only while a lead allows it; leads only name contributors.
	m := p.memberA
	page := meta(p.orgE, "page", "org", "Member's page")
	if r := upload(t, m.client, "/api/v1/library", page, "", nil); r.Status != 403 {
		t.Errorf("member before: got %d, want 403", r.Status)
	}
	m.client.Do(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/library/contributors/"+m.id, nil).Want(404)
	p.leadE.Do(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/library/contributors/"+m.id, nil).Want(204)
	mine := addResource(t, m.client, page, "", nil)
	if !mine.CanManage {
		t.Error("a contributor cannot manage the organisation's resource")
	}
	edit := map[string]any{"title": "Edited", "topics": []string{"safe_space"}, "language": "en", "audience": []string{"media"}, "licence": "cc0", "visibility": "org", "body": "New text"}
	m.client.Do(http.MethodPut, "/api/v1/library/"+mine.ID, edit).Want(200)
	if r := m.client.Do(http.MethodDelete, "/api/v1/library/"+mine.ID, nil); r.Status != 403 || r.ErrorCode() != "not_allowed" {
		t.Errorf("a contributor deletes: got %d %s, want 403 not_allowed", r.Status, r.Body)
	}
	p.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgE+"/library/contributors/"+m.id, nil).Want(204)
	if r := upload(t, m.client, "/api/v1/library", page, "", nil); r.Status != 403 {
		t.Errorf("member after: got %d, want 403", r.Status)
	}
	if r := m.client.Do(http.MethodPut, "/api/v1/library/"+mine.ID, edit); r.Status != 403 {
		t.Errorf("a former contributor edits: got %d, want 403", r.Status)
	}
	// Leaving ends the role: a member allowed again and then gone adds nothing.
	p.leadE.Do(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/library/contributors/"+m.id, nil).Want(204)
	m.client.Do(http.MethodPost, "/api/v1/orgs/"+p.orgE+"/leave", nil).Want(204)
	if r := upload(t, m.client, "/api/v1/library", page, "", nil); r.Status != 404 {
		t.Errorf("after leaving (no organisation: no library): got %d, want 404", r.Status)
	}
	if r := p.leadE.Do(http.MethodPut, "/api/v1/orgs/"+p.orgE+"/library/contributors/"+m.id, nil); r.Status != 404 {
		t.Errorf("naming a former member a contributor: got %d, want 404", r.Status)
	}
}

// TestLibraryReferenceInARoom: a message refers to a resource its sender may see; live,
// in history and on resume the reference reaches the room, and it opens for the members
// who may see the resource and answers 404 to the others.
func TestLibraryReferenceInARoom(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := newThreeOrgs(t, srv)
	jpg := smallJPEG(t)
	shared := addResource(t, p.leadE, meta(p.orgE, "file", "partners", "Shared with partners"), "a.jpg", jpg)
	own := addResource(t, p.leadE, meta(p.orgE, "file", "org", "Kept at home"), "a.jpg", jpg)
	missing := p.leadM.Do(http.MethodGet, "/api/v1/library/nosuchresource", nil).Want(404)

	wsA, wsB := mustDial(t, srv, p.leadE), mustDial(t, srv, p.leadM)
	joinRoom(t, wsA, p.roomID)
	joinRoom(t, wsB, p.roomID)
	for _, r := range []resourceOut{shared, own} {
		send(t, wsA, map[string]any{"type": "send", "room": p.roomID, "client_id": "ref-" + r.ID, "body": "See this", "resource": r.ID})
		next(t, wsA, "ack")
		if f := next(t, wsB, "message"); f.Resource != r.ID {
			t.Errorf("B's live message refers to %q, want %s", f.Resource, r.ID)
		}
	}
	p.leadM.Do(http.MethodGet, "/api/v1/library/"+shared.ID, nil).Want(200)
	if r := p.leadM.Do(http.MethodGet, "/api/v1/library/"+own.ID, nil); r.Status != 404 || !bytes.Equal(r.Body, missing.Body) {
		t.Errorf("B opens A's org-only resource from the room: got %d %s", r.Status, r.Body)
	}
	p.leadC.Do(http.MethodGet, "/api/v1/library/"+shared.ID, nil).Want(404)
	// B may not pass on what it may not see, nor refer to what does not exist.
	for _, id := range []string{own.ID, "nosuchresource"} {
		send(t, wsB, map[string]any{"type": "send", "room": p.roomID, "client_id": "pass-" + id, "body": "Look", "resource": id})
		if f := collectOne(t, wsB, "ack", "error"); f.Type != "error" || f.Code != "resource_unavailable" || f.ClientID != "" && f.ClientID != "pass-"+id {
			t.Errorf("B refers to %s: got %+v, want error resource_unavailable", id, f)
		}
	}
	// A reference is only for a send.
	send(t, wsA, map[string]any{"type": "typing", "room": p.roomID, "resource": shared.ID})
	if f := collectOne(t, wsA, "error"); f.Code != "bad_frame" {
		t.Errorf("typing with a resource: got %+v, want bad_frame", f)
	}
	// History and resume carry the references.
	refs := []string{}
	for _, m := range history(t, srv, p.leadM, p.roomID) {
		if m.Type == "message" {
			refs = append(refs, m.Resource)
		}
	}
	if !slices.Equal(refs, []string{shared.ID, own.ID}) {
		t.Errorf("replayed references %v, want [%s %s]", refs, shared.ID, own.ID)
	}
	send(t, wsB, map[string]any{"type": "history", "room": p.roomID, "limit": 10})
	var page struct {
		Messages []frame `json:"messages"`
	}
	_ = wsB.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := wsB.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		var f frame
		_ = json.Unmarshal(data, &f)
		if f.Type == "history" {
			_ = json.Unmarshal(data, &page)
			break
		}
	}
	if len(page.Messages) != 2 || page.Messages[0].Resource != shared.ID || page.Messages[1].Resource != own.ID {
		t.Errorf("history page %+v, want both references", page.Messages)
	}
}

// TestLibraryReportedResource: a reader reports a resource they see; it reaches the staff
// queue as a report of kind resource, staff open it (and its file) through the report,
// and the action remove takes it down with its bytes. Room queues do not show it.
func TestLibraryReportedResource(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := newThreeOrgs(t, srv)
	jpg := smallJPEG(t)
	partners := addResource(t, p.leadE, meta(p.orgE, "file", "partners", "For partners"), "a.jpg", jpg)
	own := addResource(t, p.leadE, meta(p.orgE, "file", "org", "Own"), "a.jpg", jpg)
	mod := p.invite(t, p.leadC, p.orgC, "Thandi") // of C: sees A's partners material only through the report
	p.admin.Do(http.MethodPut, "/api/v1/admin/moderators/"+mod.id, nil).Want(204)

	if r := p.leadM.Do(http.MethodPost, "/api/v1/library/"+own.ID+"/reports", map[string]string{"reason": "spam"}); r.Status != 404 {
		t.Errorf("reporting what one may not see: got %d, want 404", r.Status)
	}
	p.admin.Do(http.MethodGet, "/api/v1/library/"+partners.ID, nil).Want(404) // not before a report
	mod.client.Do(http.MethodGet, "/api/v1/library/"+partners.ID, nil).Want(404)
	var rep struct {
		ID       string `json:"id"`
		Kind     string `json:"kind"`
		Resource string `json:"target"`
	}
	p.leadM.Do(http.MethodPost, "/api/v1/library/"+partners.ID+"/reports", map[string]string{"reason": "outing_or_doxxing", "text": "It names a member"}).Want(201).JSON(&rep)
	if rep.Kind != "resource" || rep.Resource != partners.ID {
		t.Fatalf("report = %+v", rep)
	}
	var queue struct {
		Reports []struct {
			ID, Kind string
			Resource string `json:"target"`
		} `json:"reports"`
	}
	p.admin.Do(http.MethodGet, "/api/v1/admin/reports", nil).Want(200).JSON(&queue)
	if len(queue.Reports) != 1 || queue.Reports[0].Kind != "resource" || queue.Reports[0].Resource != partners.ID {
		t.Fatalf("queue = %+v", queue.Reports)
	}
	var roomQueue struct {
		Reports []any `json:"reports"`
	}
	p.leadE.Do(http.MethodGet, "/api/v1/rooms/"+p.roomID+"/reports", nil).Want(200).JSON(&roomQueue)
	if len(roomQueue.Reports) != 0 {
		t.Errorf("the room's queue shows %v", roomQueue.Reports)
	}
	p.admin.Do(http.MethodGet, "/api/v1/admin/reports/"+rep.ID, nil).Want(200)
	for _, staff := range []*apitest.Client{p.admin, mod.client} {
		staff.Do(http.MethodGet, "/api/v1/library/"+partners.ID, nil).Want(200)
		staff.Do(http.MethodGet, "/api/v1/library/"+partners.ID+"/file", nil).Want(200)
		staff.Do(http.MethodGet, "/api/v1/library/"+own.ID, nil).Want(404) // not reported
	}
	p.leadC.Do(http.MethodGet, "/api/v1/library/"+partners.ID, nil).Want(404)

	act := "/api/v1/admin/reports/" + rep.ID + "/actions"
	if r := mod.client.Do(http.MethodPost, act, map[string]string{"action": "mute"}); r.Status != 400 || r.ErrorCode() != "invalid_input" {
		t.Errorf("mute on a resource report: got %d %s", r.Status, r.Body)
	}
	mod.client.Do(http.MethodPost, act, map[string]string{"action": "remove"}).Want(204)
	for _, c := range []*apitest.Client{p.leadE, p.leadM, mod.client} {
		c.Do(http.MethodGet, "/api/v1/library/"+partners.ID, nil).Want(404)
		c.Do(http.MethodGet, "/api/v1/library/"+partners.ID+"/file", nil).Want(404)
	}
	mod.client.Do(http.MethodPost, "/api/v1/admin/reports/"+rep.ID+"/resolve", map[string]string{"status": "actioned", "note": "Taken down"}).Want(200)
	// The owner organisation's lead is told why; the reporter's organisation is not.
	var told struct {
		Notices []struct{ Material, Title, Action, Reason, Room string } `json:"notices"`
	}
	p.leadE.Do(http.MethodGet, "/api/v1/me/moderation", nil).Want(200).JSON(&told)
	if len(told.Notices) != 1 || told.Notices[0].Material != "resource" || told.Notices[0].Title != partners.Title ||
		told.Notices[0].Action != "remove" || told.Notices[0].Reason != "outing_or_doxxing" || told.Notices[0].Room != "" {
		t.Errorf("the owner's lead was told %+v, want the resource taken down for outing_or_doxxing", told.Notices)
	}
	p.leadM.Do(http.MethodGet, "/api/v1/me/moderation", nil).Want(200).JSON(&told)
	if len(told.Notices) != 0 {
		t.Errorf("the reporter's lead was told %+v", told.Notices)
	}
	var audit struct {
		Entries []struct{ Action, Target string } `json:"entries"`
	}
	p.admin.Do(http.MethodGet, "/api/v1/admin/audit", nil).Want(200).JSON(&audit)
	if !slices.ContainsFunc(audit.Entries, func(e struct{ Action, Target string }) bool {
		return e.Action == "remove" && e.Target == "resource:"+partners.ID
	}) {
		t.Errorf("the audit log lacks the take-down: %+v", audit.Entries)
	}
}

// TestLibraryProgrammeMaterial: admins publish material of the programme, visible to every
// approved organisation, which only admins manage; filters narrow the list.
func TestLibraryProgrammeMaterial(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := newThreeOrgs(t, srv)
	if r := upload(t, p.admin, "/api/v1/library", meta("", "page", "org", "Programme"), "", nil); r.ErrorCode() != "invalid_input" {
		t.Errorf("programme material visible to one organisation: got %d %s", r.Status, r.Body)
	}
	m := meta("", "page", "all", "Health, Rights & Safety manual")
	m["topics"], m["language"], m["audience"] = []string{"safety_violence_response"}, "en", []string{"sex_workers", "police"}
	hrs := addResource(t, p.admin, m, "", nil)
	if !hrs.Programme || hrs.Org != nil || !hrs.CanManage || hrs.Body == nil || *hrs.Body == "" {
		t.Errorf("programme resource = %+v", hrs)
	}
	own := addResource(t, p.leadC, meta(p.orgC, "page", "all", "C's notes"), "", nil)
	var seen resourceOut
	p.leadC.Do(http.MethodGet, "/api/v1/library/"+hrs.ID, nil).Want(200).JSON(&seen)
	if seen.CanManage || !seen.CanAdapt {
		t.Errorf("a lead sees programme material as %+v: may adapt, not manage", seen)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{own.ID, hrs.ID}},
		{"?topic=safety_violence_response", []string{hrs.ID}},
		{"?language=en", []string{hrs.ID}},
		{"?audience=police", []string{hrs.ID}},
		{"?q=rights+%26+SAFETY", []string{hrs.ID}},
		{"?org=" + p.orgC, []string{own.ID}},
		{"?topic=fundraising", []string{}},
	} {
		got := listed(t, p.memberA.client, tc.query)
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("list%s = %v, want %v", tc.query, got, tc.want)
		}
	}
	edit := map[string]any{"title": "Edited", "topics": []string{"safe_space"}, "language": "en", "audience": []string{"media"}, "licence": "cc0", "visibility": "all", "body": "New"}
	if r := p.leadC.Do(http.MethodPut, "/api/v1/library/"+hrs.ID, edit); r.Status != 403 {
		t.Errorf("a lead edits programme material: got %d", r.Status)
	}
	p.admin.Do(http.MethodPut, "/api/v1/library/"+hrs.ID, edit).Want(200)
	p.admin.Do(http.MethodDelete, "/api/v1/library/"+hrs.ID, nil).Want(204)
	p.memberA.client.Do(http.MethodGet, "/api/v1/library/"+hrs.ID, nil).Want(404)
}

// TestLibraryOffboardingDeletesResources: an organisation that leaves Cascade takes its
// resources and their files with it; what others adapted from them stays theirs.
func TestLibraryOffboardingDeletesResources(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	p := newThreeOrgs(t, srv)
	jpg := smallJPEG(t)
	r := addResource(t, p.leadE, meta(p.orgE, "file", "all", "Leaving with us"), "a.jpg", jpg)
	var adapted resourceOut
	other := sanitizetest.JPEG(t, sanitizetest.TwoColour(40, 30), 1) // other bytes than the original's
	upload(t, p.leadC, "/api/v1/library/"+r.ID+"/adaptations", adaptationMeta(p.orgC), "a.jpg", other).Want(201).JSON(&adapted)
	stored := p.leadC.Do(http.MethodGet, "/api/v1/library/"+r.ID+"/file", nil).Want(200).Body
	probe := encodings(string(stored[len(stored)-26 : len(stored)-2]))[1:] // the end of the scan: this image's own
	if !eventually(15*time.Second, func() bool { return len(traces(t, dir, probe...)) > 0 }) {
		t.Fatal("the stored bytes are not found in the raw data folder")
	}
	p.leadE.Do(http.MethodDelete, "/api/v1/orgs/"+p.orgE, map[string]string{"password": testPassword, "messages": "wipe"}).Want(204)
	p.leadC.Do(http.MethodGet, "/api/v1/library/"+r.ID, nil).Want(404)
	p.leadC.Do(http.MethodGet, "/api/v1/library/"+adapted.ID, nil).Want(200)
	waitNoTraces(t, dir, probe...)
}
