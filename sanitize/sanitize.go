// Package sanitize removes identifying metadata from uploaded files: who wrote or
// edited them (author, organisation, comments' and tracked changes' authors),
// with what device or software, where (GPS) and the edit history. A file's kind
// is told from its bytes only, never from its name or a declared content type,
// and only the kinds listed in Clean are accepted. Clean is safe for concurrent use.
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
//   - JPEG and PNG are decoded and re-encoded (JPEG at quality 90): no EXIF
//     (device, GPS, dates), XMP, IPTC, comments, text, time or colour-profile
//     chunks are left. A JPEG's EXIF orientation is applied to the pixels
//     first (a PNG's is not: most browsers ignore it).
//     Images over MaxPixels are refused from their header.
//   - DOCX: docProps/core.xml emptied (title included); docProps/app.xml
//     without Company, Manager, Application, AppVersion, Template, TotalTime
//     and HyperlinkBase; custom properties, comments (with their extended
//     parts and people.xml), the thumbnail and signatures dropped, with their
//     relationships and content-type overrides; tracked changes accepted in
//     every word/ part (insertions and moves kept, deletions and moved-away
//     text dropped, formatting-change records dropped), comment anchors,
//     rsids, w:author and w:date removed; settings without rsids or the
//     attached template; embedded JPEG and PNG stripped of metadata segments
//     and chunks; embedded Office packages (a chart's spreadsheet) cleaned of
//     their properties, thumbnail and signatures the same way (and, if Word
//     documents, of comments and tracked changes); entries dated 1980-01-01,
//     no extra fields or comments.
//   - ODT: meta.xml emptied; tracked changes accepted and annotations
//     (comments) removed in content.xml and styles.xml (and those of embedded
//     objects), LibreOffice rsids removed; settings, Versions/, VersionList.xml,
//     the thumbnail and signatures dropped and the manifest updated; embedded
//     images stripped; mimetype first and stored; entries dated as for DOCX.
//   - PDF: rewritten whole by pdfcpu (only the current objects, no earlier
//     revisions), as PDF 2.0 with no Info dictionary, a new file identifier,
//     no XMP metadata streams, PieceInfo or LastModified anywhere; comments
//     removed (sticky notes and pop-ups dropped, highlights and other markup
//     kept without their comment text), no annotation authors or dates, no
//     signature values, no attached files; embedded JPEGs stripped of
//     metadata segments.
//
// Anything else, including other office formats, encrypted documents and zips
// that are not DOCX or ODT, is ErrUnsupported. Archives whose entries inflate
// past MaxInflated, and PDFs whose object streams do, are ErrTooLarge.
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
	case bytes.HasPrefix(data, zipMagic):
		return cleanZip(data)
	}
	return File{}, ErrUnsupported
}
