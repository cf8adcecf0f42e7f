package sanitize

import (
	"bytes"
	"image/jpeg"
	"strings"
	"testing"
)

const (
	docxVisible  = "The visible text of the manual"
	docxInserted = "words inserted by a reviewer"
)

// docxFixture is a Word document carrying the canary in its core properties
// (creator, last editor, title), extended properties (company), custom
// properties, a comment and its author (comments.xml, people.xml), a tracked
// deletion's text, a tracked insertion's author, a formatting change's author,
// the attached template's path, an embedded photo's EXIF, a thumbnail
// (which shows tracked changes and comments) and the spreadsheet holding a
// chart's data (its own creator and company). body, when not
// nil, is added to the document's body (for large documents).
func docxFixture(t testing.TB, body []byte) []zipEntry {
	const (
		w   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
		r   = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
		rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	)
	decl := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	document := decl + `<w:document ` + w + ` ` + r + `><w:body>` +
		`<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6"><w:pPr><w:rPr><w:ins w:id="9" w:author="Para ` + canary + `" w:date="2026-01-01T00:00:00Z"/></w:rPr></w:pPr>` +
		`<w:r w:rsidRPr="00112233"><w:t xml:space="preserve">` + docxVisible + ` </w:t></w:r>` +
		`<w:ins w:id="1" w:author="Ins ` + canary + `" w:date="2026-01-02T00:00:00Z"><w:r><w:t>` + docxInserted + `</w:t></w:r></w:ins>` +
		`<w:del w:id="2" w:author="Del ` + canary + `" w:date="2026-01-03T00:00:00Z"><w:r><w:delText>deleted ` + canary + ` text</w:delText></w:r></w:del>` +
		`<w:commentRangeStart w:id="0"/><w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="Fmt ` + canary + `" w:date="2026-01-04T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>, bold &amp; &lt;escaped&gt;</w:t></w:r><w:commentRangeEnd w:id="0"/>` +
		`<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>` +
		`<w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId5"/></w:drawing></w:r>` +
		`</w:p>` + string(body) +
		`<w:sectPr w:rsidR="00A1B2C3"><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
	photo := canaryJPEG(t, twoColour(64, 48), 1)
	return []zipEntry{
		{name: "[Content_Types].xml", data: []byte(decl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>` +
			`<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>` +
			`<Override PartName="/word/document.xml" ContentType="` + docxMainType + `"/>` +
			`<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>` +
			`<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>` +
			`<Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>` +
			`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
			`<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>` +
			`</Types>`)},
		{name: "_rels/.rels", data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + rel + `extended-properties" Target="docProps/app.xml"/>` +
			`<Relationship Id="rId4" Type="` + rel + `custom-properties" Target="docProps/custom.xml"/>` +
			`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>` +
			`</Relationships>`)},
		{name: "docProps/core.xml", data: []byte(decl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>Title ` + canary + `</dc:title><dc:creator>Creator ` + canary + `</dc:creator><cp:lastModifiedBy>Editor ` + canary + `</cp:lastModifiedBy>` +
			`<cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>`)},
		{name: "docProps/app.xml", data: []byte(decl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
			`<Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>1</Pages><Words>12</Words>` +
			`<Application>Microsoft Office Word</Application><Company>Company ` + canary + `</Company><Manager>Manager ` + canary + `</Manager><AppVersion>16.0000</AppVersion></Properties>`)},
		{name: "docProps/custom.xml", data: []byte(decl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
			`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner"><vt:lpwstr>` + canary + `</vt:lpwstr></property></Properties>`)},
		{name: "word/document.xml", data: []byte(document)},
		{name: "word/_rels/document.xml.rels", data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `comments" Target="comments.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/>` +
			`<Relationship Id="rId4" Type="` + rel + `settings" Target="settings.xml"/>` +
			`<Relationship Id="rId5" Type="` + rel + `image" Target="media/image1.jpeg"/>` +
			`<Relationship Id="rId6" Type="` + rel + `package" Target="embeddings/Microsoft_Excel_Worksheet.xlsx"/>` +
			`</Relationships>`)},
		{name: "word/comments.xml", data: []byte(decl + `<w:comments ` + w + `><w:comment w:id="0" w:author="Commenter ` + canary + `" w:initials="CC"><w:p><w:r><w:t>Comment ` + canary + `</w:t></w:r></w:p></w:comment></w:comments>`)},
		{name: "word/commentsExtended.xml", data: []byte(decl + `<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/></w15:commentsEx>`)},
		{name: "word/people.xml", data: []byte(decl + `<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Commenter ` + canary + `"><w15:presenceInfo w15:providerId="AD" w15:userId="S::` + canary + `@example.org"/></w15:person></w15:people>`)},
		{name: "word/settings.xml", data: []byte(decl + `<w:settings ` + w + ` ` + r + `><w:attachedTemplate r:id="rId1"/><w:defaultTabStop w:val="708"/>` +
			`<w:rsids><w:rsidRoot w:val="00A1B2C3"/><w:rsid w:val="00A1B2C3"/><w:rsid w:val="00D4E5F6"/></w:rsids></w:settings>`)},
		{name: "word/_rels/settings.xml.rels", data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `attachedTemplate" Target="file:///C:\Users\` + canary + `\Templates\Normal.dotm" TargetMode="External"/></Relationships>`)},
		{name: "word/media/image1.jpeg", data: photo, store: true},
		{name: "docProps/thumbnail.jpeg", data: canaryJPEG(t, twoColour(16, 8), 1), store: true},
		{name: "word/embeddings/Microsoft_Excel_Worksheet.xlsx", data: chartWorkbook(t), store: true},
	}
}

func TestCleanDOCX(t *testing.T) {
	in := buildZip(t, "Zipped by "+canary, docxFixture(t, nil)...)
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
	for _, want := range []string{docxVisible, docxInserted, ", bold &amp; &lt;escaped&gt;", `xml:space="preserve"`, "<w:b/>", `r:embed="rId5"`, `<w:pgSz w:w="11906" w:h="16838"/>`} {
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
	first, err := Clean(buildZip(t, "", docxFixture(t, nil)...))
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

// chartWorkbook is the spreadsheet Word embeds for a chart's data: a package
// of its own, whose core and extended properties name who made it.
func chartWorkbook(t testing.TB) []byte {
	decl := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	return buildZip(t, "", []zipEntry{
		{name: "[Content_Types].xml", data: []byte(decl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`)},
		{name: "_rels/.rels", data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`)},
		{name: "docProps/core.xml", data: []byte(decl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Chart maker ` + canary + `</dc:creator></cp:coreProperties>`)},
		{name: "docProps/app.xml", data: []byte(decl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application><Company>Company ` + canary + `</Company></Properties>`)},
		{name: "xl/workbook.xml", data: []byte(decl + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`)},
	}...)
}
