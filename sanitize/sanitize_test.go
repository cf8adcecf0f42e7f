package sanitize

import (
	"bytes"
	"errors"
	"sync"
	"testing"
)

// TestKindFromBytes: the kind comes from the bytes alone; whatever a caller was
// told (a PDF uploaded as photo.png is still a PDF), and anything but the five
// kinds is refused.
func TestKindFromBytes(t *testing.T) {
	img := twoColour(16, 8)
	jpg := canaryJPEG(t, img, 1)
	png := canaryPNG(t, img, 1)
	pdf := canaryPDF(t, 0)
	docx := buildZip(t, "", docxFixture(t, nil)...)
	odt := buildZip(t, "", odtFixture(t)...)

	for _, tc := range []struct {
		name string
		data []byte
		ext  string // when accepted
		err  error  // when refused
	}{
		{"jpeg", jpg, ".jpg", nil},
		{"png", png, ".png", nil},
		{"pdf", pdf, ".pdf", nil},
		{"docx", docx, ".docx", nil},
		{"odt", odt, ".odt", nil},

		{"empty", nil, "", ErrUnsupported},
		{"text", []byte("Just some notes about the training, nothing else.\n"), "", ErrUnsupported},
		{"html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "", ErrUnsupported},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", ErrUnsupported},
		{"exe", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 120)...), "", ErrUnsupported},
		{"elf", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 120)...), "", ErrUnsupported},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", ErrUnsupported},
		{"pdf not at the start", append([]byte("junk\n"), pdf...), "", ErrUnsupported},
		{"plain zip", buildZip(t, "", zipEntry{name: "notes.txt", data: []byte("hello")}), "", ErrUnsupported},
		{"spreadsheet (ooxml)", buildZip(t, "", zipEntry{name: "[Content_Types].xml", data: []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)}), "", ErrUnsupported},
		{"spreadsheet (odf)", buildZip(t, "", zipEntry{name: "mimetype", data: []byte("application/vnd.oasis.opendocument.spreadsheet"), store: true}), "", ErrUnsupported},

		{"truncated jpeg", jpg[:len(jpg)/2], "", ErrMalformed},
		{"truncated png", png[:len(png)/2], "", ErrMalformed},
		{"truncated pdf", pdf[:200], "", ErrMalformed},
		{"truncated docx", docx[:len(docx)/2], "", ErrMalformed},
		{"truncated odt", odt[:len(odt)-30], "", ErrMalformed},
		{"jpeg header only", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "", ErrMalformed},
		{"zip entry outside the archive", buildZip(t, "", append(docxFixture(t, nil), zipEntry{name: "../../etc/evil", data: []byte("x")})...), "", ErrMalformed},
		{"zip with two entries of one name", buildZip(t, "", append(docxFixture(t, nil), zipEntry{name: "word/document.xml", data: []byte("<x/>")})...), "", ErrMalformed},
		{"docx with a doctype", buildZip(t, "", replaceEntry(docxFixture(t, nil), "word/document.xml", []byte(`<!DOCTYPE w [<!ENTITY a "aaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&a;</w:document>`))...), "", ErrMalformed},
		{"docx with broken xml", buildZip(t, "", replaceEntry(docxFixture(t, nil), "word/document.xml", []byte("<w:document><w:body>"))...), "", ErrMalformed},

		{"over MaxBytes", append(append([]byte{}, pdf...), make([]byte, MaxBytes)...), "", ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Clean(tc.data)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("got %v, want %v", err, tc.err)
				}
				if f.Data != nil {
					t.Errorf("refused, yet returned %d bytes", len(f.Data))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Ext != tc.ext {
				t.Errorf("ext %q, want %q", f.Ext, tc.ext)
			}
		})
	}
}

func replaceEntry(entries []zipEntry, name string, data []byte) []zipEntry {
	for i := range entries {
		if entries[i].name == name {
			entries[i].data = data
		}
	}
	return entries
}

// TestCleanConcurrent: uploads are cleaned in parallel (run with -race: pdfcpu
// keeps package-level state).
func TestCleanConcurrent(t *testing.T) {
	inputs := [][]byte{
		canaryPDF(t, 0),
		buildZip(t, "", docxFixture(t, nil)...),
		buildZip(t, "", odtFixture(t)...),
		canaryJPEG(t, twoColour(64, 48), 6),
		canaryPNG(t, twoColour(64, 48), 1),
	}
	errs := make(chan error, 4*len(inputs))
	var wg sync.WaitGroup
	for range 4 {
		for _, in := range inputs {
			wg.Go(func() {
				f, err := Clean(in)
				if err == nil && bytes.Contains(f.Data, []byte(canary)) {
					err = errors.New("canary in the output")
				}
				errs <- err
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
