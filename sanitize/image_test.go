package sanitize

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"runtime"
	"testing"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

// canary is planted in every kind of metadata of the fixtures; no cleaned file may hold it.
const canary = sanitizetest.Canary

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
	in := sanitizetest.JPEG(t, sanitizetest.TwoColour(64, 48), 1)
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
	in := sanitizetest.PNG(t, sanitizetest.TwoColour(64, 48), 1)
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

// TestOrientationApplied: a 64×48 JPEG tagged "rotate 90° clockwise to
// display" (6) comes out 48×64 with its left half (red) on top, one tagged
// "rotate 90° anticlockwise" (8) with its left half at the bottom, one tagged
// 3 turned 180°. A PNG's tag is dropped without turning it, as browsers but
// Safari show it.
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
		{"jpeg-3", 3, "", "", image.Pt(64, 48)},

		{"png-6 (not applied)", 6, "", "", image.Pt(64, 48)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in []byte
			if tc.name[:3] == "png" {
				in = sanitizetest.PNG(t, sanitizetest.TwoColour(64, 48), tc.orientation)
			} else {
				in = sanitizetest.JPEG(t, sanitizetest.TwoColour(64, 48), tc.orientation)
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
	bomb := append(append(append([]byte{}, b[:8]...), sanitizetest.PNGChunk("IHDR", ihdr)...), b[8+12+13:]...)

	jbuf := sanitizetest.JPEGWithSegments(t, image.NewGray(image.Rect(0, 0, 8, 8)))
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
