package sanitize

import (
	"bytes"
	"compress/flate"
	"errors"
	"hash/adler32"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

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
	in := sanitizetest.PDF(t, 0)
	assertCanary(t, "pdf", in)
	inCtx, inStreams, _ := readPDF(t, in)
	if inCtx.PageCount != 1 {
		t.Fatalf("fixture has %d pages", inCtx.PageCount)
	}
	if !bytes.Contains(bytes.Join(inStreams, nil), []byte(sanitizetest.PDFCurrentText)) {
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
	if !bytes.Contains(page, []byte(sanitizetest.PDFCurrentText)) {
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

	w := sanitizetest.NewPDFWriter()
	w.Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.Object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> >>")
	w.Stream(4, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", stm.Bytes())
	// A cross-reference stream: object 5 is the first in object stream 4.
	xrefAt := w.Len()
	var rows bytes.Buffer
	row := func(typ byte, a uint32, b uint16) {
		rows.WriteByte(typ)
		rows.Write([]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
		rows.Write([]byte{byte(b >> 8), byte(b)})
	}
	row(0, 0, 65535)
	for n := 1; n <= 4; n++ {
		row(1, uint32(w.Offset(n)), 0)
	}
	row(2, 4, 0)
	row(1, uint32(xrefAt), 0)
	w.Stream(6, "/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R", rows.Bytes())
	w.Printf("startxref\n%d\n%%%%EOF\n", xrefAt)
	bomb := w.Bytes()
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

// encryptedPDF is the canary PDF encrypted by pdfcpu (AES-256), with a
// password to open it when userPW is set, else with an owner password only.
func encryptedPDF(t *testing.T, userPW string) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(sanitizetest.PDF(t, 0)), &out, model.NewAESConfiguration(userPW, "owner-secret", 256)); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
