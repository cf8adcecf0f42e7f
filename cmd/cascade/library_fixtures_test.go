package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"testing"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

// smallJPEG is a small JPEG that carries sanitizetest's canary in its metadata.
func smallJPEG(t testing.TB) []byte {
	return sanitizetest.JPEG(t, sanitizetest.TwoColour(32, 24), 1)
}

// encodings returns mark as it may sit in the store's raw files: as is, and base64
// encoded at each of the three byte alignments (binary data is base64 in the embedded
// store's JSON), without the characters the alignment changes.
func encodings(mark string) []string {
	out := []string{mark}
	for shift := range 3 {
		e := base64.StdEncoding.EncodeToString(append(make([]byte, shift), mark...))
		out = append(out, e[4:len(e)-4])
	}
	return out
}

// multipartBody builds a library upload: meta as a JSON part, and a file part unless
// file is nil. It returns the body and its Content-Type.
func multipartBody(t testing.TB, meta []byte, name string, file []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="meta"`)
	h.Set("Content-Type", "application/json")
	p, err := w.CreatePart(h)
	if err == nil {
		_, err = p.Write(meta)
	}
	if err == nil && file != nil {
		var f interface{ Write([]byte) (int, error) }
		if f, err = w.CreateFormFile("file", name); err == nil {
			_, err = f.Write(file)
		}
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}

// largePDF is a one-page PDF with pad bytes of incompressible page content, stored
// without compression, so that its size is what the test asks for.
func largePDF(pad int) []byte {
	var b bytes.Buffer
	offsets := []int{}
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	content := []byte("BT /F1 24 Tf 72 700 Td (Outreach manual) Tj ET\n% ")
	for x := uint32(2463534242); len(content) < pad; {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		content = fmt.Appendf(content, "%08x", x)
	}
	offsets = append(offsets, b.Len())
	fmt.Fprintf(&b, "4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content)+1, content)
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	at := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, at)
	return b.Bytes()
}
