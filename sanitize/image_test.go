package sanitize

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"testing"
)

// canary is planted in every kind of metadata of the fixtures; no cleaned file may hold it.
const canary = "CANARY-7f3a9c"

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

// canaryEXIF is an EXIF structure with the canary as artist, make, model and GPS
// map datum, a GPS position, and the given orientation.
func canaryEXIF(orientation uint16) []byte {
	bo := binary.LittleEndian
	rational := func(n, d uint32) []byte { return bo.AppendUint32(bo.AppendUint32(nil, n), d) }
	lat := append(append(rational(52, 1), rational(22, 1)...), rational(1234, 100)...)
	return exifTIFF(
		[]tiffEntry{
			asciiEntry(0x010F, "Make "+canary),
			asciiEntry(0x0110, "Model "+canary),
			{tag: 0x0112, typ: 3, count: 1, value: bo.AppendUint16(nil, orientation)},
			asciiEntry(0x013B, "Artist "+canary),
		},
		[]tiffEntry{
			asciiEntry(0x0001, "N"),
			{tag: 0x0002, typ: 5, count: 3, value: lat},
			asciiEntry(0x0012, "Datum "+canary),
		})
}

const canaryXMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>` + canary + `</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

// twoColour is a w×h image, red on its left half and blue on its right half.
func twoColour(w, h int) *image.NRGBA {
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

// jpegWithSegments encodes img and inserts the given APPn segments after SOI.
func jpegWithSegments(t testing.TB, img image.Image, segs ...[]byte) []byte {
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

func app1(payload []byte) []byte {
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

func canaryJPEG(t testing.TB, img image.Image, orientation uint16) []byte {
	return jpegWithSegments(t, img,
		app1(append([]byte("Exif\x00\x00"), canaryEXIF(orientation)...)),
		app1(append([]byte("http://ns.adobe.com/xap/1.0/\x00"), canaryXMP...)),
		append([]byte{0xFF, 0xFE, 0, byte(len(canary) + 2)}, canary...), // COM
	)
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// canaryPNG encodes img and inserts tEXt, iTXt, zTXt-free eXIf and tIME chunks after IHDR.
func canaryPNG(t testing.TB, img image.Image, orientation uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	ihdrEnd := 8 + 12 + 13
	var out []byte
	out = append(out, b[:ihdrEnd]...)
	out = append(out, pngChunk("tEXt", []byte("Author\x00"+canary))...)
	out = append(out, pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+canaryXMP))...)
	out = append(out, pngChunk("eXIf", canaryEXIF(orientation))...)
	out = append(out, pngChunk("tIME", []byte{0x07, 0xEA, 12, 6, 1, 2, 3})...)
	return append(out, b[ihdrEnd:]...)
}

func assertNoCanary(t *testing.T, what string, data []byte) {
	t.Helper()
	if bytes.Contains(data, []byte(canary)) {
		t.Errorf("%s still holds the canary", what)
	}
}

func assertCanary(t *testing.T, what string, data []byte) {
	t.Helper()
	if !bytes.Contains(data, []byte(canary)) {
		t.Fatalf("fixture %s does not hold the canary: the test would prove nothing", what)
	}
}

// colourAt reports whether the pixel is mostly red or mostly blue.
func colourAt(img image.Image, x, y int) string {
	r, _, b, _ := img.At(x, y).RGBA()
	switch {
	case r > 0xC000 && b < 0x4000:
		return "red"
	case b > 0xC000 && r < 0x4000:
		return "blue"
	}
	return "other"
}

func TestCleanJPEG(t *testing.T) {
	in := canaryJPEG(t, twoColour(64, 48), 1)
	assertCanary(t, "jpeg", in)
	for _, marker := range []string{"Exif\x00\x00", "http://ns.adobe.com/xap/1.0/"} {
		if !bytes.Contains(in, []byte(marker)) {
			t.Fatalf("fixture lacks %q", marker)
		}
	}
	f, err := Clean(in)
	if err != nil {
		t.Fatal(err)
	}
	if f.ContentType != "image/jpeg" || f.Ext != ".jpg" {
		t.Errorf("got %q %q, want image/jpeg .jpg", f.ContentType, f.Ext)
	}
	assertNoCanary(t, "cleaned jpeg", f.Data)
	for _, marker := range []string{"Exif", "http://ns.adobe.com/xap/1.0/"} {
		if bytes.Contains(f.Data, []byte(marker)) {
			t.Errorf("cleaned jpeg still holds %q", marker)
		}
	}
	img, err := jpeg.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != image.Pt(64, 48) {
		t.Errorf("size %v, want 64×48", got)
	}
	if colourAt(img, 5, 24) != "red" || colourAt(img, 58, 24) != "blue" {
		t.Errorf("pixels changed: left %s, right %s", colourAt(img, 5, 24), colourAt(img, 58, 24))
	}
}

func TestCleanPNG(t *testing.T) {
	in := canaryPNG(t, twoColour(64, 48), 1)
	assertCanary(t, "png", in)
	if _, err := png.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("fixture does not decode: %v", err)
	}
	f, err := Clean(in)
	if err != nil {
		t.Fatal(err)
	}
	if f.ContentType != "image/png" || f.Ext != ".png" {
		t.Errorf("got %q %q, want image/png .png", f.ContentType, f.Ext)
	}
	assertNoCanary(t, "cleaned png", f.Data)
	for _, chunk := range []string{"tEXt", "iTXt", "zTXt", "eXIf", "tIME"} {
		if bytes.Contains(f.Data, []byte(chunk)) {
			t.Errorf("cleaned png still holds a %s chunk", chunk)
		}
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != image.Pt(64, 48) {
		t.Errorf("size %v, want 64×48", got)
	}
	if colourAt(img, 5, 24) != "red" || colourAt(img, 58, 24) != "blue" {
		t.Errorf("pixels changed: left %s, right %s", colourAt(img, 5, 24), colourAt(img, 58, 24))
	}
}

// TestOrientationApplied: a 64×48 picture tagged "rotate 90° clockwise to
// display" (6) comes out 48×64 with its left half (red) on top, and one tagged
// "rotate 90° anticlockwise" (8) with its left half at the bottom.
func TestOrientationApplied(t *testing.T) {
	for _, tc := range []struct {
		name        string
		orientation uint16
		top, bottom string
		size        image.Point
	}{
		{"jpeg-1", 1, "", "", image.Pt(64, 48)},
		{"jpeg-6", 6, "red", "blue", image.Pt(48, 64)},
		{"jpeg-8", 8, "blue", "red", image.Pt(48, 64)},
		{"png-3", 3, "", "", image.Pt(64, 48)},
		{"png-6", 6, "red", "blue", image.Pt(48, 64)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in []byte
			if tc.name[:3] == "png" {
				in = canaryPNG(t, twoColour(64, 48), tc.orientation)
			} else {
				in = canaryJPEG(t, twoColour(64, 48), tc.orientation)
			}
			f, err := Clean(in)
			if err != nil {
				t.Fatal(err)
			}
			img, _, err := image.Decode(bytes.NewReader(f.Data))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got != tc.size {
				t.Fatalf("size %v, want %v", got, tc.size)
			}
			if tc.orientation == 3 { // rotated 180°: blue now on the left
				if colourAt(img, 5, 24) != "blue" || colourAt(img, 58, 24) != "red" {
					t.Errorf("not rotated: left %s, right %s", colourAt(img, 5, 24), colourAt(img, 58, 24))
				}
				return
			}
			if tc.top == "" {
				return
			}
			if got := colourAt(img, 24, 5); got != tc.top {
				t.Errorf("top is %s, want %s", got, tc.top)
			}
			if got := colourAt(img, 24, 58); got != tc.bottom {
				t.Errorf("bottom is %s, want %s", got, tc.bottom)
			}
		})
	}
}

// TestImageBombRefused: a PNG declaring 100000×100000 pixels is refused from its
// header, before any pixel buffer (40 GB) is allocated.
func TestImageBombRefused(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	ihdr := binary.BigEndian.AppendUint32(nil, 100000)
	ihdr = binary.BigEndian.AppendUint32(ihdr, 100000)
	ihdr = append(ihdr, b[8+8+8:8+8+13]...)
	bomb := append(append(append([]byte{}, b[:8]...), pngChunk("IHDR", ihdr)...), b[8+12+13:]...)

	jbuf := jpegWithSegments(t, image.NewGray(image.Rect(0, 0, 8, 8)))
	sof := bytes.Index(jbuf, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(jbuf[sof+5:], 60000)
	binary.BigEndian.PutUint16(jbuf[sof+7:], 60000)

	for name, in := range map[string][]byte{"png": bomb, "jpeg": jbuf} {
		allocated := bytesAllocated(func() {
			if _, err := Clean(in); !errors.Is(err, ErrTooLarge) {
				t.Errorf("%s: got %v, want ErrTooLarge", name, err)
			}
		})
		if allocated > 1<<20 {
			t.Errorf("%s: refusing allocated %d bytes", name, allocated)
		}
	}
}

// bytesAllocated returns how many bytes of heap f allocated.
func bytesAllocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
