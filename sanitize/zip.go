package sanitize

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
)

var zipMagic = []byte("PK\x03\x04")

// zipDOSDate is 1980-01-01, the earliest MS-DOS date: every entry of a cleaned
// archive carries it, at 00:00, instead of when it was last edited.
const zipDOSDate = 1<<5 | 1

// archive is a zip read for cleaning: its entries in order, with the inflated
// size of all of them bounded by MaxInflated.
type archive struct {
	files  []*zip.File
	byName map[string]*zip.File
	budget int64 // inflated bytes still allowed
}

func openArchive(data []byte) (*archive, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: zip: %v", ErrMalformed, err)
	}
	if len(zr.File) > maxEntries {
		return nil, fmt.Errorf("%w: zip: %d entries", ErrTooLarge, len(zr.File))
	}
	a := &archive{files: zr.File, byName: map[string]*zip.File{}, budget: MaxInflated}
	var declared uint64
	for _, f := range zr.File {
		if !fs.ValidPath(strings.TrimSuffix(f.Name, "/")) {
			return nil, fmt.Errorf("%w: zip entry named %q", ErrMalformed, f.Name)
		}
		if _, dup := a.byName[f.Name]; dup {
			return nil, fmt.Errorf("%w: zip: two entries named %q", ErrMalformed, f.Name)
		}
		a.byName[f.Name] = f
		declared += f.UncompressedSize64
		if declared > MaxInflated {
			return nil, fmt.Errorf("%w: zip entries declare more than %d bytes", ErrTooLarge, MaxInflated)
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return nil, fmt.Errorf("%w: zip: compression method %d", ErrUnsupported, f.Method)
		}
		if f.Flags&0x1 != 0 {
			return nil, fmt.Errorf("%w: encrypted zip entry", ErrUnsupported)
		}
	}
	return a, nil
}

// inflate reads an entry whole, counting it against the archive's budget; the
// count is of the bytes actually inflated, not of the size the entry declares.
func (a *archive) inflate(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: zip: %s: %v", ErrMalformed, f.Name, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, a.budget+1))
	if err != nil {
		return nil, fmt.Errorf("%w: zip: %s: %v", ErrMalformed, f.Name, err)
	}
	if n > a.budget {
		return nil, fmt.Errorf("%w: zip entries inflate past %d bytes", ErrTooLarge, MaxInflated)
	}
	a.budget -= n
	return buf.Bytes(), nil
}

// check inflates an entry without keeping it: its checksum is verified and its
// size counted, so that an entry copied as it is was not a bomb nor corrupt.
func (a *archive) check(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: zip: %s: %v", ErrMalformed, f.Name, err)
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, a.budget+1))
	if err != nil {
		return fmt.Errorf("%w: zip: %s: %v", ErrMalformed, f.Name, err)
	}
	if n > a.budget {
		return fmt.Errorf("%w: zip entries inflate past %d bytes", ErrTooLarge, MaxInflated)
	}
	a.budget -= n
	return nil
}

// zipWriter writes a cleaned archive: entries with only a name, a method,
// sizes and checksum, the fixed date, no extra fields and no comments.
type zipWriter struct {
	zw  *zip.Writer
	out bytes.Buffer
	fw  *flate.Writer
}

func newZipWriter(size int) *zipWriter {
	w := &zipWriter{}
	w.out.Grow(size)
	w.zw = zip.NewWriter(&w.out)
	return w
}

func header(name string) *zip.FileHeader {
	// Version 2.0 (deflate) made by and needed to extract, as archive/zip
	// writes it for entries it compresses itself.
	h := &zip.FileHeader{Name: name, ModifiedDate: zipDOSDate, CreatorVersion: 20, ReaderVersion: 20}
	if !isASCII(name) {
		h.Flags |= 0x800 // name is UTF-8
	}
	return h
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// add writes an entry from its content, deflated unless store.
func (w *zipWriter) add(name string, data []byte, store bool) error {
	h := header(name)
	h.CRC32 = crc32.ChecksumIEEE(data)
	h.UncompressedSize64 = uint64(len(data))
	body := data
	if strings.HasSuffix(name, "/") {
		body = nil
		h.CRC32, h.UncompressedSize64 = 0, 0
	} else if !store {
		var buf bytes.Buffer
		buf.Grow(len(data) / 4)
		if w.fw == nil {
			fw, err := flate.NewWriter(&buf, flate.DefaultCompression)
			if err != nil {
				return err
			}
			w.fw = fw
		} else {
			w.fw.Reset(&buf)
		}
		if _, err := w.fw.Write(data); err != nil {
			return err
		}
		if err := w.fw.Close(); err != nil {
			return err
		}
		h.Method = zip.Deflate
		body = buf.Bytes()
	}
	h.CompressedSize64 = uint64(len(body))
	ew, err := w.zw.CreateRaw(h)
	if err != nil {
		return err
	}
	_, err = ew.Write(body)
	return err
}

// copy writes an entry as it was compressed in the source archive, with a
// fresh header.
func (w *zipWriter) copy(f *zip.File) error {
	h := header(f.Name)
	h.Method = f.Method
	h.CRC32 = f.CRC32
	h.CompressedSize64 = f.CompressedSize64
	h.UncompressedSize64 = f.UncompressedSize64
	r, err := f.OpenRaw()
	if err != nil {
		return fmt.Errorf("%w: zip: %s: %v", ErrMalformed, f.Name, err)
	}
	ew, err := w.zw.CreateRaw(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(ew, r); err != nil {
		return fmt.Errorf("%w: zip: %s: %v", ErrMalformed, f.Name, err)
	}
	return nil
}

func (w *zipWriter) bytes() ([]byte, error) {
	if err := w.zw.Close(); err != nil {
		return nil, err
	}
	return w.out.Bytes(), nil
}

// stripImage removes the metadata of an archive's JPEG or PNG entry (told by
// its bytes) without re-encoding it; other data is returned as it is.
func stripImage(data []byte) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		return stripJPEG(data)
	case bytes.HasPrefix(data, pngMagic):
		return stripPNG(data)
	}
	return data, false
}

// cleanZip tells OOXML (DOCX) from OpenDocument (ODT) from any other zip.
func cleanZip(data []byte) (File, error) {
	a, err := openArchive(data)
	if err != nil {
		return File{}, err
	}
	if f, ok := a.byName["mimetype"]; ok {
		mt, err := a.inflate(f)
		if err != nil {
			return File{}, err
		}
		if string(mt) == odtMimeType {
			return cleanODT(a, len(data))
		}
		return File{}, fmt.Errorf("%w: zip with mimetype %.60q", ErrUnsupported, mt)
	}
	if f, ok := a.byName["[Content_Types].xml"]; ok {
		ct, err := a.inflate(f)
		if err != nil {
			return File{}, err
		}
		return cleanDOCX(a, ct, len(data))
	}
	return File{}, fmt.Errorf("%w: zip archive", ErrUnsupported)
}
