package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/apitest"
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
// reading a resource answers the readers it names and nobody else, and a refusal is
// byte for byte the answer for a resource that does not exist.
func TestLibraryVisibilityAcrossThreeOrganisations(t *testing.T) {
	srv := startServer(t, t.TempDir())
	p := newThreeOrgs(t, srv)
	missing := p.leadC.Do(http.MethodGet, "/api/v1/library/nosuchresource", nil).Want(404)
	missingFile := p.leadC.Do(http.MethodGet, "/api/v1/library/nosuchresource/file", nil).Want(404)

	jpg := canaryJPEG(t, "CANARYvis")
	res := map[string]resourceOut{}
	for _, vis := range []string{"org", "partners", "all"} {
		res[vis] = addResource(t, p.leadE, meta(p.orgE, "file", vis, "Manual "+vis), "manual.jpg", jpg)
	}
	readers := map[string]*apitest.Client{"A lead": p.leadE, "A member": p.memberA.client, "B lead": p.leadM, "C lead": p.leadC, "admin": p.admin}
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
// served without it (the raw data folder included), as attachments that no browser renders.
func TestLibraryUploadStripsMetadata(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	p := newThreeOrgs(t, srv)
	for _, tc := range []struct {
		name, file, contentType, mark string
		data                          []byte
	}{
		{"jpeg", "photo \"GPS\".jpeg", "image/jpeg", "CANARY-jpeg-7f3a9c1e", canaryJPEG(t, "CANARY-jpeg-7f3a9c1e")},
		{"pdf", "Manual – Maputo.pdf", "application/pdf", "CANARY-pdf-4x8b2d6a", canaryPDF("CANARY-pdf-4x8b2d6a", 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mark := tc.mark
			if !bytes.Contains(tc.data, []byte(mark)) {
				t.Fatalf("the fixture lacks its canary %s", mark)
			}
			r := addResource(t, p.leadE, meta(p.orgE, "file", "all", "Canary "+tc.name), tc.file, tc.data)
			if r.File == nil || r.File.ContentType != tc.contentType {
				t.Fatalf("file = %+v, want content type %s", r.File, tc.contentType)
			}
			got := p.leadC.Do(http.MethodGet, "/api/v1/library/"+r.ID+"/file", nil).Want(200)
			if bytes.Contains(got.Body, []byte(mark)) || int64(len(got.Body)) != r.File.Size {
				t.Errorf("served %d bytes (listed %d), canary there: %v", len(got.Body), r.File.Size, bytes.Contains(got.Body, []byte(mark)))
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
			probe := encodings(string(got.Body[len(got.Body)/2 : len(got.Body)/2+24]))
			if !eventually(15*time.Second, func() bool { return len(traces(t, dir, probe[1:]...)) > 0 }) {
				t.Fatal("the stored bytes are not found in the raw data folder: the search would miss the canary too")
			}
			if found := traces(t, dir, encodings(mark)...); len(found) > 0 {
				t.Errorf("the raw data folder holds the canary: %v", found)
			}
		})
	}
}
