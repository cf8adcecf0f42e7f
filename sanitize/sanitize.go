// Package sanitize removes identifying metadata from uploaded files: who wrote or
// edited them (author, organisation, comments' and tracked changes' authors), with
// what device or software, where (GPS) and the edit history. A file's kind is told
// from its bytes only, never from its name or a declared content type, and only
// the kinds listed in Clean are accepted.
package sanitize

import (
	"bytes"
	"errors"
)

// File is a cleaned file: the bytes to store and serve, and what they are.
type File struct {
	Data        []byte
	ContentType string
	Ext         string // like ".pdf"
}

var (
	// ErrUnsupported: the bytes are not one of the kinds Clean accepts.
	ErrUnsupported = errors.New("sanitize: unsupported file type")
	// ErrMalformed: the bytes claim to be an accepted kind but do not parse as it.
	ErrMalformed = errors.New("sanitize: malformed file")
	// ErrTooLarge: over MaxBytes, an image over MaxPixels, or an archive whose
	// entries inflate past MaxInflated.
	ErrTooLarge = errors.New("sanitize: file too large")
)

const (
	// MaxBytes is the largest input Clean accepts.
	MaxBytes = 25 << 20
	// MaxPixels bounds an image's declared width × height (decompression bombs).
	MaxPixels = 50_000_000
	// MaxInflated bounds the total inflated size of an archive's entries.
	MaxInflated = 256 << 20
	// maxEntries bounds the number of entries of an archive.
	maxEntries = 10_000
)

// Clean detects the kind of data from its leading bytes and returns a copy with
// the metadata removed:
//
//   - JPEG and PNG are decoded and re-encoded (no EXIF, GPS, XMP, IPTC, text or
//     time chunks), with the EXIF orientation applied to the pixels first.
//   - DOCX: core properties emptied, extended properties without company,
//     manager, application, template and editing time, custom properties,
//     comments and people dropped, tracked changes accepted, revision ids
//     removed, signatures dropped, embedded images stripped, and the zip
//     rewritten with fixed times.
//   - ODT: meta.xml emptied, tracked changes accepted, annotations (comments)
//     and revision ids removed, settings, versions and signatures dropped,
//     embedded images stripped, and the zip rewritten with fixed times.
//   - PDF: rewritten whole (no earlier revisions) without the Info dictionary,
//     XMP metadata streams and PieceInfo.
//
// Anything else is ErrUnsupported.
func Clean(data []byte) (File, error) {
	if len(data) > MaxBytes {
		return File{}, ErrTooLarge
	}
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		return cleanJPEG(data)
	case bytes.HasPrefix(data, pngMagic):
		return cleanPNG(data)
	case bytes.HasPrefix(data, pdfMagic):
		return cleanPDF(data)
	}
	return File{}, ErrUnsupported
}
