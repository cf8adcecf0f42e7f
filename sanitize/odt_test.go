package sanitize

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

func TestCleanODT(t *testing.T) {
	in := sanitizetest.Zip(t, "Zipped by "+canary, sanitizetest.ODTEntries(t)...)
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
	for _, want := range []string{sanitizetest.ODTVisible, sanitizetest.ODTInserted, ", and &amp; &lt;escaped&gt;", `xlink:href="Pictures/photo.jpg"`, `style:name="P1"`} {
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
