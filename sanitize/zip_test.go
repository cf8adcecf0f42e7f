package sanitize

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"hash/crc32"
	"io"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

// unzipAll opens an archive and inflates every entry, in order.
func unzipAll(t *testing.T, data []byte) (*zip.Reader, []sanitizetest.Entry) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var entries []sanitizetest.Entry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		entries = append(entries, sanitizetest.Entry{Name: f.Name, Data: b, Store: f.Method == zip.Store})
	}
	return zr, entries
}

func entryMap(entries []sanitizetest.Entry) map[string][]byte {
	m := map[string][]byte{}
	for _, e := range entries {
		m[e.Name] = e.Data
	}
	return m
}

// assertZipClean checks a cleaned archive: no canary in its bytes, its comments
// or any inflated entry; every entry at the fixed date with no extra field;
// every XML entry well formed.
func assertZipClean(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	assertNoCanary(t, "cleaned archive", data)
	zr, entries := unzipAll(t, data)
	if zr.Comment != "" {
		t.Errorf("archive comment %q", zr.Comment)
	}
	want := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, f := range zr.File {
		if !f.Modified.Equal(want) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, want)
		}
		if len(f.Extra) != 0 || f.Comment != "" {
			t.Errorf("%s has extra %x, comment %q", f.Name, f.Extra, f.Comment)
		}
		assertNoCanary(t, f.Name, entries[i].Data)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(entries[i].Data))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Errorf("%s is not well formed: %v", f.Name, err)
					break
				}
			}
		}
	}
	return entryMap(entries)
}

// assertInflatedCanary fails the test unless the canary is somewhere in an
// archive's inflated entries or comments: the fixture must carry it.
func assertInflatedCanary(t *testing.T, data []byte, names ...string) {
	t.Helper()
	_, entries := unzipAll(t, data)
	m := entryMap(entries)
	for _, n := range names {
		assertCanary(t, n, m[n])
	}
}

// deflatedZeros is a raw deflate stream of mib MiB of zeros, built without
// compressing them all: one MiB deflated and flushed (byte aligned, not
// final), repeated (its back-references only reach zeros), then an empty
// final block.
func deflatedZeros(t testing.TB, mib int) []byte {
	t.Helper()
	var b bytes.Buffer
	fw, err := flate.NewWriter(&b, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := fw.Flush(); err != nil {
		t.Fatal(err)
	}
	return append(bytes.Repeat(b.Bytes(), mib), 0x01, 0x00, 0x00, 0xFF, 0xFF)
}

// bombDOCX is the DOCX fixture with a word/document.xml of 300 MiB of zeros
// deflated to about 300 KB, its central directory declaring the size given.
func bombDOCX(t *testing.T, declared uint64) []byte {
	t.Helper()
	data := deflatedZeros(t, 300)
	crc := crc32.NewIEEE()
	mib := make([]byte, 1<<20)
	for range 300 {
		crc.Write(mib)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range sanitizetest.DOCXEntries(t, nil) {
		if e.Name != "word/document.xml" {
			w, err := zw.Create(e.Name)
			if err == nil {
				_, err = w.Write(e.Data)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(len(data)), UncompressedSize64: declared})
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipBombRefused(t *testing.T) {
	// Honest: the directory says 300 MiB; refused from that.
	bomb := bombDOCX(t, 300<<20)
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

	// Lying: the directory says 1 KiB; refused once the entry inflates past that.
	liar := bombDOCX(t, 1<<10)
	allocated = bytesAllocated(func() {
		if _, err := Clean(liar); !errors.Is(err, ErrMalformed) {
			t.Errorf("got %v, want ErrMalformed", err)
		}
	})
	if allocated > 16<<20 {
		t.Errorf("refusing the lying bomb allocated %d MB", allocated>>20)
	}
}

// assertPackageConsistent checks what Word needs to open a package: every
// internal relationship's target and every content-type override's part exists.
func assertPackageConsistent(t *testing.T, m map[string][]byte) {
	t.Helper()
	var ct struct {
		Overrides []struct {
			PartName string `xml:"PartName,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(m["[Content_Types].xml"], &ct); err != nil {
		t.Fatal(err)
	}
	for _, o := range ct.Overrides {
		if _, ok := m[strings.TrimPrefix(o.PartName, "/")]; !ok {
			t.Errorf("[Content_Types].xml names %s, which is not in the package", o.PartName)
		}
	}
	for name, data := range m {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rs relationships
		if err := xml.Unmarshal(data, &rs); err != nil {
			t.Fatal(err)
		}
		for _, r := range rs.Rels {
			if r.TargetMode == "External" {
				continue
			}
			target := path.Clean(path.Join(relsBase(name), r.Target))
			if _, ok := m[target]; !ok {
				t.Errorf("%s points to %s, which is not in the package", name, target)
			}
		}
	}
}
