package sanitize

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

// photo is a w×h picture like a photograph to a JPEG encoder: smooth
// gradients with grain, so it neither compresses to nothing nor is pure noise.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	x32 := uint32(88172645)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			x32 ^= x32 << 13
			x32 ^= x32 >> 17
			x32 ^= x32 << 5
			g := uint8(x32 & 0x1F)
			img.SetRGBA(x, y, color.RGBA{R: uint8(x*255/w) ^ g, G: uint8(y*255/h) + g, B: uint8((x+y)*127/(w+h)) + g, A: 255})
		}
	}
	return img
}

// largePDF is a PDF of about size bytes: pages each with a photo (with EXIF)
// and a paragraph of text, the metadata of sanitizetest.PDF on the document.
func largePDF(b testing.TB, size int) []byte {
	pic := sanitizetest.JPEGWithSegments(b, photo(800, 600), sanitizetest.APP1(append([]byte("Exif\x00\x00"), sanitizetest.EXIF(1)...)))
	pages := size / (len(pic) + 600)
	w := sanitizetest.NewPDFWriter()
	kids := make([]string, pages)
	const first = 10
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", first+3*i)
	}
	w.Object(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>")
	w.Object(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), pages))
	w.Stream(3, "/Type /Metadata /Subtype /XML", []byte(sanitizetest.XMP))
	w.Object(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	w.Object(5, "<< /Author ("+canary+") /Producer ("+canary+") >>")
	for i := 0; i < pages; i++ {
		n := first + 3*i
		w.Object(n, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 %d 0 R >> >> >>", n+1, n+2))
		text := fmt.Sprintf("q 400 0 0 300 100 400 cm /Im1 Do Q BT /F1 12 Tf 72 300 Td (Page %d of the training manual: peer outreach, counselling and safety.) Tj ET", i+1)
		w.Stream(n+1, "/Filter /FlateDecode", sanitizetest.Zlib(b, []byte(text)))
		w.Stream(n+2, "/Type /XObject /Subtype /Image /Width 800 /Height 600 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", pic)
	}
	w.Revision(first+3*pages, "/Root 1 0 R /Info 5 0 R")
	return w.Bytes()
}

// largeDOCX is a DOCX of about size bytes: sanitizetest.DOCXEntries with a long body full
// of revision ids and tracked changes (size/2 bytes of XML, which deflates to
// a few percent of that), then photos with EXIF up to size.
func largeDOCX(b testing.TB, size int) []byte {
	var body bytes.Buffer
	for i := 0; body.Len() < size/2; i++ {
		fmt.Fprintf(&body, `<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6"><w:r w:rsidRPr="00112233"><w:t xml:space="preserve">Paragraph %d: peer educators meet every week and record what they learned. </w:t></w:r>`+
			`<w:ins w:id="%d" w:author="Reviewer" w:date="2026-01-02T00:00:00Z"><w:r><w:t>An added sentence.</w:t></w:r></w:ins>`+
			`<w:del w:id="%d" w:author="Reviewer" w:date="2026-01-02T00:00:00Z"><w:r><w:delText>A removed sentence.</w:delText></w:r></w:del></w:p>`, i, 2*i+10, 2*i+11)
	}
	entries := sanitizetest.DOCXEntries(b, body.Bytes())
	small := len(sanitizetest.Zip(b, "", entries...))
	pic := sanitizetest.JPEGWithSegments(b, photo(800, 600), sanitizetest.APP1(append([]byte("Exif\x00\x00"), sanitizetest.EXIF(1)...)))
	for i := 0; small+(i+1)*len(pic) < size; i++ {
		entries = append(entries, sanitizetest.Entry{Name: fmt.Sprintf("word/media/photo%d.jpeg", i), Data: pic, Store: true})
	}
	return sanitizetest.Zip(b, "", entries...)
}

func BenchmarkClean(b *testing.B) {
	for _, bc := range []struct {
		name string
		make func(testing.TB) []byte
	}{
		{"pdf-25MB", func(tb testing.TB) []byte { return largePDF(tb, 24<<20) }},
		{"docx-25MB", func(tb testing.TB) []byte { return largeDOCX(tb, 24<<20) }},
		{"jpeg-12MP", func(tb testing.TB) []byte {
			return sanitizetest.JPEGWithSegments(tb, photo(4000, 3000), sanitizetest.APP1(append([]byte("Exif\x00\x00"), sanitizetest.EXIF(6)...)))
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			in := bc.make(b)
			if len(in) > MaxBytes {
				b.Fatalf("input is %d bytes, over MaxBytes", len(in))
			}
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				f, err := Clean(in)
				if err != nil {
					b.Fatal(err)
				}
				if bytes.Contains(f.Data, []byte(canary)) {
					b.Fatal("canary in the output")
				}
			}
			b.ReportMetric(float64(len(in))/(1<<20), "input-MB")
		})
	}
}
