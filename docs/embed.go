// Package docs holds Cascade's documentation; the API description is embedded
// in the binary and served at /api/v1/openapi.yaml.
package docs

import _ "embed"

//go:embed openapi.yaml
var openapi []byte

// OpenAPI is the OpenAPI 3.1 description of the HTTP API.
func OpenAPI() []byte { return openapi }
