package sanitize

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strings"
)

const (
	odtMimeType = "application/vnd.oasis.opendocument.text"

	officeNS   = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	textNS     = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	ooo2009NS  = "http://openoffice.org/2009/office"
	manifestNS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
)

// droppedODFName reports whether an entry is dropped: the settings, of the
// document and of embedded objects (printer name and set-up, view and
// database configuration), the versions stored in the file and their list
// (authors, dates, earlier texts), the thumbnail (a picture of the first page
// as the author last saw it: tracked deletions show there, struck through),
// and signatures (the signer's certificate; they cannot verify after a rewrite).
func droppedODFName(name string) bool {
	return path.Base(name) == "settings.xml" ||
		in(name, "VersionList.xml", "META-INF/documentsignatures.xml", "META-INF/macrosignatures.xml") ||
		strings.HasPrefix(name, "Versions/") || strings.HasPrefix(name, "Thumbnails/")
}

// odfRules accept the tracked changes (the changed regions, which hold the
// deleted text and who changed what when, go, with the marks that point to
// them), drop annotations (comments, with their author and date) and the
// revision ids LibreOffice writes into automatic styles.
var odfRules = xmlRules{
	drop: func(e element) bool {
		switch e.Space {
		case textNS:
			return in(e.Local, "tracked-changes", "change", "change-start", "change-end")
		case officeNS:
			return in(e.Local, "annotation", "annotation-end")
		}
		return false
	},
	dropAttr: func(_ element, a xml.Name) bool {
		return a.Space == ooo2009NS && (a.Local == "rsid" || a.Local == "paragraph-rsid")
	},
}

var officeVersion = regexp.MustCompile(`office:version="([0-9.]{1,8})"`)

// emptyMeta replaces meta.xml: no generator, creator, initial creator, dates,
// editing cycles and time, statistics, title, keywords or user-defined fields.
func emptyMeta(orig []byte) []byte {
	version := ""
	if m := officeVersion.FindSubmatch(orig); m != nil {
		version = ` office:version="` + string(m[1]) + `"`
	}
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-meta xmlns:office="` + officeNS + `"` + version + `><office:meta/></office:document-meta>`)
}

func cleanODT(a *archive, size int) (File, error) {
	manifest, ok := a.byName["META-INF/manifest.xml"]
	if !ok {
		return File{}, fmt.Errorf("%w: odt without a manifest", ErrMalformed)
	}
	mdata, err := a.inflate(manifest)
	if err != nil {
		return File{}, err
	}
	if bytes.Contains(mdata, []byte("encryption-data")) {
		return File{}, fmt.Errorf("%w: encrypted odt", ErrUnsupported)
	}
	manifestRules := xmlRules{drop: func(e element) bool {
		return e.Space == manifestNS && e.Local == "file-entry" && droppedODFName(e.Attr(manifestNS, "full-path"))
	}}

	w := newZipWriter(size)
	// The mimetype comes first, stored, so that the kind can be read at a fixed offset.
	if err := w.add("mimetype", []byte(odtMimeType), true); err != nil {
		return File{}, err
	}
	for _, f := range a.files {
		name := f.Name
		if name == "mimetype" || droppedODFName(name) {
			continue
		}
		var out []byte
		var err error
		switch {
		case strings.HasSuffix(name, "/"):
			if err := w.add(name, nil, true); err != nil {
				return File{}, err
			}
			continue
		case name == "META-INF/manifest.xml":
			out, err = filterXML(mdata, manifestRules)
		case path.Base(name) == "meta.xml": // the document's, and embedded objects'
			var orig []byte
			if orig, err = a.inflate(f); err == nil {
				out = emptyMeta(orig)
			}
		case path.Base(name) == "content.xml" || path.Base(name) == "styles.xml":
			out, err = a.filter(f, odfRules)
		default:
			if err := a.copyOrStrip(w, f, false); err != nil {
				return File{}, err
			}
			continue
		}
		if err != nil {
			return File{}, wrapXMLErr(name, err)
		}
		if err := w.add(name, out, false); err != nil {
			return File{}, err
		}
	}
	data, err := w.bytes()
	if err != nil {
		return File{}, err
	}
	return File{Data: data, ContentType: odtMimeType, Ext: ".odt"}, nil
}
