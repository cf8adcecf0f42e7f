package sanitize

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
)

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// jpegQuality is the quality re-encoded JPEGs are written at.
const jpegQuality = 90

func cleanJPEG(data []byte) (File, error) {
	if err := checkDimensions(data, jpeg.DecodeConfig, "jpeg"); err != nil {
		return File{}, err
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return File{}, fmt.Errorf("%w: jpeg: %v", ErrMalformed, err)
	}
	img = orient(img, jpegOrientation(data))
	var out bytes.Buffer
	out.Grow(len(data))
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return File{}, fmt.Errorf("%w: jpeg: %v", ErrMalformed, err)
	}
	return File{Data: out.Bytes(), ContentType: "image/jpeg", Ext: ".jpg"}, nil
}

func cleanPNG(data []byte) (File, error) {
	if err := checkDimensions(data, png.DecodeConfig, "png"); err != nil {
		return File{}, err
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return File{}, fmt.Errorf("%w: png: %v", ErrMalformed, err)
	}
	// A PNG's eXIf orientation is not applied: Chrome and Firefox ignore it
	// (Safari alone turns the picture), so the picture stays as most people saw it.
	var out bytes.Buffer
	out.Grow(len(data))
	if err := png.Encode(&out, img); err != nil {
		return File{}, fmt.Errorf("%w: png: %v", ErrMalformed, err)
	}
	return File{Data: out.Bytes(), ContentType: "image/png", Ext: ".png"}, nil
}

// checkDimensions reads only the header, so that an image declaring huge
// dimensions is refused before its pixel buffer is allocated.
func checkDimensions(data []byte, decodeConfig func(r io.Reader) (image.Config, error), kind string) error {
	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrMalformed, kind, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("%w: %s: empty image", ErrMalformed, kind)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return fmt.Errorf("%w: %s: %d×%d pixels", ErrTooLarge, kind, cfg.Width, cfg.Height)
	}
	return nil
}

// jpegOrientation returns the EXIF orientation (1-8) of a JPEG, 1 when it has none.
func jpegOrientation(data []byte) int {
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xFF {
			return 1
		}
		marker := data[p+1]
		if marker == 0xFF { // fill byte
			p++
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return 1
		}
		seg := data[p+4 : p+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 (Orientation) of IFD0 of an EXIF TIFF structure.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[ifd:]))
	for i := 0; i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 || bo.Uint16(t[e+2:]) != 3 { // SHORT
			continue
		}
		if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}

// orient turns img so that it displays upright without its EXIF orientation.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// from maps a destination pixel to its source pixel.
	from := func(x, y int) (int, int) {
		switch o {
		case 2:
			return w - 1 - x, y
		case 3:
			return w - 1 - x, h - 1 - y
		case 4:
			return x, h - 1 - y
		case 5:
			return y, x
		case 6:
			return y, h - 1 - x
		case 7:
			return w - 1 - y, h - 1 - x
		default: // 8
			return w - 1 - y, x
		}
	}
	var srcPix, dstPix []byte
	var srcStride, dstStride, bpp int
	var out image.Image
	switch img.(type) {
	case *image.RGBA64, *image.NRGBA64, *image.Gray16:
		src := image.NewRGBA64(image.Rect(0, 0, w, h))
		draw.Draw(src, src.Rect, img, b.Min, draw.Src)
		dst := image.NewRGBA64(image.Rect(0, 0, dw, dh))
		srcPix, srcStride, dstPix, dstStride, bpp, out = src.Pix, src.Stride, dst.Pix, dst.Stride, 8, dst
	default:
		src := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(src, src.Rect, img, b.Min, draw.Src)
		dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
		srcPix, srcStride, dstPix, dstStride, bpp, out = src.Pix, src.Stride, dst.Pix, dst.Stride, 4, dst
	}
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			sx, sy := from(x, y)
			copy(dstPix[y*dstStride+bpp*x:y*dstStride+bpp*x+bpp], srcPix[sy*srcStride+bpp*sx:])
		}
	}
	return out
}

// stripJPEG removes a JPEG's metadata segments without decoding it: EXIF and
// XMP (APP1), other application segments (multi-picture data that carries
// its own EXIF, IPTC, vendor notes) and comments. It keeps JFIF (APP0), the
// ICC colour profile (APP2 "ICC_PROFILE") and Adobe's colour transform (APP14).
// ok is false when the segments do not parse; data is then returned unchanged.
func stripJPEG(data []byte) (out []byte, ok bool) {
	if !bytes.HasPrefix(data, jpegMagic) {
		return data, false
	}
	out = make([]byte, 0, len(data))
	out = append(out, 0xFF, 0xD8)
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xFF {
			return data, false
		}
		marker := data[p+1]
		if marker == 0xFF {
			p++
			continue
		}
		if marker == 0xDA { // start of scan: the rest is image data
			return append(out, data[p:]...), true
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return data, false
		}
		seg := data[p : p+2+n]
		keep := true
		switch {
		case marker == 0xE0 || marker == 0xEE:
		case marker == 0xE2:
			keep = bytes.HasPrefix(seg[4:], []byte("ICC_PROFILE\x00"))
		case marker >= 0xE1 && marker <= 0xEF, marker == 0xFE:
			keep = false
		}
		if keep {
			out = append(out, seg...)
		}
		p += 2 + n
	}
	return data, false
}

// pngKeep are the chunks stripPNG keeps: the critical ones, transparency,
// colour (gamma, chromaticities, sRGB, ICC profile, significant bits,
// background), pixel size and APNG animation. Text, EXIF, time and any other
// chunk are dropped.
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true, "tRNS": true,
	"gAMA": true, "cHRM": true, "sRGB": true, "iCCP": true, "sBIT": true,
	"bKGD": true, "pHYs": true, "acTL": true, "fcTL": true, "fdAT": true,
}

// stripPNG removes a PNG's metadata chunks without decoding it. ok is false
// when the chunks do not parse; data is then returned unchanged.
func stripPNG(data []byte) (out []byte, ok bool) {
	if !bytes.HasPrefix(data, pngMagic) {
		return data, false
	}
	out = make([]byte, 0, len(data))
	out = append(out, pngMagic...)
	p := len(pngMagic)
	for p+12 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[p:]))
		if n < 0 || n > len(data)-p-12 {
			return data, false
		}
		typ := string(data[p+4 : p+8])
		if pngKeep[typ] {
			out = append(out, data[p:p+12+n]...)
		}
		p += 12 + n
		if typ == "IEND" {
			return out, true
		}
	}
	return data, false
}
