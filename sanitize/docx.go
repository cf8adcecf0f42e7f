package sanitize

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
)

const (
	docxMainType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	docxType     = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

	wNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	appNS     = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
	appStrict = "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"
	ctNS      = "http://schemas.openxmlformats.org/package/2006/content-types"
	relsNS    = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// emptyCore replaces docProps/core.xml: no creator, last editor, dates,
// revision, title, subject, keywords or description. The title goes too: the
// library keeps its own title for a resource, and a document's title often
// names a person, a place or an internal reference.
const emptyCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>`

// appDrop are the extended properties (docProps/app.xml) removed.
var appDrop = []string{"Company", "Manager", "Application", "AppVersion", "Template", "TotalTime", "HyperlinkBase"}

// droppedRelType reports whether a relationship's type names a part that is
// dropped whole. In any package: custom properties, the thumbnail (a picture of
// the first page as it was last saved, tracked changes and comments included),
// and digital signatures (a signature names its signer and cannot verify after
// a rewrite). In a Word document, also comments and their authors (people).
func droppedRelType(t string, word bool) bool {
	last := t[strings.LastIndex(t, "/")+1:]
	return in(last, "custom-properties", "thumbnail") || strings.Contains(t, "/digital-signature/") ||
		word && in(last, "comments", "commentsExtended", "commentsIds", "commentsExtensible", "people")
}

// droppedOOXMLName reports whether a part is dropped by its name, referenced or not.
func droppedOOXMLName(name string, word bool) bool {
	return name == "docProps/custom.xml" || strings.HasPrefix(name, "docProps/thumbnail.") ||
		strings.HasPrefix(name, "_xmlsignatures/") ||
		word && in(name, "word/comments.xml", "word/commentsExtended.xml", "word/commentsIds.xml",
			"word/commentsExtensible.xml", "word/people.xml")
}

// wmlDrop are the WordprocessingML elements removed with their content:
// deletions and moved-away text (tracked changes accepted), the records of
// formatting changes, comment anchors, revision ids (rsids) and the attached
// template (a path on the author's computer).
var wmlDrop = map[string]bool{
	"del": true, "moveFrom": true, "moveFromRangeStart": true, "moveFromRangeEnd": true,
	"moveToRangeStart": true, "moveToRangeEnd": true,
	"rPrChange": true, "pPrChange": true, "sectPrChange": true, "tblPrChange": true, "tblPrExChange": true,
	"trPrChange": true, "tcPrChange": true, "tblGridChange": true, "numberingChange": true,
	"cellIns": true, "cellDel": true, "cellMerge": true,
	"customXmlInsRangeStart": true, "customXmlInsRangeEnd": true, "customXmlDelRangeStart": true,
	"customXmlDelRangeEnd": true, "customXmlMoveFromRangeStart": true, "customXmlMoveFromRangeEnd": true,
	"customXmlMoveToRangeStart": true, "customXmlMoveToRangeEnd": true,
	"commentRangeStart": true, "commentRangeEnd": true, "commentReference": true,
	"rsids": true, "rsid": true, "rsidRoot": true, "attachedTemplate": true,
}

var wmlRules = xmlRules{
	drop: func(e element) bool {
		return (e.Space == wNS || e.Space == wStrictNS) && wmlDrop[e.Local]
	},
	// Insertions and moved-in text are accepted: their content stays.
	unwrap: func(e element) bool {
		return (e.Space == wNS || e.Space == wStrictNS) && (e.Local == "ins" || e.Local == "moveTo")
	},
	dropAttr: func(_ element, a xml.Name) bool {
		return (a.Space == wNS || a.Space == wStrictNS) &&
			(strings.HasPrefix(a.Local, "rsid") || a.Local == "author" || a.Local == "date" || a.Local == "initials")
	},
}

var appRules = xmlRules{
	drop: func(e element) bool {
		return (e.Space == appNS || e.Space == appStrict) && in(e.Local, appDrop...)
	},
}

type relationships struct {
	Rels []struct {
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// relsBase returns the folder that the targets of a relationships part are
// relative to: word/_rels/document.xml.rels → word, _rels/.rels → "".
func relsBase(relsName string) string {
	dir := path.Dir(path.Dir(relsName))
	if dir == "." {
		return ""
	}
	return dir
}

// relsOf returns the relationships part of a part: word/x.xml → word/_rels/x.xml.rels.
func relsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// resolveTarget returns the part name a relationship's internal target points to.
func resolveTarget(base, target string) string {
	if t, err := url.PathUnescape(target); err == nil {
		target = t
	}
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join("/", base, target)), "/")
}

func cleanDOCX(a *archive, contentTypes []byte, size int) (File, error) {
	word, err := isWord(contentTypes)
	if err != nil {
		return File{}, err
	}
	if !word {
		return File{}, fmt.Errorf("%w: an office file that is not a Word document", ErrUnsupported)
	}
	data, err := cleanOOXML(a, contentTypes, size, true, true)
	if err != nil {
		return File{}, err
	}
	return File{Data: data, ContentType: docxType, Ext: ".docx"}, nil
}

// isWord reports whether a package's content types name a Word document's main part.
func isWord(contentTypes []byte) (bool, error) {
	var ct struct {
		Overrides []struct {
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(contentTypes, &ct); err != nil {
		return false, fmt.Errorf("%w: [Content_Types].xml: %v", ErrMalformed, err)
	}
	for _, o := range ct.Overrides {
		if o.ContentType == docxMainType {
			return true, nil
		}
	}
	return false, nil
}

// cleanOOXML rewrites an Office Open XML package. Any package loses its
// document properties (core emptied, extended filtered, custom dropped), its
// thumbnail and signatures, and its entries' dates; a Word document (word)
// also loses its comments, tracked changes and rsids. A top-level package
// (top) cleans the packages embedded in it (a chart in a Word document keeps
// its data in an embedded spreadsheet, which has its own author) the same way.
func cleanOOXML(a *archive, contentTypes []byte, size int, word, top bool) ([]byte, error) {
	// Which parts go, and which part holds the core and extended properties.
	dropped := map[string]bool{}
	rels := map[string][]byte{}
	core, app := "docProps/core.xml", "docProps/app.xml"
	for _, f := range a.files {
		if droppedOOXMLName(f.Name, word) {
			dropped[f.Name] = true
		}
		if !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		data, err := a.inflate(f)
		if err != nil {
			return nil, err
		}
		rels[f.Name] = data
		var rs relationships
		if err := xml.Unmarshal(data, &rs); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, f.Name, err)
		}
		for _, r := range rs.Rels {
			if r.TargetMode == "External" {
				continue
			}
			target := resolveTarget(relsBase(f.Name), r.Target)
			switch {
			case droppedRelType(r.Type, word):
				dropped[target] = true
			case f.Name == "_rels/.rels" && strings.HasSuffix(r.Type, "/metadata/core-properties"):
				core = target
			case f.Name == "_rels/.rels" && strings.HasSuffix(r.Type, "/extended-properties"):
				app = target
			}
		}
	}
	for p := range dropped {
		dropped[relsOf(p)] = true
	}

	// A relationships part loses the relationships to dropped parts, and the
	// attached template's (a path on the author's computer).
	relsRules := func(base string) xmlRules {
		return xmlRules{drop: func(e element) bool {
			if e.Space != relsNS || e.Local != "Relationship" {
				return false
			}
			t := e.Attr("", "Type")
			if droppedRelType(t, word) || strings.HasSuffix(t, "/attachedTemplate") {
				return true
			}
			return e.Attr("", "TargetMode") != "External" && dropped[resolveTarget(base, e.Attr("", "Target"))]
		}}
	}
	ctRules := xmlRules{drop: func(e element) bool {
		return e.Space == ctNS && e.Local == "Override" && dropped[strings.TrimPrefix(e.Attr("", "PartName"), "/")]
	}}

	w := newZipWriter(size)
	for _, f := range a.files {
		name := f.Name
		if dropped[name] {
			continue
		}
		var out []byte
		var err error
		switch {
		case strings.HasSuffix(name, "/"):
			err = w.add(name, nil, true)
			if err != nil {
				return nil, err
			}
			continue
		case name == "[Content_Types].xml":
			out, err = filterXML(contentTypes, ctRules)
		case rels[name] != nil:
			out, err = filterXML(rels[name], relsRules(relsBase(name)))
		case name == core:
			out = []byte(emptyCore)
		case name == app:
			out, err = a.filter(f, appRules)
		case word && strings.HasPrefix(name, "word/") && strings.HasSuffix(name, ".xml"):
			out, err = a.filter(f, wmlRules)
		default:
			if err := a.copyOrStrip(w, f, top); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, wrapXMLErr(name, err)
		}
		if err := w.add(name, out, false); err != nil {
			return nil, err
		}
	}
	return w.bytes()
}

// filter inflates an XML entry and filters it with rules.
func (a *archive) filter(f *zip.File, rules xmlRules) ([]byte, error) {
	data, err := a.inflate(f)
	if err != nil {
		return nil, err
	}
	return filterXML(data, rules)
}

// copyOrStrip writes an entry that is not rewritten as XML: a JPEG or PNG
// (told by its bytes) without its metadata, when packages is set an embedded
// Office Open XML package cleaned, anything else as it was.
func (a *archive) copyOrStrip(w *zipWriter, f *zip.File, packages bool) error {
	data, err := a.inflate(f)
	if err != nil {
		return err
	}
	if img, ok := stripImage(data); ok {
		return w.add(f.Name, img, true) // compressed already
	}
	if packages && bytes.HasPrefix(data, zipMagic) {
		if inner, ok, err := a.cleanEmbedded(data); err != nil {
			return fmt.Errorf("embedded %s: %w", f.Name, err)
		} else if ok {
			return w.add(f.Name, inner, true)
		}
	}
	return w.copy(f)
}

// cleanEmbedded cleans a zip found inside a package when it is an Office Open
// XML package (ok); its entries count against the outer archive's budget.
func (a *archive) cleanEmbedded(data []byte) (out []byte, ok bool, err error) {
	inner, err := openArchive(data)
	if err != nil {
		return nil, false, err
	}
	f, isPackage := inner.byName["[Content_Types].xml"]
	if !isPackage {
		return nil, false, nil
	}
	inner.budget = a.budget
	defer func() { a.budget = inner.budget }()
	ct, err := inner.inflate(f)
	if err != nil {
		return nil, false, err
	}
	word, err := isWord(ct)
	if err != nil {
		return nil, false, err
	}
	out, err = cleanOOXML(inner, ct, len(data), word, false)
	return out, err == nil, err
}

// wrapXMLErr marks an XML part that did not parse as malformed, and passes
// the archive's own errors (too large, malformed zip) through.
func wrapXMLErr(name string, err error) error {
	for _, sentinel := range []error{ErrMalformed, ErrTooLarge, ErrUnsupported} {
		if errors.Is(err, sentinel) {
			return err
		}
	}
	return fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
}
