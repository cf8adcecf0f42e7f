package web

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/apitest"
)

// fiberParam is a plain fiber route parameter (":org"); optional (":org?"), greedy ("*",
// "+") and constrained ones have no OpenAPI form and are refused below.
var fiberParam = regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)

// openAPIPath turns a fiber route path into its OpenAPI form: /orgs/:org → /orgs/{org}.
func openAPIPath(path string) (string, error) {
	if strings.ContainsAny(path, "*+?<>()") {
		return "", fmt.Errorf("route %s uses a parameter form OpenAPI cannot describe", path)
	}
	return fiberParam.ReplaceAllString(path, "{$1}"), nil
}

// TestRoutesMatchOpenAPI fails when a route of routes() is missing from docs/openapi.yaml or
// the document names an operation routes() does not serve, and when a route's access (public
// or signed in) disagrees with the operation's security requirement.
func TestRoutesMatchOpenAPI(t *testing.T) {
	doc := apitest.LoadSpec(t)

	inSpec := map[string]bool{} // "GET /api/v1/orgs/{org}" → needs a session
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			inSpec[method+" "+path] = len(security) > 0
		}
	}

	inRoutes := map[string]bool{}
	for _, r := range (&server{}).routes() {
		path, err := openAPIPath(r.path)
		if err != nil {
			t.Error(err)
			continue
		}
		key := r.method + " " + path
		if _, dup := inRoutes[key]; dup {
			t.Errorf("routes() lists %s twice", key)
		}
		inRoutes[key] = !r.access.public
	}

	for _, key := range slices.Sorted(maps.Keys(inRoutes)) {
		needsSession, ok := inSpec[key]
		switch {
		case !ok:
			t.Errorf("route %s is missing from %s", key, apitest.SpecPath)
		case needsSession != inRoutes[key]:
			t.Errorf("%s: spec says session required = %v, routes() says %v", key, needsSession, inRoutes[key])
		}
	}
	for _, key := range slices.Sorted(maps.Keys(inSpec)) {
		if _, ok := inRoutes[key]; !ok {
			t.Errorf("%s names %s, which routes() does not serve", apitest.SpecPath, key)
		}
	}
}

func TestOpenAPIPath(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"no params", "/healthz", "/healthz", false},
		{"one param", "/api/v1/orgs/:org", "/api/v1/orgs/{org}", false},
		{"two params", "/api/v1/orgs/:org/members/:user", "/api/v1/orgs/{org}/members/{user}", false},
		{"param then literal", "/api/v1/orgs/:org/profile", "/api/v1/orgs/{org}/profile", false},
		{"optional param", "/api/v1/orgs/:org?", "", true},
		{"wildcard", "/static/*", "", true},
		{"constrained param", "/api/v1/orgs/:org<int>", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := openAPIPath(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("got error %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestBodiesMatchOpenAPI: the routes that read a body (takesBody) are exactly the
// operations with a requestBody; every other route refuses one.
func TestBodiesMatchOpenAPI(t *testing.T) {
	doc := apitest.LoadSpec(t)
	inSpec := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody != nil {
				inSpec[method+" "+path] = true
			}
		}
	}
	served := map[string]bool{}
	for _, r := range (&server{}).routes() {
		path, err := openAPIPath(r.path)
		if err != nil {
			t.Fatal(err)
		}
		key := r.method + " " + path
		served[r.method+" "+r.path] = true
		if takesBody[r.method+" "+r.path] != inSpec[key] {
			t.Errorf("%s: takes a body = %v, spec has a requestBody = %v", key, takesBody[r.method+" "+r.path], inSpec[key])
		}
	}
	for key := range takesBody {
		if !served[key] {
			t.Errorf("takesBody names %s, which routes() does not serve", key)
		}
	}
}
