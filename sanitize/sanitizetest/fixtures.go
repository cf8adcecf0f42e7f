// Package sanitizetest builds files of each kind that sanitize.Clean accepts,
// with a canary planted in every kind of metadata they can carry, and finds
// the canary again anywhere in a file: in its bytes, in the inflated entries of
// a zip (and of zips inside it), and in the decoded streams and the objects of
// a PDF. Tests of the upload path use it to show that what is stored and
// served holds none of it.
package sanitizetest

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() {
	// pdfcpu would otherwise read and write a configuration directory under $HOME.
	api.DisableConfigDir()
}

const (
	docxMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	odtMime  = "application/vnd.oasis.opendocument.text"
)

// Canary is planted in every kind of metadata of the fixtures; no cleaned file may hold it.
const Canary = "CANARY-7f3a9c"

// tiffEntry is one IFD entry of an EXIF structure.
type tiffEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte // the value's bytes; placed after the IFD when longer than 4
}

func asciiEntry(tag uint16, s string) tiffEntry {
	return tiffEntry{tag: tag, typ: 2, count: uint32(len(s) + 1), value: append([]byte(s), 0)}
}

// exifTIFF builds a little-endian TIFF structure: IFD0 with ifd0 and, when gps is
// not empty, a GPS IFD that IFD0's tag 0x8825 points to.
func exifTIFF(ifd0, gps []tiffEntry) []byte {
	bo := binary.LittleEndian
	ifdSize := func(n int) int { return 2 + 12*n + 4 }
	n0 := len(ifd0)
	if len(gps) > 0 {
		n0++
	}
	var extra0 []byte
	for _, e := range ifd0 {
		if len(e.value) > 4 {
			extra0 = append(extra0, e.value...)
		}
	}
	gpsAt := 8 + ifdSize(n0) + len(extra0)
	var out []byte
	out = append(out, "II*\x00"...)
	out = bo.AppendUint32(out, 8)
	writeIFD := func(entries []tiffEntry, at int, next []tiffEntry) {
		extraAt := at + ifdSize(len(entries)+len(next))
		var extra []byte
		out = bo.AppendUint16(out, uint16(len(entries)+len(next)))
		for _, e := range append(append([]tiffEntry{}, entries...), next...) {
			out = bo.AppendUint16(out, e.tag)
			out = bo.AppendUint16(out, e.typ)
			out = bo.AppendUint32(out, e.count)
			if len(e.value) > 4 {
				out = bo.AppendUint32(out, uint32(extraAt+len(extra)))
				extra = append(extra, e.value...)
			} else {
				v := make([]byte, 4)
				copy(v, e.value)
				out = append(out, v...)
			}
		}
		out = bo.AppendUint32(out, 0)
		out = append(out, extra...)
	}
	var ptr []tiffEntry
	if len(gps) > 0 {
		ptr = []tiffEntry{{tag: 0x8825, typ: 4, count: 1, value: bo.AppendUint32(nil, uint32(gpsAt))}}
	}
	writeIFD(ifd0, 8, ptr)
	if len(gps) > 0 {
		writeIFD(gps, gpsAt, nil)
	}
	return out
}

// EXIF is an EXIF structure with the Canary as artist, make, model and GPS
// map datum, a GPS position, and the given orientation.
func EXIF(orientation uint16) []byte {
	bo := binary.LittleEndian
	rational := func(n, d uint32) []byte { return bo.AppendUint32(bo.AppendUint32(nil, n), d) }
	lat := append(append(rational(52, 1), rational(22, 1)...), rational(1234, 100)...)
	return exifTIFF(
		[]tiffEntry{
			asciiEntry(0x010F, "Make "+Canary),
			asciiEntry(0x0110, "Model "+Canary),
			{tag: 0x0112, typ: 3, count: 1, value: bo.AppendUint16(nil, orientation)},
			asciiEntry(0x013B, "Artist "+Canary),
		},
		[]tiffEntry{
			asciiEntry(0x0001, "N"),
			{tag: 0x0002, typ: 5, count: 3, value: lat},
			asciiEntry(0x0012, "Datum "+Canary),
		})
}

// XMP is an XMP packet naming the Canary as the creator.
const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>` + Canary + `</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

// TwoColour is a w×h image, red on its left half and blue on its right half.
func TwoColour(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{R: 255, A: 255}
			if x >= w/2 {
				c = color.NRGBA{B: 255, A: 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// JPEGWithSegments encodes img and inserts the given APPn segments after SOI.
func JPEGWithSegments(t testing.TB, img image.Image, segs ...[]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	out := append([]byte{}, buf.Bytes()[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, buf.Bytes()[2:]...)
}

// APP1 is a JPEG APP1 segment holding payload (EXIF or XMP).
func APP1(payload []byte) []byte {
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

// JPEG encodes img with the Canary in an EXIF segment (see EXIF), an XMP
// segment and a comment.
func JPEG(t testing.TB, img image.Image, orientation uint16) []byte {
	return JPEGWithSegments(t, img,
		APP1(append([]byte("Exif\x00\x00"), EXIF(orientation)...)),
		APP1(append([]byte("http://ns.adobe.com/xap/1.0/\x00"), XMP...)),
		append([]byte{0xFF, 0xFE, 0, byte(len(Canary) + 2)}, Canary...), // COM
	)
}

// PNGChunk is a PNG chunk: length, type, data and CRC.
func PNGChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// PNG encodes img and inserts a tEXt chunk (the Canary as author), an iTXt
// chunk (XMP), an eXIf chunk (see EXIF) and a tIME chunk after IHDR.
func PNG(t testing.TB, img image.Image, orientation uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	ihdrEnd := 8 + 12 + 13
	var out []byte
	out = append(out, b[:ihdrEnd]...)
	out = append(out, PNGChunk("tEXt", []byte("Author\x00"+Canary))...)
	out = append(out, PNGChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+XMP))...)
	out = append(out, PNGChunk("eXIf", EXIF(orientation))...)
	out = append(out, PNGChunk("tIME", []byte{0x07, 0xEA, 12, 6, 1, 2, 3})...)
	return append(out, b[ihdrEnd:]...)
}

// PDFWriter writes a PDF by hand: objects, then a classic xref section per revision.
type PDFWriter struct {
	buf     bytes.Buffer
	offsets map[int]int // object number → offset, of the revision being written
	lastX   int         // offset of the previous xref section, 0 for none
}

// NewPDFWriter starts a PDF 1.7 file.
func NewPDFWriter() *PDFWriter {
	w := &PDFWriter{offsets: map[int]int{}}
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return w
}

// Object writes object n.
func (w *PDFWriter) Object(n int, body string) {
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// Stream writes object n, a stream with the entries dict and data.
func (w *PDFWriter) Stream(n int, dict string, data []byte) {
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// Revision ends a revision with an xref section for the objects written in it
// and a trailer (with /Prev pointing to the previous section, if any).
func (w *PDFWriter) Revision(size int, trailer string) {
	at := w.buf.Len()
	w.buf.WriteString("xref\n")
	if w.lastX == 0 {
		w.buf.WriteString("0 1\n0000000000 65535 f \n")
	}
	for n := 1; n < size; n++ {
		if off, ok := w.offsets[n]; ok {
			fmt.Fprintf(&w.buf, "%d 1\n%010d 00000 n \n", n, off)
		}
	}
	prev := ""
	if w.lastX != 0 {
		prev = fmt.Sprintf(" /Prev %d", w.lastX)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d %s%s >>\nstartxref\n%d\n%%%%EOF\n", size, trailer, prev, at)
	w.lastX = at
	w.offsets = map[int]int{}
}

// Offset returns where object n of the revision being written starts.
func (w *PDFWriter) Offset(n int) int { return w.offsets[n] }

// Len returns how many bytes are written.
func (w *PDFWriter) Len() int { return w.buf.Len() }

// Printf writes text as it is (a cross-reference stream's trailer, say).
func (w *PDFWriter) Printf(format string, args ...any) { fmt.Fprintf(&w.buf, format, args...) }

// Bytes returns the file written.
func (w *PDFWriter) Bytes() []byte { return w.buf.Bytes() }

// Zlib compresses data as a PDF's FlateDecode filter expects.
func Zlib(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	if _, err := z.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The page text of PDF: the first revision's, replaced by the second's.
const (
	PDFOldText     = "Draft by " + Canary
	PDFCurrentText = "The current text of the manual"
)

// PDF is a one-page PDF whose first revision carries the Canary in its
// Info (author, creator, producer, title), catalog and page XMP streams, the
// catalog's PieceInfo, a sticky note's and a highlight's author, an embedded
// photo's EXIF, an attached file and the page text; an incremental update then replaces the page text (Flate-encoded)
// and the Info dictionary (still naming the author). extra bytes of
// incompressible page content can be added to make it large.
func PDF(t testing.TB, extra int) []byte {
	t.Helper()
	w := NewPDFWriter()
	photo := JPEG(t, TwoColour(64, 48), 1)
	w.Object(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /PieceInfo << /Editor << /Private ("+Canary+") /LastModified (D:20260101000000Z) >> >> /Names << /EmbeddedFiles << /Names [(notes.txt) 12 0 R] >> >> >>")
	w.Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.Object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 10 0 R >> >> /Metadata 7 0 R /Annots [9 0 R 13 0 R 14 0 R] /LastModified (D:20260101000000Z) >>")
	w.Stream(4, "", []byte("BT /F1 24 Tf 72 700 Td ("+PDFOldText+") Tj ET"))
	w.Object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	w.Stream(6, "/Type /Metadata /Subtype /XML", []byte(XMP))
	w.Stream(7, "/Type /Metadata /Subtype /XML", []byte(XMP))
	w.Object(8, "<< /Author (Author "+Canary+") /Creator (Creator "+Canary+") /Producer (Producer "+Canary+") /Title (Title "+Canary+") /Subject <"+utf16Hex("Subject "+Canary)+"> /CreationDate (D:20260101000000Z) >>")
	w.Object(9, "<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /T (Reviewer "+Canary+") /Contents (Check this page) /M (D:20260102000000Z) >>")
	w.Stream(10, "/Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", photo)
	w.Stream(11, "/Type /EmbeddedFile", []byte("attached notes by "+Canary))
	w.Object(12, "<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /F 11 0 R >> >>")
	w.Object(13, "<< /Type /Annot /Subtype /Highlight /Rect [72 690 300 720] /QuadPoints [72 720 300 720 72 690 300 690] /T (Highlighter "+Canary+") /Contents (Why this?) /Popup 14 0 R /CreationDate (D:20260102000000Z) >>")
	w.Object(14, "<< /Type /Annot /Subtype /Popup /Rect [300 600 500 700] /Parent 13 0 R >>")
	w.Revision(15, "/Root 1 0 R /Info 8 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]")

	content := "q 64 0 0 48 72 500 cm /Im1 Do Q BT /F1 24 Tf 72 700 Td (" + PDFCurrentText + ") Tj ET\n"
	if extra > 0 {
		// Hex text of a pseudo-random sequence: compresses like a real page's
		// images and fonts do (little), without changing what the page shows.
		var b strings.Builder
		b.WriteString("% padding ")
		x := uint32(2463534242)
		for b.Len() < extra {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			fmt.Fprintf(&b, "%08x", x)
		}
		content += b.String() + "\n"
	}
	w.Stream(4, "/Filter /FlateDecode", Zlib(t, []byte(content)))
	w.Object(8, "<< /Author (Author "+Canary+") /ModDate (D:20260103000000Z) >>")
	w.Revision(15, "/Root 1 0 R /Info 8 0 R /ID [<00112233445566778899aabbccddeeff> <ffeeddccbbaa99887766554433221100>]")
	return w.Bytes()
}

// Entry is one entry of a fixture archive.
type Entry struct {
	Name  string
	Data  []byte
	Store bool // stored, not deflated
}

// Zip writes entries in order, each with an edit time, an extra field
// (the extended timestamp) and a comment, and the archive with a comment.
func Zip(t testing.TB, comment string, entries ...Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), Comment: comment}
		if e.Store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.SetComment(comment); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Text that DOCXEntries' document shows once its tracked changes are accepted.
const (
	DOCXVisible  = "The visible text of the manual"
	DOCXInserted = "words inserted by a reviewer"
)

// DOCXEntries is a Word document carrying the Canary in its core properties
// (creator, last editor, title), extended properties (company), custom
// properties, a comment and its author (comments.xml, people.xml), a tracked
// deletion's text, a tracked insertion's author, a formatting change's author,
// the attached template's path, an embedded photo's EXIF, a thumbnail
// (which shows tracked changes and comments) and the spreadsheet holding a
// chart's data (its own creator and company). body, when not
// nil, is added to the document's body (for large documents).
func DOCXEntries(t testing.TB, body []byte) []Entry {
	const (
		w   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
		r   = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
		rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	)
	decl := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	document := decl + `<w:document ` + w + ` ` + r + `><w:body>` +
		`<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6"><w:pPr><w:rPr><w:ins w:id="9" w:author="Para ` + Canary + `" w:date="2026-01-01T00:00:00Z"/></w:rPr></w:pPr>` +
		`<w:r w:rsidRPr="00112233"><w:t xml:space="preserve">` + DOCXVisible + ` </w:t></w:r>` +
		`<w:ins w:id="1" w:author="Ins ` + Canary + `" w:date="2026-01-02T00:00:00Z"><w:r><w:t>` + DOCXInserted + `</w:t></w:r></w:ins>` +
		`<w:del w:id="2" w:author="Del ` + Canary + `" w:date="2026-01-03T00:00:00Z"><w:r><w:delText>deleted ` + Canary + ` text</w:delText></w:r></w:del>` +
		`<w:commentRangeStart w:id="0"/><w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="Fmt ` + Canary + `" w:date="2026-01-04T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>, bold &amp; &lt;escaped&gt;</w:t></w:r><w:commentRangeEnd w:id="0"/>` +
		`<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>` +
		`<w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId5"/></w:drawing></w:r>` +
		`</w:p>` + string(body) +
		`<w:sectPr w:rsidR="00A1B2C3"><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
	photo := JPEG(t, TwoColour(64, 48), 1)
	return []Entry{
		{Name: "[Content_Types].xml", Data: []byte(decl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>` +
			`<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>` +
			`<Override PartName="/word/document.xml" ContentType="` + docxMain + `"/>` +
			`<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>` +
			`<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>` +
			`<Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>` +
			`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
			`<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>` +
			`</Types>`)},
		{Name: "_rels/.rels", Data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + rel + `extended-properties" Target="docProps/app.xml"/>` +
			`<Relationship Id="rId4" Type="` + rel + `custom-properties" Target="docProps/custom.xml"/>` +
			`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>` +
			`</Relationships>`)},
		{Name: "docProps/core.xml", Data: []byte(decl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>Title ` + Canary + `</dc:title><dc:creator>Creator ` + Canary + `</dc:creator><cp:lastModifiedBy>Editor ` + Canary + `</cp:lastModifiedBy>` +
			`<cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>`)},
		{Name: "docProps/app.xml", Data: []byte(decl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
			`<Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>1</Pages><Words>12</Words>` +
			`<Application>Microsoft Office Word</Application><Company>Company ` + Canary + `</Company><Manager>Manager ` + Canary + `</Manager><AppVersion>16.0000</AppVersion></Properties>`)},
		{Name: "docProps/custom.xml", Data: []byte(decl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
			`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner"><vt:lpwstr>` + Canary + `</vt:lpwstr></property></Properties>`)},
		{Name: "word/document.xml", Data: []byte(document)},
		{Name: "word/_rels/document.xml.rels", Data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `comments" Target="comments.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/>` +
			`<Relationship Id="rId4" Type="` + rel + `settings" Target="settings.xml"/>` +
			`<Relationship Id="rId5" Type="` + rel + `image" Target="media/image1.jpeg"/>` +
			`<Relationship Id="rId6" Type="` + rel + `package" Target="embeddings/Microsoft_Excel_Worksheet.xlsx"/>` +
			`</Relationships>`)},
		{Name: "word/comments.xml", Data: []byte(decl + `<w:comments ` + w + `><w:comment w:id="0" w:author="Commenter ` + Canary + `" w:initials="CC"><w:p><w:r><w:t>Comment ` + Canary + `</w:t></w:r></w:p></w:comment></w:comments>`)},
		{Name: "word/commentsExtended.xml", Data: []byte(decl + `<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/></w15:commentsEx>`)},
		{Name: "word/people.xml", Data: []byte(decl + `<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Commenter ` + Canary + `"><w15:presenceInfo w15:providerId="AD" w15:userId="S::` + Canary + `@example.org"/></w15:person></w15:people>`)},
		{Name: "word/settings.xml", Data: []byte(decl + `<w:settings ` + w + ` ` + r + `><w:attachedTemplate r:id="rId1"/><w:defaultTabStop w:val="708"/>` +
			`<w:rsids><w:rsidRoot w:val="00A1B2C3"/><w:rsid w:val="00A1B2C3"/><w:rsid w:val="00D4E5F6"/></w:rsids></w:settings>`)},
		{Name: "word/_rels/settings.xml.rels", Data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `attachedTemplate" Target="file:///C:\Users\` + Canary + `\Templates\Normal.dotm" TargetMode="External"/></Relationships>`)},
		{Name: "word/media/image1.jpeg", Data: photo, Store: true},
		{Name: "docProps/thumbnail.jpeg", Data: JPEG(t, TwoColour(16, 8), 1), Store: true},
		{Name: "word/embeddings/Microsoft_Excel_Worksheet.xlsx", Data: chartWorkbook(t), Store: true},
	}
}

// chartWorkbook is the spreadsheet Word embeds for a chart's data: a package
// of its own, whose core and extended properties name who made it.
func chartWorkbook(t testing.TB) []byte {
	decl := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	return Zip(t, "", []Entry{
		{Name: "[Content_Types].xml", Data: []byte(decl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`)},
		{Name: "_rels/.rels", Data: []byte(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`)},
		{Name: "docProps/core.xml", Data: []byte(decl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Chart maker ` + Canary + `</dc:creator></cp:coreProperties>`)},
		{Name: "docProps/app.xml", Data: []byte(decl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application><Company>Company ` + Canary + `</Company></Properties>`)},
		{Name: "xl/workbook.xml", Data: []byte(decl + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`)},
	}...)
}

// Text that ODTEntries' document shows once its tracked changes are accepted.
const (
	ODTVisible  = "The visible text of the manual"
	ODTInserted = "words inserted by a reviewer"
)

// ODTEntries is an OpenDocument text carrying the Canary in meta.xml (initial
// creator, creator, generator, a user-defined field), a tracked deletion (its
// text and author), a tracked insertion's author, a comment, the settings'
// printer name, a stored version and its list, an embedded photo's EXIF and
// the thumbnail (which shows tracked deletions).
func ODTEntries(t testing.TB) []Entry {
	decl := `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	ns := `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ` +
		`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:officeooo="http://openoffice.org/2009/office" ` +
		`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"`
	content := decl + `<office:document-content ` + ns + ` office:version="1.3">` +
		`<office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties officeooo:rsid="0012ab34" officeooo:paragraph-rsid="0012ab34"/></style:style></office:automatic-styles>` +
		`<office:body><office:text>` +
		`<text:tracked-changes text:track-changes="false">` +
		`<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>Del ` + Canary + `</dc:creator><dc:date>2026-01-03T00:00:00</dc:date></office:change-info><text:p>deleted ` + Canary + ` words</text:p></text:deletion></text:changed-region>` +
		`<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>Ins ` + Canary + `</dc:creator><dc:date>2026-01-02T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>` +
		`</text:tracked-changes>` +
		`<text:p text:style-name="P1">` + ODTVisible + ` <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>` + ODTInserted + `<text:change-end text:change-id="ct2"/>` +
		`<office:annotation office:name="c1"><dc:creator>Commenter ` + Canary + `</dc:creator><dc:date>2026-01-05T00:00:00</dc:date><text:p>Comment ` + Canary + `</text:p></office:annotation>, and &amp; &lt;escaped&gt;<office:annotation-end office:name="c1"/></text:p>` +
		`<text:p><draw:frame draw:name="photo"><draw:image xlink:href="Pictures/photo.jpg"/></draw:frame></text:p>` +
		`</office:text></office:body></office:document-content>`
	meta := decl + `<office:document-meta ` + ns + ` office:version="1.3"><office:meta>` +
		`<meta:initial-creator>Initial ` + Canary + `</meta:initial-creator><dc:creator>Creator ` + Canary + `</dc:creator>` +
		`<meta:generator>LibreOffice/7.6 ` + Canary + `</meta:generator><meta:creation-date>2026-01-01T00:00:00</meta:creation-date>` +
		`<meta:editing-cycles>9</meta:editing-cycles><meta:user-defined meta:name="Owner">` + Canary + `</meta:user-defined>` +
		`</office:meta></office:document-meta>`
	manifest := decl + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="` + odtMime + `"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/>` +
		`<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/>` +
		`<manifest:file-entry manifest:full-path="Versions/Version1" manifest:media-type="application/vnd.sun.xml.text"/>` +
		`<manifest:file-entry manifest:full-path="VersionList.xml" manifest:media-type="text/xml"/>` +
		`</manifest:manifest>`
	return []Entry{
		{Name: "mimetype", Data: []byte(odtMime), Store: true},
		{Name: "content.xml", Data: []byte(content)},
		{Name: "styles.xml", Data: []byte(decl + `<office:document-styles ` + ns + ` office:version="1.3"><office:styles><style:style style:name="Standard" style:family="paragraph"><style:text-properties officeooo:rsid="0012ab34"/></style:style></office:styles></office:document-styles>`)},
		{Name: "meta.xml", Data: []byte(meta)},
		{Name: "settings.xml", Data: []byte(decl + `<office:document-settings ` + ns + `><office:settings><config:config-item xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" config:name="PrinterName" config:type="string">Printer of ` + Canary + `</config:config-item></office:settings></office:document-settings>`)},
		{Name: "Pictures/photo.jpg", Data: JPEG(t, TwoColour(64, 48), 1), Store: true},
		{Name: "Thumbnails/thumbnail.png", Data: PNG(t, TwoColour(16, 8), 1), Store: true},
		{Name: "Versions/Version1", Data: []byte("an earlier text by " + Canary)},
		{Name: "VersionList.xml", Data: []byte(decl + `<VL:version-list xmlns:VL="http://openoffice.org/2001/versions-list"><VL:version-entry VL:title="Version1" VL:creator="` + Canary + `"/></VL:version-list>`)},
		{Name: "META-INF/manifest.xml", Data: []byte(manifest)},
	}
}

// DOCX is the Word document of DOCXEntries, zipped with the canary as the
// archive's and every entry's comment.
func DOCX(t testing.TB) []byte { return Zip(t, "Zipped by "+Canary, DOCXEntries(t, nil)...) }

// ODT is the text document of ODTEntries, zipped with the canary as the
// archive's and every entry's comment.
func ODT(t testing.TB) []byte { return Zip(t, "Zipped by "+Canary, ODTEntries(t)...) }

// Leaks returns where the canary is in data: "(the file's bytes)", an entry's path
// (a/b for entry b of zip entry a) for the inflated entries of a zip, "pdf
// object N" for a PDF's objects and decoded streams. A zip or a PDF that does
// not open fails the test.
func Leaks(t testing.TB, data []byte) []string {
	t.Helper()
	var where []string
	leaks(t, "", data, &where)
	return where
}

func leaks(t testing.TB, at string, data []byte, where *[]string) {
	t.Helper()
	if bytes.Contains(data, []byte(Canary)) {
		*where = append(*where, cmp.Or(at, "(the file's bytes)"))
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: not a zip: %v", at, err)
		}
		if strings.Contains(zr.Comment, Canary) {
			*where = append(*where, cmp.Or(at, "(the file's)")+" zip comment")
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("%s/%s: %v", at, f.Name, err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatalf("%s/%s: %v", at, f.Name, err)
			}
			name := f.Name
			if at != "" {
				name = at + "/" + f.Name
			}
			if strings.Contains(f.Comment, Canary) {
				*where = append(*where, name+" (entry comment)")
			}
			leaks(t, name, b, where)
		}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
		if err != nil {
			t.Fatalf("%s: pdfcpu cannot read it: %v", at, err)
		}
		for n, e := range ctx.Table {
			if e == nil || e.Free || e.Object == nil {
				continue
			}
			found := strings.Contains(e.Object.PDFString(), Canary)
			pdfStrings(e.Object, func(s string) { found = found || strings.Contains(s, Canary) })
			if sd, ok := e.Object.(types.StreamDict); ok {
				content := sd.Raw // a JPEG's EXIF is in its raw bytes
				if !sd.HasSoleFilterNamed("DCTDecode") {
					if err := sd.Decode(); err != nil {
						t.Fatalf("%spdf object %d does not decode: %v", at, n, err)
					}
					content = sd.Content
				}
				found = found || bytes.Contains(content, []byte(Canary))
			}
			if found {
				*where = append(*where, fmt.Sprintf("%spdf object %d", at, n))
			}
		}
	}
}

// pdfStrings calls visit with every string in a PDF object, decoded (text
// strings are often UTF-16, written in hex: <FEFF0043...>).
func pdfStrings(o types.Object, visit func(string)) {
	switch v := o.(type) {
	case types.StringLiteral, types.HexLiteral:
		if s, err := types.StringOrHexLiteral(v); err == nil && s != nil {
			visit(*s)
		}
	case types.Dict:
		for _, x := range v {
			pdfStrings(x, visit)
		}
	case types.StreamDict:
		pdfStrings(v.Dict, visit)
	case types.Array:
		for _, x := range v {
			pdfStrings(x, visit)
		}
	}
}

// utf16Hex is s as a PDF text string in UTF-16BE with its byte order mark, in hex.
func utf16Hex(s string) string {
	var b strings.Builder
	b.WriteString("FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}
