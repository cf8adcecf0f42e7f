package web

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/prometheus/client_golang/prometheus"
)

func TestStaticFilesBesideTheAPI(t *testing.T) {
	app := New(Config{
		Origin:   testOrigin,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Frontend: fstest.MapFS{
			"index.html": {Data: []byte("<!doctype html><title>Cascade</title>")},
			"api.js":     {Data: []byte("export const x = 1;")},
		},
	})
	tests := []struct {
		path, wantType string
		want           int
	}{
		{"/", "text/html", 200},
		{"/join", "text/html", 200},
		{"/api.js", "text/javascript", 200},
		{"/apiary", "text/html", 200},
		{"/api/v1/nothing", "application/json", 404},
		{"/api/", "application/json", 404},
		{"/missing.css", "application/json", 404},
	}
	for _, tt := range tests {
		resp, err := app.Test(httptest.NewRequest("GET", tt.path, nil))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Content-Type"); resp.StatusCode != tt.want || len(got) < len(tt.wantType) || got[:len(tt.wantType)] != tt.wantType {
			t.Errorf("GET %s: got %d %s, want %d %s", tt.path, resp.StatusCode, got, tt.want, tt.wantType)
		}
	}
}
