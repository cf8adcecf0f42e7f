package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// assetsRoot is the folder under which every file of the web app is also
// served with the release's fingerprint in its path: /s/<fingerprint>/app.js.
// Those answers never change, so browsers keep them for a year without asking
// again; a new release has a new fingerprint. index.html is never cached and
// names the fingerprinted paths, so a later visit fetches only the shell and
// API data.
const assetsRoot = "/s/"

const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// webAssets is the embedded web app, read once, with its references rewritten
// to the fingerprinted paths.
type webAssets struct {
	prefix string // "/s/<fingerprint>"
	files  map[string][]byte
	gzips  map[string][]byte // the text files compressed once, for clients that take gzip
}

// A module imports another by an absolute path ('/vendor/lit-html/lit-html.js')
// or a relative one ('./client.js'). Relative ones resolve under the prefix by
// themselves; absolute ones are rewritten, so each module has one URL and is
// loaded once.
var (
	absoluteImport = regexp.MustCompile(`((?:\bfrom|\bimport)\s*\(?\s*)(['"])/([^/'"])`)
	shellReference = regexp.MustCompile(`((?:href|src)=")/([^"/][^"]*)(")`)
)

// loadAssets reads every file of fsys. The fingerprint is a hash of all names
// and contents, so any change to any file gives every path a new address.
func loadAssets(fsys fs.FS) *webAssets {
	a := &webAssets{files: map[string][]byte{}, gzips: map[string][]byte{}}
	if fsys == nil {
		return a
	}
	var names []string
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // an unreadable entry is served as missing
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil
		}
		a.files[name] = data
		names = append(names, name)
		return nil
	})
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(a.files[n])
		h.Write([]byte{0})
	}
	a.prefix = assetsRoot + hex.EncodeToString(h.Sum(nil))[:16]
	for _, n := range names {
		switch path.Ext(n) {
		case ".js":
			a.files[n] = absoluteImport.ReplaceAll(a.files[n], []byte("${1}${2}"+a.prefix+"/${3}"))
		case ".html":
			a.files[n] = shellReference.ReplaceAllFunc(a.files[n], func(m []byte) []byte {
				parts := shellReference.FindSubmatch(m)
				if _, ok := a.files[string(parts[2])]; !ok {
					return m
				}
				return []byte(string(parts[1]) + a.prefix + "/" + string(parts[2]) + string(parts[3]))
			})
		}
	}
	for n, data := range a.files {
		switch path.Ext(n) {
		case ".html", ".js", ".css", ".json", ".svg":
			a.gzips[n] = gzipped(data)
		}
	}
	return a
}

func gzipped(data []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(data)                                           // writes to memory do not fail
	zw.Close()
	return buf.Bytes()
}

// frontend serves the embedded web app. Paths without a file extension are app
// pages (/, /join, /orgs/x …) and get index.html, which is never stored; the
// app routes them itself. Files under the current fingerprint are immutable;
// the same files by their plain names (or an older release's fingerprint) are
// revalidated every time.
func (s *server) frontend() fiber.Handler {
	assets := loadAssets(s.Frontend)
	return func(c *fiber.Ctx) error {
		if !isSafeMethod(c.Method()) || c.Method() == fiber.MethodOptions {
			return fiber.ErrMethodNotAllowed
		}
		p := path.Clean("/" + c.Path())
		cache := cacheRevalidate
		if rest, ok := strings.CutPrefix(p, assets.prefix+"/"); ok && assets.prefix != "" {
			p, cache = "/"+rest, cacheImmutable
		} else if rest, ok := strings.CutPrefix(p, assetsRoot); ok {
			// Another release's fingerprint: a tab opened before a deploy gets today's file.
			if _, after, found := strings.Cut(rest, "/"); found {
				p = "/" + after
			}
		}
		name := strings.TrimPrefix(p, "/")
		if name == "" || path.Ext(name) == "" {
			name = "index.html"
		}
		data, ok := assets.files[name]
		if !ok {
			return errNotFound
		}
		if t := mime.TypeByExtension(path.Ext(name)); t != "" {
			c.Set(fiber.HeaderContentType, t)
		}
		if name == "index.html" {
			cache = "no-store"
		}
		c.Set(fiber.HeaderCacheControl, cache)
		if z, ok := assets.gzips[name]; ok {
			c.Vary(fiber.HeaderAcceptEncoding)
			if acceptsGzip(c.Get(fiber.HeaderAcceptEncoding)) {
				c.Set(fiber.HeaderContentEncoding, "gzip")
				return c.Send(z)
			}
		}
		return c.Send(data)
	}
}

// acceptsGzip reads Accept-Encoding: gzip listed and not refused with q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
