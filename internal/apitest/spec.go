// Package apitest is test support for Cascade's HTTP API: it loads docs/openapi.yaml and
// offers a Client that talks to a running server the way a browser would (Origin header,
// session cookie) and validates every request and response against the document.
//
// kin-openapi validates OpenAPI 3.1 documents with its JSON Schema 2020-12 validator
// (openapi3filter switches it on for 3.1), so const, if/then/else, allOf and formats
// such as date-time are enforced on bodies, parameters and response headers.
package apitest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// SpecPath is where the API description lives, relative to the module root.
const SpecPath = "docs/openapi.yaml"

// spec is a loaded document and the router that maps requests to its operations.
type spec struct {
	doc    *openapi3.T
	router routers.Router
}

// LoadSpec loads docs/openapi.yaml from the module root, validates it as OpenAPI 3.1 and
// builds a router over it; any failure stops the test.
func LoadSpec(tb testing.TB) *openapi3.T {
	tb.Helper()
	return loadSpec(tb).doc
}

func loadSpec(tb testing.TB) *spec {
	tb.Helper()
	root, err := ModuleRoot()
	if err != nil {
		tb.Fatalf("apitest: %v", err)
	}
	path := filepath.Join(root, filepath.FromSlash(SpecPath))
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		tb.Fatalf("apitest: load %s: %v", SpecPath, err)
	}
	if !doc.IsOpenAPI31OrLater() {
		tb.Fatalf("apitest: %s declares openapi %q, want 3.1", SpecPath, doc.OpenAPI)
	}
	ctx := context.Background()
	if err := doc.Validate(ctx, openapi3.EnableMultiError(), openapi3.EnableSchemaPatternValidation()); err != nil {
		tb.Fatalf("apitest: %s is not a valid OpenAPI document:\n%v", SpecPath, err)
	}
	// The legacy router, not gorillamux: gorillamux needs github.com/gorilla/mux, which is
	// not in go.mod, and legacy handles 3.1 documents the same way (it only matches paths;
	// the document has no servers, so any host matches).
	router, err := legacy.NewRouter(doc)
	if err != nil {
		tb.Fatalf("apitest: route %s: %v", SpecPath, err)
	}
	return &spec{doc: doc, router: router}
}

// ModuleRoot walks up from the working directory to the folder holding go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
