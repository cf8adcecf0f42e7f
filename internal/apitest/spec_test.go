package apitest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestSpecLoads keeps docs/openapi.yaml loadable and valid: a broken document fails go test ./...
func TestSpecLoads(t *testing.T) {
	s := loadSpec(t)
	if got := s.doc.Paths.Len(); got == 0 {
		t.Fatalf("got %d paths, want some", got)
	}
	for _, tc := range []struct {
		method, path string
		want         string
	}{
		{http.MethodGet, "/healthz", "/healthz"},
		{http.MethodGet, "/api/v1/orgs/abc", "/api/v1/orgs/{org}"},
		{http.MethodPost, "/api/v1/invites/accept", "/api/v1/invites/accept"},
		{http.MethodDelete, "/api/v1/orgs/abc/invites/i1", "/api/v1/orgs/{org}/invites/{id}"},
		{http.MethodPut, "/api/v1/orgs/abc/mentors/u1", "/api/v1/orgs/{org}/mentors/{user}"},
	} {
		route, _, err := s.router.FindRoute(httptest.NewRequest(tc.method, tc.path, nil))
		if err != nil {
			t.Errorf("%s %s: %v", tc.method, tc.path, err)
			continue
		}
		if route.Path != tc.want {
			t.Errorf("%s %s: got route %s, want %s", tc.method, tc.path, route.Path, tc.want)
		}
	}
}
