package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/library"
)

// BenchmarkLibraryUploadDownload uploads a 25 MB PDF through the whole stack (multipart,
// metadata stripping, chunks into the embedded store) and downloads it again, on a
// server whose library already holds other files of that size. Reported as ms per
// upload and per download.
func BenchmarkLibraryUploadDownload(b *testing.B) {
	srv := startServer(b, b.TempDir())
	anon := apitest.New(b, srv.URL, srv.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": srv.setupToken(b), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	lead, orgID := apply(b, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+orgID+"/approve", nil).Want(200)
	pdf := largePDF(library.MaxFileBytes - 4096)
	if len(pdf) > library.MaxFileBytes || len(pdf) < library.MaxFileBytes-8192 {
		b.Fatalf("the fixture is %d bytes, want just under %d", len(pdf), library.MaxFileBytes)
	}
	metaJSON, _ := json.Marshal(meta(orgID, "file", "org", "Big manual"))
	body, ct := multipartBody(b, metaJSON, "manual.pdf", pdf)
	c := rawClient()
	c.Timeout = 2 * time.Minute
	cookie := &http.Cookie{Name: "__Host-cascade_session", Value: lead.Cookie("__Host-cascade_session")}
	up := func() (string, time.Duration) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/library", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Origin", srv.URL)
		req.AddCookie(cookie)
		start := time.Now()
		res, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		took := time.Since(start)
		if res.StatusCode != http.StatusCreated {
			b.Fatalf("upload: %d %s", res.StatusCode, data)
		}
		var r resourceOut
		if err := json.Unmarshal(data, &r); err != nil {
			b.Fatal(err)
		}
		return r.ID, took
	}
	down := func(id string) time.Duration {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/library/"+id+"/file", nil)
		req.AddCookie(cookie)
		start := time.Now()
		res, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		took := time.Since(start)
		if res.StatusCode != http.StatusOK || n < library.MaxFileBytes/2 {
			b.Fatalf("download: %d, %d bytes", res.StatusCode, n)
		}
		return took
	}
	for range 3 { // other files already stored
		up()
	}
	var upTotal, downTotal time.Duration
	b.ReportAllocs() // client and server together: they share the process
	peak := heapPeak()
	for b.Loop() {
		id, u := up()
		upTotal += u
		downTotal += down(id)
	}
	b.ReportMetric(float64(upTotal.Milliseconds())/float64(b.N), "ms/upload")
	b.ReportMetric(float64(downTotal.Milliseconds())/float64(b.N), "ms/download")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
}

// heapPeak samples the heap in use every 5 ms until the returned func is called, and
// that func returns the largest sample (client and server share the process).
func heapPeak() func() uint64 {
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var most uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			most = max(most, ms.HeapInuse)
			select {
			case <-stop:
				done <- most
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
