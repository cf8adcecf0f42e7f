package sanitize

import (
	"bytes"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var pdfMagic = []byte("%PDF-")

func init() {
	// Without this pdfcpu reads and writes a configuration directory under the
	// user's home, and exits the process when it cannot.
	api.DisableConfigDir()
}

// catalogDrop are the catalog entries removed: XMP metadata, private application
// data, web-capture information (source URLs) and signature permissions.
var catalogDrop = []string{"Metadata", "PieceInfo", "SpiderInfo", "Perms"}

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
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
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
	for _, e := range ctx.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		switch o := e.Object.(type) {
		case types.Dict:
			cleanPDFDict(o)
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

// cleanPDFDict removes metadata entries from any dictionary: pages' and
// objects' XMP, private application data and modification dates, the
// author and dates of markup annotations (comments), and signatures.
func cleanPDFDict(d types.Dict) {
	d.Delete("Metadata")
	d.Delete("PieceInfo")
	d.Delete("LastModified")
	if sub := d.NameEntry("Subtype"); sub != nil && *sub != "Widget" {
		if _, ok := d.Find("Rect"); ok { // an annotation: T is its author
			d.Delete("T")
			d.Delete("M")
			d.Delete("CreationDate")
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
