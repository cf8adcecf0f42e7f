package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/textproto"
	"testing"
)

// canaryJPEG is a small JPEG whose EXIF (artist, camera, GPS datum) and comment carry mark.
func canaryJPEG(t testing.TB, mark string) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 32, 24))
	for y := range 24 {
		for x := range 32 {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(8 * x), G: uint8(10 * y), B: 128, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	exif := append([]byte("Exif\x00\x00"), tiffASCII(map[uint16]string{0x010F: "Make " + mark, 0x013B: "Artist " + mark, 0x8298: "Copyright " + mark})...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(exif)+2))
	com := binary.BigEndian.AppendUint16([]byte{0xFF, 0xFE}, uint16(len(mark)+2))
	out := append([]byte{}, buf.Bytes()[:2]...)
	out = append(append(append(out, app1...), exif...), append(com, mark...)...)
	return append(out, buf.Bytes()[2:]...)
}

// tiffASCII is a little-endian TIFF structure with one IFD of ASCII entries, in tag order.
func tiffASCII(entries map[uint16]string) []byte {
	tags := make([]uint16, 0, len(entries))
	for tag := range entries {
		tags = append(tags, tag)
	}
	for i := range tags { // few entries: insertion sort
		for j := i; j > 0 && tags[j] < tags[j-1]; j-- {
			tags[j], tags[j-1] = tags[j-1], tags[j]
		}
	}
	bo := binary.LittleEndian
	out := bo.AppendUint32([]byte("II*\x00"), 8)
	out = bo.AppendUint16(out, uint16(len(tags)))
	extraAt := 8 + 2 + 12*len(tags) + 4
	var extra []byte
	for _, tag := range tags {
		v := append([]byte(entries[tag]), 0)
		out = bo.AppendUint16(out, tag)
		out = bo.AppendUint16(out, 2)
		out = bo.AppendUint32(out, uint32(len(v)))
		out = bo.AppendUint32(out, uint32(extraAt+len(extra)))
		extra = append(extra, v...)
	}
	out = bo.AppendUint32(out, 0)
	return append(out, extra...)
}

// canaryPDF is a one-page PDF whose Info dictionary (author, creator, producer) carries
// mark, with pad bytes of incompressible page content to make it large.
func canaryPDF(mark string, pad int) []byte {
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
	content := []byte("BT /F1 24 Tf 72 700 Td (Outreach manual) Tj ET\n")
	if pad > 0 {
		content = append(content, "% "...)
		x := uint32(2463534242)
		for len(content) < pad {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			content = fmt.Appendf(content, "%08x", x)
		}
		content = append(content, '\n')
	}
	offsets = append(offsets, b.Len())
	fmt.Fprintf(&b, "4 0 obj\n<< /Length %d >>\nstream\n", len(content))
	b.Write(content)
	b.WriteString("\nendstream\nendobj\n")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	obj("<< /Author (Author " + mark + ") /Creator (Creator " + mark + ") /Producer (Producer " + mark + ") >>")
	at := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, at)
	return b.Bytes()
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
