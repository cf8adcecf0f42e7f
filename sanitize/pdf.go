package sanitize

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var pdfMagic = []byte("%PDF-")

// pdfReadTimeout bounds how long pdfcpu may take to read a PDF (it reads
// objects one by one, and stops between two when the time is up): a
// well-formed 25 MB file takes well under a second.
const pdfReadTimeout = 20 * time.Second

func init() {
	// Without this pdfcpu reads and writes a configuration directory under the
	// user's home, and exits the process when it cannot.
	api.DisableConfigDir()
}

// catalogDrop are the catalog entries removed: XMP metadata, private application
// data, web-capture information (source URLs), signature permissions and the
// portfolio view of attached files.
var catalogDrop = []string{"Metadata", "PieceInfo", "SpiderInfo", "Perms", "Collection"}

// sigDrop are the entries removed from a signature dictionary: who signed,
// where, when and why, and the signature itself (a rewritten file's signature
// could not verify anyway; its certificate names the signer).
var sigDrop = []string{"Name", "M", "Location", "Reason", "ContactInfo", "Prop_Build", "Contents", "Cert"}

func cleanPDF(data []byte) (f File, err error) {
	defer func() {
		// pdfcpu panics on some malformed input instead of returning an error.
		if r := recover(); r != nil {
			f, err = File{}, fmt.Errorf("%w: pdf: %v", ErrMalformed, r)
		}
	}()
	if err := checkPDFStreams(data); err != nil {
		return File{}, err
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	readCtx, cancel := context.WithTimeout(context.Background(), pdfReadTimeout)
	defer cancel()
	ctx, err := pdfcpu.ReadWithContext(readCtx, bytes.NewReader(data), conf)
	if errors.Is(err, pdfcpu.ErrWrongPassword) {
		return File{}, fmt.Errorf("%w: pdf with a password", ErrUnsupported)
	}
	if err != nil {
		return File{}, fmt.Errorf("%w: pdf: %v", ErrMalformed, err)
	}
	if ctx.Encrypt != nil {
		return File{}, fmt.Errorf("%w: encrypted pdf", ErrUnsupported)
	}
	if ctx.RootDict == nil {
		return File{}, fmt.Errorf("%w: pdf: no catalog", ErrMalformed)
	}

	// No Info dictionary and no file identifier carried over: pdfcpu writes a
	// new identifier, and adds an Info dictionary of its own (producer, dates)
	// to files below PDF 2.0 only, where Info is deprecated, so the file is
	// written as 2.0.
	ctx.Info = nil
	ctx.ID = nil
	v20 := model.V20
	ctx.HeaderVersion = &v20
	ctx.RootVersion = nil
	ctx.RootDict.Delete("Version")
	for _, k := range catalogDrop {
		ctx.RootDict.Delete(k)
	}
	if names, err := ctx.DereferenceDict(ctx.RootDict["Names"]); err == nil && names != nil {
		names.Delete("EmbeddedFiles")
	}
	for _, e := range ctx.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		switch o := e.Object.(type) {
		case types.Dict:
			cleanPDFDict(o)
			if t := o.NameEntry("Type"); t != nil && *t == "Page" {
				dropNotes(ctx, o)
			}
		case types.StreamDict:
			cleanPDFDict(o.Dict)
			if o.HasSoleFilterNamed("DCTDecode") {
				if raw, ok := stripJPEG(o.Raw); ok {
					o.Raw = raw
					n := int64(len(raw))
					o.StreamLength = &n
					o.Dict.Update("Length", types.Integer(n))
					e.Object = o
				}
			}
		}
	}

	var out bytes.Buffer
	out.Grow(len(data))
	if err := api.WriteContext(ctx, &out); err != nil {
		return File{}, fmt.Errorf("%w: pdf: %v", ErrMalformed, err)
	}
	return File{Data: out.Bytes(), ContentType: "application/pdf", Ext: ".pdf"}, nil
}

// commentedMarkup are the annotations whose text (Contents, RC) is a reviewer's
// comment shown in a pop-up, not what the page shows (as a text box's is).
var commentedMarkup = []string{"Highlight", "Underline", "Squiggly", "StrikeOut", "Caret", "Ink",
	"Line", "Square", "Circle", "Polygon", "PolyLine"}

// cleanPDFDict removes metadata entries from any dictionary: pages' and
// objects' XMP, private application data and modification dates, the
// author and dates of annotations and the comments of markup ones, signatures, and the
// files a file specification embeds (attached files are files of any kind,
// with their own metadata, that Clean would not accept on their own).
func cleanPDFDict(d types.Dict) {
	d.Delete("Metadata")
	d.Delete("PieceInfo")
	d.Delete("LastModified")
	d.Delete("EF")
	d.Delete("RF")
	if sub := d.NameEntry("Subtype"); sub != nil && *sub != "Widget" {
		if _, ok := d.Find("Rect"); ok { // an annotation: T is its author
			d.Delete("T")
			d.Delete("M")
			d.Delete("CreationDate")
			if in(*sub, commentedMarkup...) { // the comment its pop-up showed
				d.Delete("Contents")
				d.Delete("RC")
			}
		}
	}
	if ft := d.NameEntry("FT"); ft != nil && *ft == "Sig" {
		d.Delete("V")
	}
	if t := d.NameEntry("Type"); t != nil && *t == "Sig" {
		for _, k := range sigDrop {
			d.Delete(k)
		}
	}
}

// checkPDFStreams inflates, with a budget, the Flate-encoded object and
// cross-reference streams of a PDF: pdfcpu decodes those whole while reading,
// with no limit, so a 25 MB file could otherwise expand to gigabytes. The
// streams are found by their keyword and their dictionary by the "obj" before
// it; a stream this misses is one pdfcpu would not find either, or one it does
// not decode while reading.
func checkPDFStreams(data []byte) error {
	budget := int64(MaxInflated)
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("stream"))
		if j < 0 {
			return nil
		}
		at := i + j
		i = at + len("stream")
		if at >= 3 && string(data[at-3:at]) == "end" {
			continue
		}
		from := max(0, at-4096)
		k := bytes.LastIndex(data[from:at], []byte("obj"))
		if k < 0 {
			continue
		}
		dict := data[from+k : at]
		if !bytes.Contains(dict, []byte("/FlateDecode")) ||
			!(bytes.Contains(dict, []byte("/ObjStm")) || bytes.Contains(dict, []byte("/XRef"))) {
			continue
		}
		body := data[i:]
		body = bytes.TrimPrefix(body, []byte("\r"))
		body = bytes.TrimPrefix(body, []byte("\n"))
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			continue // pdfcpu will refuse it, or not decode it
		}
		n, _ := io.Copy(io.Discard, io.LimitReader(zr, budget+1))
		if n > budget {
			return fmt.Errorf("%w: pdf streams inflate past %d bytes", ErrTooLarge, MaxInflated)
		}
		budget -= n
	}
}

// dropNotes removes a page's comments, as comments are removed from office
// documents: sticky notes (Text annotations, replies included) and the
// pop-up windows that show a markup annotation's comment. Highlights,
// stamps, text boxes and links stay (they are what the page shows), without
// their author (cleanPDFDict).
func dropNotes(ctx *model.Context, page types.Dict) {
	annots, err := ctx.DereferenceArray(page["Annots"])
	if err != nil || annots == nil {
		return
	}
	kept := types.Array{}
	for _, o := range annots {
		if d, err := ctx.DereferenceDict(o); err == nil && d != nil {
			if st := d.NameEntry("Subtype"); st != nil && (*st == "Text" || *st == "Popup") {
				continue
			}
			d.Delete("Popup")
			d.Delete("IRT")
		}
		kept = append(kept, o)
	}
	if len(kept) == 0 {
		page.Delete("Annots")
		return
	}
	page["Annots"] = kept
}
