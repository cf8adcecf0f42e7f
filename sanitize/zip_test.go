package sanitize

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
	"testing"
	"time"
)

// zipEntry is one entry of a fixture archive.
type zipEntry struct {
	name  string
	data  []byte
	store bool
}

// buildZip writes entries in order, each with an edit time, an extra field
// (the extended timestamp) and a comment, and the archive with a comment.
func buildZip(t testing.TB, comment string, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), Comment: comment}
		if e.store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.SetComment(comment); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unzipAll opens an archive and inflates every entry, in order.
func unzipAll(t *testing.T, data []byte) (*zip.Reader, []zipEntry) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var entries []zipEntry
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
		entries = append(entries, zipEntry{name: f.Name, data: b, store: f.Method == zip.Store})
	}
	return zr, entries
}

func entryMap(entries []zipEntry) map[string][]byte {
	m := map[string][]byte{}
	for _, e := range entries {
		m[e.name] = e.data
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
		assertNoCanary(t, f.Name, entries[i].data)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(entries[i].data))
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

func TestZipBombRefused(t *testing.T) {
	// A Word document whose document.xml inflates to 300 MB of zeros: the
	// archive itself is 300 KB.
	var zeros bytes.Buffer
	zw := zip.NewWriter(&zeros)
	for _, e := range docxFixture(t, nil) {
		if e.name == "word/document.xml" {
			w, err := zw.Create(e.name)
			if err != nil {
				t.Fatal(err)
			}
			block := make([]byte, 1<<20)
			for i := 0; i < 300; i++ {
				if _, err := w.Write(block); err != nil {
					t.Fatal(err)
				}
			}
			continue
		}
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	bomb := zeros.Bytes()
	if len(bomb) > MaxBytes {
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

	// The same archive lying about its size (its central directory says 1 KB):
	// refused once the entry inflates past what it declared.
	liar := append([]byte{}, bomb...)
	name := []byte("word/document.xml")
	cdOffset := 0
	for i := 0; ; i += 4 {
		j := bytes.Index(liar[i:], []byte("PK\x01\x02"))
		if j < 0 {
			break
		}
		i += j
		if bytes.HasPrefix(liar[i+46:], name) { // central directory record: the name starts at 46
			cdOffset = i
			break
		}
	}
	if cdOffset == 0 {
		t.Fatal("central directory record not found")
	}
	copy(liar[cdOffset+24:], []byte{0, 4, 0, 0}) // uncompressed size: 1024 bytes
	allocated = bytesAllocated(func() {
		if _, err := Clean(liar); err == nil {
			t.Error("a lying bomb was accepted")
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
