package sanitize

import (
	"bytes"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

func TestCleanDOCX(t *testing.T) {
	in := sanitizetest.Zip(t, "Zipped by "+canary, sanitizetest.DOCXEntries(t, nil)...)
	assertInflatedCanary(t, in, "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml", "word/document.xml",
		"word/comments.xml", "word/people.xml", "word/_rels/settings.xml.rels", "word/media/image1.jpeg")
	_, entries := unzipAll(t, in)
	assertInflatedCanary(t, entryMap(entries)["word/embeddings/Microsoft_Excel_Worksheet.xlsx"], "docProps/core.xml", "docProps/app.xml")

	f, err := Clean(in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Ext != ".docx" || f.ContentType != docxType {
		t.Errorf("got %q %q", f.ContentType, f.Ext)
	}
	m := assertZipClean(t, f.Data)
	assertPackageConsistent(t, m)
	for _, gone := range []string{"docProps/custom.xml", "word/comments.xml", "word/commentsExtended.xml", "word/people.xml", "docProps/thumbnail.jpeg"} {
		if _, ok := m[gone]; ok {
			t.Errorf("%s is still in the package", gone)
		}
	}
	for _, kept := range []string{"docProps/core.xml", "docProps/app.xml", "word/document.xml", "word/settings.xml", "word/media/image1.jpeg"} {
		if _, ok := m[kept]; !ok {
			t.Errorf("%s is missing", kept)
		}
	}

	doc := string(m["word/document.xml"])
	for _, want := range []string{sanitizetest.DOCXVisible, sanitizetest.DOCXInserted, ", bold &amp; &lt;escaped&gt;", `xml:space="preserve"`, "<w:b/>", `r:embed="rId5"`, `<w:pgSz w:w="11906" w:h="16838"/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lost %q:\n%s", want, doc)
		}
	}
	for _, gone := range []string{"deleted", "<w:ins", "<w:del", "rsid", "w:author", "w:date", "comment", "rPrChange"} {
		if strings.Contains(doc, gone) {
			t.Errorf("document.xml still holds %q:\n%s", gone, doc)
		}
	}
	if s := string(m["word/settings.xml"]); strings.Contains(s, "rsid") || strings.Contains(s, "attachedTemplate") || !strings.Contains(s, "defaultTabStop") {
		t.Errorf("settings.xml: %s", s)
	}
	if s := string(m["word/_rels/settings.xml.rels"]); strings.Contains(s, "Relationship ") {
		t.Errorf("settings.xml.rels keeps a relationship: %s", s)
	}
	if s := string(m["docProps/core.xml"]); strings.Contains(s, "creator") || strings.Contains(s, "title") || strings.Contains(s, "created") {
		t.Errorf("core.xml: %s", s)
	}
	app := string(m["docProps/app.xml"])
	for _, gone := range appDrop {
		if strings.Contains(app, gone) {
			t.Errorf("app.xml keeps %s: %s", gone, app)
		}
	}
	if !strings.Contains(app, "<Pages>1</Pages>") {
		t.Errorf("app.xml lost the page count: %s", app)
	}
	rels := string(m["word/_rels/document.xml.rels"])
	if strings.Contains(rels, "comments") || strings.Contains(rels, "people") || !strings.Contains(rels, "media/image1.jpeg") {
		t.Errorf("document.xml.rels: %s", rels)
	}
	if ct := string(m["[Content_Types].xml"]); strings.Contains(ct, "custom.xml") || strings.Contains(ct, "comments") || !strings.Contains(ct, "/word/document.xml") {
		t.Errorf("[Content_Types].xml: %s", ct)
	}
	chart := m["word/embeddings/Microsoft_Excel_Worksheet.xlsx"]
	inner := assertZipClean(t, chart)
	assertPackageConsistent(t, inner)
	if s := string(inner["xl/workbook.xml"]); !strings.Contains(s, "<sheets/>") {
		t.Errorf("the chart's workbook lost its content: %s", s)
	}
	if s := string(inner["docProps/app.xml"]); strings.Contains(s, "Application") || strings.Contains(s, "Company") {
		t.Errorf("the chart's app.xml: %s", s)
	}

	photo := m["word/media/image1.jpeg"]
	if bytes.Contains(photo, []byte("Exif")) {
		t.Error("the photo keeps its EXIF")
	}
	if img, err := jpeg.Decode(bytes.NewReader(photo)); err != nil || img.Bounds().Dx() != 64 {
		t.Errorf("the photo no longer decodes: %v", err)
	}
}

// TestCleanDOCXIdempotent: cleaning a cleaned document changes nothing, so the
// rewrite is stable (no growth, no second pass finding more).
func TestCleanDOCXIdempotent(t *testing.T) {
	first, err := Clean(sanitizetest.Zip(t, "", sanitizetest.DOCXEntries(t, nil)...))
	if err != nil {
		t.Fatal(err)
	}
	second, err := Clean(first.Data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Data, second.Data) {
		t.Errorf("a second clean changed the file (%d → %d bytes)", len(first.Data), len(second.Data))
	}
}
