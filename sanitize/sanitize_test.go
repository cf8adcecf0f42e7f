package sanitize

import (
	"bytes"
	"errors"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/sanitize/sanitizetest"
)

// TestKindFromBytes: the kind comes from the bytes alone; whatever a caller was
// told (a PDF uploaded as photo.png is still a PDF), and anything but the five
// kinds is refused.
func TestKindFromBytes(t *testing.T) {
	img := sanitizetest.TwoColour(16, 8)
	jpg := sanitizetest.JPEG(t, img, 1)
	png := sanitizetest.PNG(t, img, 1)
	pdf := sanitizetest.PDF(t, 0)
	docx := sanitizetest.Zip(t, "", sanitizetest.DOCXEntries(t, nil)...)
	odt := sanitizetest.Zip(t, "", sanitizetest.ODTEntries(t)...)

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
		{"pdf with a password", encryptedPDF(t, "user-secret"), "", ErrUnsupported},
		{"pdf encrypted with an owner password", encryptedPDF(t, ""), "", ErrUnsupported},
		{"plain zip", sanitizetest.Zip(t, "", sanitizetest.Entry{Name: "notes.txt", Data: []byte("hello")}), "", ErrUnsupported},
		{"spreadsheet (ooxml)", sanitizetest.Zip(t, "", sanitizetest.Entry{Name: "[Content_Types].xml", Data: []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)}), "", ErrUnsupported},
		{"spreadsheet (odf)", sanitizetest.Zip(t, "", sanitizetest.Entry{Name: "mimetype", Data: []byte("application/vnd.oasis.opendocument.spreadsheet"), Store: true}), "", ErrUnsupported},

		{"truncated jpeg", jpg[:len(jpg)/2], "", ErrMalformed},
		{"truncated png", png[:len(png)/2], "", ErrMalformed},
		{"truncated pdf", pdf[:200], "", ErrMalformed},
		{"truncated docx", docx[:len(docx)/2], "", ErrMalformed},
		{"truncated odt", odt[:len(odt)-30], "", ErrMalformed},
		{"jpeg header only", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "", ErrMalformed},
		{"zip entry outside the archive", sanitizetest.Zip(t, "", append(sanitizetest.DOCXEntries(t, nil), sanitizetest.Entry{Name: "../../etc/evil", Data: []byte("x")})...), "", ErrMalformed},
		{"zip with two entries of one name", sanitizetest.Zip(t, "", append(sanitizetest.DOCXEntries(t, nil), sanitizetest.Entry{Name: "word/document.xml", Data: []byte("<x/>")})...), "", ErrMalformed},
		{"docx with a doctype", sanitizetest.Zip(t, "", replaceEntry(sanitizetest.DOCXEntries(t, nil), "word/document.xml", []byte(`<!DOCTYPE w [<!ENTITY a "aaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&a;</w:document>`))...), "", ErrMalformed},
		{"docx with broken xml", sanitizetest.Zip(t, "", replaceEntry(sanitizetest.DOCXEntries(t, nil), "word/document.xml", []byte("<w:document><w:body>"))...), "", ErrMalformed},

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

func replaceEntry(entries []sanitizetest.Entry, name string, data []byte) []sanitizetest.Entry {
	for i := range entries {
		if entries[i].Name == name {
			entries[i].Data = data
		}
	}
	return entries
}

// TestCleanConcurrent: uploads are cleaned in parallel (run with -race: pdfcpu
// keeps package-level state).
func TestCleanConcurrent(t *testing.T) {
	inputs := [][]byte{
		sanitizetest.PDF(t, 0),
		sanitizetest.Zip(t, "", sanitizetest.DOCXEntries(t, nil)...),
		sanitizetest.Zip(t, "", sanitizetest.ODTEntries(t)...),
		sanitizetest.JPEG(t, sanitizetest.TwoColour(64, 48), 6),
		sanitizetest.PNG(t, sanitizetest.TwoColour(64, 48), 1),
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

// TestNoCanaryLeaks: for each kind, sanitizetest.Leaks finds the canary in
// many places of the fixture (so it can see it), and nowhere in the cleaned file.
func TestNoCanaryLeaks(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		min  int // places the canary is in the fixture, at least
	}{
		{"jpeg", sanitizetest.JPEG(t, sanitizetest.TwoColour(64, 48), 6), 1},
		{"png", sanitizetest.PNG(t, sanitizetest.TwoColour(64, 48), 1), 1},
		{"pdf", sanitizetest.PDF(t, 0), 5},
		{"docx", sanitizetest.DOCX(t), 10},
		{"odt", sanitizetest.ODT(t), 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sanitizetest.Leaks(t, tc.in); len(got) < tc.min {
				t.Fatalf("the fixture holds the canary in %q, want %d places or more", got, tc.min)
			}
			f, err := Clean(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := sanitizetest.Leaks(t, f.Data); len(got) != 0 {
				t.Errorf("the cleaned file holds the canary in %q", got)
			}
		})
	}
}
