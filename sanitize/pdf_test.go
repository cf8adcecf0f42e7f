package sanitize

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"hash/adler32"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfWriter writes a PDF by hand: objects, then a classic xref section per revision.
type pdfWriter struct {
	buf     bytes.Buffer
	offsets map[int]int // object number → offset, of the revision being written
	lastX   int         // offset of the previous xref section, 0 for none
}

func newPDFWriter() *pdfWriter {
	w := &pdfWriter{offsets: map[int]int{}}
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return w
}

func (w *pdfWriter) object(n int, body string) {
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

func (w *pdfWriter) stream(n int, dict string, data []byte) {
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// revision ends a revision with an xref section for the objects written in it
// and a trailer (with /Prev pointing to the previous section, if any).
func (w *pdfWriter) revision(size int, trailer string) {
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

func zlibBytes(t testing.TB, data []byte) []byte {
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

const (
	pdfOldText     = "Draft by " + canary
	pdfCurrentText = "The current text of the manual"
)

// canaryPDF is a one-page PDF whose first revision carries the canary in its
// Info (author, creator, producer, title), catalog and page XMP streams, the
// catalog's PieceInfo, a sticky note's and a highlight's author, an embedded
// photo's EXIF, an attached file and the page text; an incremental update then replaces the page text (Flate-encoded)
// and the Info dictionary (still naming the author). extra bytes of
// incompressible page content can be added to make it large.
func canaryPDF(t testing.TB, extra int) []byte {
	t.Helper()
	w := newPDFWriter()
	photo := canaryJPEG(t, twoColour(64, 48), 1)
	w.object(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /PieceInfo << /Editor << /Private ("+canary+") /LastModified (D:20260101000000Z) >> >> /Names << /EmbeddedFiles << /Names [(notes.txt) 12 0 R] >> >> >>")
	w.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 10 0 R >> >> /Metadata 7 0 R /Annots [9 0 R 13 0 R 14 0 R] /LastModified (D:20260101000000Z) >>")
	w.stream(4, "", []byte("BT /F1 24 Tf 72 700 Td ("+pdfOldText+") Tj ET"))
	w.object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	w.stream(6, "/Type /Metadata /Subtype /XML", []byte(canaryXMP))
	w.stream(7, "/Type /Metadata /Subtype /XML", []byte(canaryXMP))
	w.object(8, "<< /Author (Author "+canary+") /Creator (Creator "+canary+") /Producer (Producer "+canary+") /Title (Title "+canary+") /CreationDate (D:20260101000000Z) >>")
	w.object(9, "<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /T (Reviewer "+canary+") /Contents (Check this page) /M (D:20260102000000Z) >>")
	w.stream(10, "/Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", photo)
	w.stream(11, "/Type /EmbeddedFile", []byte("attached notes by "+canary))
	w.object(12, "<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /F 11 0 R >> >>")
	w.object(13, "<< /Type /Annot /Subtype /Highlight /Rect [72 690 300 720] /QuadPoints [72 720 300 720 72 690 300 690] /T (Highlighter "+canary+") /Contents (Why this?) /Popup 14 0 R /CreationDate (D:20260102000000Z) >>")
	w.object(14, "<< /Type /Annot /Subtype /Popup /Rect [300 600 500 700] /Parent 13 0 R >>")
	w.revision(15, "/Root 1 0 R /Info 8 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]")

	content := "q 64 0 0 48 72 500 cm /Im1 Do Q BT /F1 24 Tf 72 700 Td (" + pdfCurrentText + ") Tj ET\n"
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
	w.stream(4, "/Filter /FlateDecode", zlibBytes(t, []byte(content)))
	w.object(8, "<< /Author (Author "+canary+") /ModDate (D:20260103000000Z) >>")
	w.revision(15, "/Root 1 0 R /Info 8 0 R /ID [<00112233445566778899aabbccddeeff> <ffeeddccbbaa99887766554433221100>]")
	return w.buf.Bytes()
}

// readPDF reads and validates a PDF with pdfcpu, and returns the decoded content
// of each stream (the raw bytes of JPEG ones) and the other objects as text.
func readPDF(t *testing.T, data []byte) (ctx *model.Context, streams [][]byte, objects []string) {
	t.Helper()
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatalf("pdfcpu cannot read it: %v", err)
	}
	if err := api.ValidateContext(ctx); err != nil {
		t.Fatalf("pdfcpu does not validate it: %v", err)
	}
	for _, e := range ctx.Table {
		if e == nil || e.Free {
			continue
		}
		sd, ok := e.Object.(types.StreamDict)
		if !ok {
			if e.Object != nil {
				objects = append(objects, e.Object.PDFString())
			}
			continue
		}
		if sd.HasSoleFilterNamed("DCTDecode") {
			streams = append(streams, sd.Raw)
			continue
		}
		if err := sd.Decode(); err != nil {
			t.Fatalf("stream does not decode: %v", err)
		}
		streams = append(streams, sd.Content)
	}
	return ctx, streams, objects
}

func TestCleanPDF(t *testing.T) {
	in := canaryPDF(t, 0)
	assertCanary(t, "pdf", in)
	inCtx, inStreams, _ := readPDF(t, in)
	if inCtx.PageCount != 1 {
		t.Fatalf("fixture has %d pages", inCtx.PageCount)
	}
	if !bytes.Contains(bytes.Join(inStreams, nil), []byte(pdfCurrentText)) {
		t.Fatal("fixture's current revision lacks the current text")
	}

	f, err := Clean(in)
	if err != nil {
		t.Fatal(err)
	}
	if f.ContentType != "application/pdf" || f.Ext != ".pdf" {
		t.Errorf("got %q %q, want application/pdf .pdf", f.ContentType, f.Ext)
	}
	assertNoCanary(t, "cleaned pdf", f.Data)
	for _, s := range []string{"/Author", "/Creator", "/Producer", "/Metadata", "/PieceInfo", "/LastModified", "Draft by", "00112233445566778899", "/EmbeddedFile"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("cleaned pdf still holds %q", s)
		}
	}
	if n := bytes.Count(f.Data, []byte("%%EOF")); n != 1 {
		t.Errorf("cleaned pdf has %d revisions, want 1", n)
	}

	ctx, streams, objects := readPDF(t, f.Data)
	highlights := 0
	for _, o := range objects {
		if strings.Contains(o, canary) {
			t.Errorf("object %.120s holds the canary", o)
		}
		// The sticky note, the highlight's comment and pop-up go; the highlight stays.
		for _, gone := range []string{"Check this page", "Why this?", "/Popup", "/Subtype/Text", "/CreationDate", "/EF"} {
			if strings.Contains(o, gone) {
				t.Errorf("object %.160s holds %s", o, gone)
			}
		}
		if strings.Contains(o, "/Subtype/Highlight") {
			highlights++
		}
	}
	if highlights != 1 {
		t.Errorf("%d highlights, want 1", highlights)
	}
	if ctx.PageCount != 1 {
		t.Errorf("%d pages, want 1", ctx.PageCount)
	}
	if ctx.Info != nil {
		t.Errorf("cleaned pdf still has an Info dictionary: %v", *ctx.Info)
	}
	var photos int
	for _, s := range streams {
		if bytes.Contains(s, []byte(canary)) {
			t.Errorf("a decoded stream holds the canary: %.80q", s)
		}
		if bytes.HasPrefix(s, jpegMagic) {
			photos++
			img, err := jpeg.Decode(bytes.NewReader(s))
			if err != nil {
				t.Errorf("the photo no longer decodes: %v", err)
			} else if img.Bounds().Dx() != 64 {
				t.Errorf("the photo is %v", img.Bounds())
			}
			if bytes.Contains(s, []byte("Exif")) {
				t.Error("the photo keeps its EXIF")
			}
		}
	}
	if photos != 1 {
		t.Errorf("%d photos, want 1", photos)
	}
	page, err := ctx.PageContent(mustPageDict(t, ctx), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(pdfCurrentText)) {
		t.Errorf("page 1 lost its text: %.200q", page)
	}
}

func mustPageDict(t *testing.T, ctx *model.Context) types.Dict {
	t.Helper()
	d, _, _, err := ctx.PageDict(1, false)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPDFBombRefused: an object stream (which pdfcpu inflates whole while
// reading) that inflates to 300 MB from a file of 300 KB is refused before
// pdfcpu reads it.
func TestPDFBombRefused(t *testing.T) {
	// zlib: header, the object's text deflated and flushed, 300 MiB of
	// zeros, and the Adler-32 of it all (zeros leave its a sum as it is and
	// add a to its b sum once per byte).
	head := "5 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	var stm bytes.Buffer
	stm.Write([]byte{0x78, 0x01})
	fw, err := flate.NewWriter(&stm, flate.NoCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	if err := fw.Flush(); err != nil {
		t.Fatal(err)
	}
	stm.Write(deflatedZeros(t, 300))
	sum := adler32.Checksum([]byte(head))
	a, b := sum&0xFFFF, sum>>16
	b = uint32((uint64(b) + uint64(300<<20)*uint64(a)) % 65521)
	stm.Write([]byte{byte(b >> 8), byte(b), byte(a >> 8), byte(a)})

	w := newPDFWriter()
	w.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> >>")
	w.stream(4, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", stm.Bytes())
	// A cross-reference stream: object 5 is the first in object stream 4.
	xrefAt := w.buf.Len()
	var rows bytes.Buffer
	row := func(typ byte, a uint32, b uint16) {
		rows.WriteByte(typ)
		rows.Write([]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
		rows.Write([]byte{byte(b >> 8), byte(b)})
	}
	row(0, 0, 65535)
	for n := 1; n <= 4; n++ {
		row(1, uint32(w.offsets[n]), 0)
	}
	row(2, 4, 0)
	row(1, uint32(xrefAt), 0)
	w.stream(6, "/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R", rows.Bytes())
	fmt.Fprintf(&w.buf, "startxref\n%d\n%%%%EOF\n", xrefAt)
	bomb := w.buf.Bytes()
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}

	allocated := bytesAllocated(func() {
		if _, err := Clean(bomb); !errors.Is(err, ErrTooLarge) {
			t.Errorf("got %v, want ErrTooLarge", err)
		}
	})
	if allocated > 16<<20 {
		t.Errorf("refusing the bomb allocated %d MB", allocated>>20)
	}
}
