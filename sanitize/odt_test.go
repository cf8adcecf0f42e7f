package sanitize

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image/jpeg"
	"strings"
	"testing"
)

const (
	odtVisible  = "The visible text of the manual"
	odtInserted = "words inserted by a reviewer"
)

// odtFixture is an OpenDocument text carrying the canary in meta.xml (initial
// creator, creator, generator, a user-defined field), a tracked deletion (its
// text and author), a tracked insertion's author, a comment, the settings'
// printer name, a stored version and its list, an embedded photo's EXIF and
// the thumbnail (which shows tracked deletions).
func odtFixture(t testing.TB) []zipEntry {
	decl := `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	ns := `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ` +
		`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:officeooo="http://openoffice.org/2009/office" ` +
		`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"`
	content := decl + `<office:document-content ` + ns + ` office:version="1.3">` +
		`<office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties officeooo:rsid="0012ab34" officeooo:paragraph-rsid="0012ab34"/></style:style></office:automatic-styles>` +
		`<office:body><office:text>` +
		`<text:tracked-changes text:track-changes="false">` +
		`<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>Del ` + canary + `</dc:creator><dc:date>2026-01-03T00:00:00</dc:date></office:change-info><text:p>deleted ` + canary + ` words</text:p></text:deletion></text:changed-region>` +
		`<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>Ins ` + canary + `</dc:creator><dc:date>2026-01-02T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>` +
		`</text:tracked-changes>` +
		`<text:p text:style-name="P1">` + odtVisible + ` <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>` + odtInserted + `<text:change-end text:change-id="ct2"/>` +
		`<office:annotation office:name="c1"><dc:creator>Commenter ` + canary + `</dc:creator><dc:date>2026-01-05T00:00:00</dc:date><text:p>Comment ` + canary + `</text:p></office:annotation>, and &amp; &lt;escaped&gt;<office:annotation-end office:name="c1"/></text:p>` +
		`<text:p><draw:frame draw:name="photo"><draw:image xlink:href="Pictures/photo.jpg"/></draw:frame></text:p>` +
		`</office:text></office:body></office:document-content>`
	meta := decl + `<office:document-meta ` + ns + ` office:version="1.3"><office:meta>` +
		`<meta:initial-creator>Initial ` + canary + `</meta:initial-creator><dc:creator>Creator ` + canary + `</dc:creator>` +
		`<meta:generator>LibreOffice/7.6 ` + canary + `</meta:generator><meta:creation-date>2026-01-01T00:00:00</meta:creation-date>` +
		`<meta:editing-cycles>9</meta:editing-cycles><meta:user-defined meta:name="Owner">` + canary + `</meta:user-defined>` +
		`</office:meta></office:document-meta>`
	manifest := decl + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="` + odtMimeType + `"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/>` +
		`<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/>` +
		`<manifest:file-entry manifest:full-path="Versions/Version1" manifest:media-type="application/vnd.sun.xml.text"/>` +
		`<manifest:file-entry manifest:full-path="VersionList.xml" manifest:media-type="text/xml"/>` +
		`</manifest:manifest>`
	return []zipEntry{
		{name: "mimetype", data: []byte(odtMimeType), store: true},
		{name: "content.xml", data: []byte(content)},
		{name: "styles.xml", data: []byte(decl + `<office:document-styles ` + ns + ` office:version="1.3"><office:styles><style:style style:name="Standard" style:family="paragraph"><style:text-properties officeooo:rsid="0012ab34"/></style:style></office:styles></office:document-styles>`)},
		{name: "meta.xml", data: []byte(meta)},
		{name: "settings.xml", data: []byte(decl + `<office:document-settings ` + ns + `><office:settings><config:config-item xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" config:name="PrinterName" config:type="string">Printer of ` + canary + `</config:config-item></office:settings></office:document-settings>`)},
		{name: "Pictures/photo.jpg", data: canaryJPEG(t, twoColour(64, 48), 1), store: true},
		{name: "Thumbnails/thumbnail.png", data: canaryPNG(t, twoColour(16, 8), 1), store: true},
		{name: "Versions/Version1", data: []byte("an earlier text by " + canary)},
		{name: "VersionList.xml", data: []byte(decl + `<VL:version-list xmlns:VL="http://openoffice.org/2001/versions-list"><VL:version-entry VL:title="Version1" VL:creator="` + canary + `"/></VL:version-list>`)},
		{name: "META-INF/manifest.xml", data: []byte(manifest)},
	}
}

func TestCleanODT(t *testing.T) {
	in := buildZip(t, "Zipped by "+canary, odtFixture(t)...)
	assertInflatedCanary(t, in, "content.xml", "meta.xml", "settings.xml", "Versions/Version1", "VersionList.xml", "Pictures/photo.jpg")

	f, err := Clean(in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Ext != ".odt" || f.ContentType != odtMimeType {
		t.Errorf("got %q %q", f.ContentType, f.Ext)
	}
	m := assertZipClean(t, f.Data)

	zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		t.Fatal(err)
	}
	first := zr.File[0]
	if first.Name != "mimetype" || first.Method != zip.Store || string(m["mimetype"]) != odtMimeType {
		t.Errorf("first entry %q (method %d), want mimetype stored", first.Name, first.Method)
	}
	// Readers tell the kind from the bytes at offset 30: "mimetype" then the type.
	if !bytes.HasPrefix(f.Data[30:], []byte("mimetype"+odtMimeType)) {
		t.Errorf("mimetype not at a fixed offset: %q", f.Data[30:30+60])
	}
	for _, gone := range []string{"settings.xml", "Versions/Version1", "VersionList.xml", "Thumbnails/thumbnail.png"} {
		if _, ok := m[gone]; ok {
			t.Errorf("%s is still in the package", gone)
		}
	}

	content := string(m["content.xml"])
	for _, want := range []string{odtVisible, odtInserted, ", and &amp; &lt;escaped&gt;", `xlink:href="Pictures/photo.jpg"`, `style:name="P1"`} {
		if !strings.Contains(content, want) {
			t.Errorf("content.xml lost %q:\n%s", want, content)
		}
	}
	for _, gone := range []string{"tracked-changes", "text:change", "deleted", "annotation", "dc:creator", "rsid"} {
		if strings.Contains(content, gone) {
			t.Errorf("content.xml still holds %q:\n%s", gone, content)
		}
	}
	if s := string(m["styles.xml"]); strings.Contains(s, "rsid") || !strings.Contains(s, `style:name="Standard"`) {
		t.Errorf("styles.xml: %s", s)
	}
	meta := string(m["meta.xml"])
	if strings.Contains(meta, "creator") || strings.Contains(meta, "generator") || strings.Contains(meta, "date") || !strings.Contains(meta, `office:version="1.3"`) {
		t.Errorf("meta.xml: %s", meta)
	}

	// The manifest lists exactly the entries there are (but itself and mimetype).
	var mf struct {
		Entries []struct {
			Path string `xml:"full-path,attr"`
		} `xml:"file-entry"`
	}
	if err := xml.Unmarshal(m["META-INF/manifest.xml"], &mf); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, e := range mf.Entries {
		listed[e.Path] = true
		if _, ok := m[e.Path]; !ok && e.Path != "/" {
			t.Errorf("the manifest lists %s, which is not in the package", e.Path)
		}
	}
	for name := range m {
		if name != "mimetype" && name != "META-INF/manifest.xml" && !listed[name] {
			t.Errorf("%s is not in the manifest", name)
		}
	}

	photo := m["Pictures/photo.jpg"]
	if bytes.Contains(photo, []byte("Exif")) {
		t.Error("the photo keeps its EXIF")
	}
	if img, err := jpeg.Decode(bytes.NewReader(photo)); err != nil || img.Bounds().Dx() != 64 {
		t.Errorf("the photo no longer decodes: %v", err)
	}
}
