// Package frontend holds the web app: plain HTML, CSS and JavaScript modules,
// embedded in the binary so nothing is fetched from anywhere else.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// Files is the web app's file tree, rooted at its index.html.
func Files() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the folder is embedded at build time; a missing one is a build bug
	}
	return sub
}
