package main

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat/natsbroker/natstest"
	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// TestLibraryTwoInstances: what is added, changed, attached and deleted on one instance
// shows on the other (over NATS and a store read), in its list and its reads.
func TestLibraryTwoInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL()}
	a := startServer(t, t.TempDir(), args...)
	p := newThreeOrgs(t, a)
	b := startServer(t, t.TempDir(), args...)
	onB := func(cl *apitest.Client) *apitest.Client {
		d := cl.For(t)
		d.BaseURL, d.Origin = b.URL, b.URL
		return d
	}
	leadMB, leadCB := onB(p.leadM), onB(p.leadC)
	const within = 5 * time.Second
	status := func(c *apitest.Client, id string) int { return c.Do(http.MethodGet, "/api/v1/library/"+id, nil).Status }

	r := addResource(t, p.leadE, meta(p.orgE, "file", "org", "Made on A"), "a.jpg", smallJPEG(t))
	p.leadE.Do(http.MethodPost, "/api/v1/orgs/"+p.orgE+"/exchanges/"+p.exchangeID+"/resources", map[string]string{"resource": r.ID}).Want(201)
	if !eventually(within, func() bool { return status(leadMB, r.ID) == 200 }) {
		t.Fatalf("B's lead reads the attached resource on B: %d", status(leadMB, r.ID))
	}
	if got := leadMB.Do(http.MethodGet, "/api/v1/library/"+r.ID+"/file", nil).Want(200).Body; len(got) != int(r.File.Size) {
		t.Errorf("download on B: %d bytes, want %d", len(got), r.File.Size)
	}
	edit := map[string]any{"title": "Made on A, for all", "topics": []string{"peer_outreach"}, "language": "pt", "audience": []string{"police"}, "licence": "cc_by", "visibility": "all"}
	p.leadE.Do(http.MethodPut, "/api/v1/library/"+r.ID, edit).Want(200)
	if !eventually(within, func() bool { return slices.Contains(listed(t, leadCB, ""), r.ID) }) {
		t.Fatal("C's list on B lacks the resource made visible to all on A")
	}
	p.leadE.Do(http.MethodDelete, "/api/v1/library/"+r.ID, nil).Want(204)
	if !eventually(within, func() bool { return status(leadCB, r.ID) == 404 && status(leadMB, r.ID) == 404 }) {
		t.Fatalf("deleted on A, B still answers %d", status(leadCB, r.ID))
	}
}

// TestLibraryQuotaAcrossInstances: uploads of one organisation racing on two instances
// share its quota: exactly one of four fits, whichever instance takes it, although
// neither instance has yet heard of the others' uploads.
func TestLibraryQuotaAcrossInstances(t *testing.T) {
	ns := natstest.Start(t, 0)
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", storetest.DBName(), "-nats-url", ns.ClientURL(), "-library-quota", "1500"}
	a := startServer(t, t.TempDir(), args...)
	p := newThreeOrgs(t, a)
	b := startServer(t, t.TempDir(), args...)
	jpg := smallJPEG(t)
	first := addResource(t, p.leadE, meta(p.orgE, "file", "org", "First"), "a.jpg", jpg)
	if size := first.File.Size; 2*size > 1500 || 3*size <= 1500 {
		t.Fatalf("the fixture is %d bytes: the test needs one more to fit and two not", size)
	}
	for round := range 3 {
		codes := racingUploads(t, p.leadE, p.orgE, jpg, a.URL, b.URL, a.URL, b.URL)
		want := []int{201, 413, 413, 413}
		if round > 0 {
			want = []int{413, 413, 413, 413}
		}
		if !slices.Equal(codes, want) {
			t.Fatalf("round %d: racing uploads on two instances answered %v, want %v", round, codes, want)
		}
	}
	if used, _ := libraryUsage(t, p.leadE, p.orgE); used != 2*first.File.Size {
		t.Errorf("usage %d, want %d", used, 2*first.File.Size)
	}
}
