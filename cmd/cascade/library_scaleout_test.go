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
