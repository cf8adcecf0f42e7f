package sanitize

import (
	"bytes"
	"compress/zlib"
	"fmt"
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

func flate(t testing.TB, data []byte) []byte {
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
// catalog's PieceInfo, a comment's author, an embedded photo's EXIF and the
// page text; an incremental update then replaces the page text (Flate-encoded)
// and the Info dictionary (still naming the author). extra bytes of
// incompressible page content can be added to make it large.
func canaryPDF(t testing.TB, extra int) []byte {
	t.Helper()
	w := newPDFWriter()
	photo := canaryJPEG(t, twoColour(64, 48), 1)
	w.object(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /PieceInfo << /Editor << /Private ("+canary+") /LastModified (D:20260101000000Z) >> >> >>")
	w.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 10 0 R >> >> /Metadata 7 0 R /Annots [9 0 R] /LastModified (D:20260101000000Z) >>")
	w.stream(4, "", []byte("BT /F1 24 Tf 72 700 Td ("+pdfOldText+") Tj ET"))
	w.object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	w.stream(6, "/Type /Metadata /Subtype /XML", []byte(canaryXMP))
	w.stream(7, "/Type /Metadata /Subtype /XML", []byte(canaryXMP))
	w.object(8, "<< /Author (Author "+canary+") /Creator (Creator "+canary+") /Producer (Producer "+canary+") /Title (Title "+canary+") /CreationDate (D:20260101000000Z) >>")
	w.object(9, "<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /T (Reviewer "+canary+") /Contents (Check this page) /M (D:20260102000000Z) >>")
	w.stream(10, "/Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", photo)
	w.revision(11, "/Root 1 0 R /Info 8 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]")

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
	w.stream(4, "/Filter /FlateDecode", flate(t, []byte(content)))
	w.object(8, "<< /Author (Author "+canary+") /ModDate (D:20260103000000Z) >>")
	w.revision(11, "/Root 1 0 R /Info 8 0 R /ID [<00112233445566778899aabbccddeeff> <ffeeddccbbaa99887766554433221100>]")
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
	for _, s := range []string{"/Author", "/Creator", "/Producer", "/Metadata", "/PieceInfo", "/LastModified", "Draft by", "00112233445566778899"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("cleaned pdf still holds %q", s)
		}
	}
	if n := bytes.Count(f.Data, []byte("%%EOF")); n != 1 {
		t.Errorf("cleaned pdf has %d revisions, want 1", n)
	}

	ctx, streams, objects := readPDF(t, f.Data)
	for _, o := range objects {
		if strings.Contains(o, canary) {
			t.Errorf("object %.120s holds the canary", o)
		}
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
