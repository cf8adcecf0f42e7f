package library

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/cascade-platform/cascade/org"
)

// Kind says whether a resource is a file or a text page.
type Kind string

// The kinds.
const (
	KindFile Kind = "file"
	KindPage Kind = "page"
)

// Visibility says who may read a resource besides the parties of the exchanges it is
// attached to.
type Visibility string

// The visibilities.
const (
	VisibleOrg      Visibility = "org"      // the owner organisation only
	VisiblePartners Visibility = "partners" // and the organisations that have or had an accepted exchange with it
	VisibleAll      Visibility = "all"      // every approved organisation
)

// Audiences and Licences are the codes a resource is described with.
var (
	Audiences = []string{"sex_workers", "peer_educators", "health_workers", "police", "media"}
	Licences  = []string{"cc_by", "cc_by_sa", "cc_by_nc", "cc_by_nc_sa", "cc0", "copyright"}
)

// Limits of a resource's description.
const (
	MaxTitle     = 200
	MaxSummary   = 1000
	MaxBody      = 50_000
	MaxTopics    = 10
	MaxContext   = 1000
	MaxChanges   = 2000
	MaxFileName  = 120
	MaxExchanges = 100 // exchanges one resource is attached to
)

// Resource is one item of the library. Org is "" for programme material (admins').
type Resource struct {
	ID         string
	Kind       Kind
	Title      string
	Summary    string
	Topics     []string
	Language   string
	Audience   []string
	Licence    string
	Visibility Visibility
	Org        string
	Source     string      // the resource this one adapts, if any
	Adaptation *Adaptation // how it adapts Source
	File       *File       // kind file
	Body       string      // kind page
	Exchanges  []string    // exchanges it is attached to
	Created    time.Time   // who added it is not kept: the organisation answers for it
}

// Programme reports whether r is programme material (no owner organisation).
func (r Resource) Programme() bool { return r.Org == "" }

// Size is what r counts against its organisation's quota.
func (r Resource) Size() int64 {
	n := int64(len(r.Body))
	if r.File != nil {
		n += r.File.Size
	}
	return n
}

func (r Resource) clone() Resource {
	r.Topics = slices.Clone(r.Topics)
	r.Audience = slices.Clone(r.Audience)
	r.Exchanges = slices.Clone(r.Exchanges)
	if r.Adaptation != nil {
		a := *r.Adaptation
		r.Adaptation = &a
	}
	if r.File != nil {
		f := *r.File
		r.File = &f
	}
	return r
}

// Adaptation says how a resource adapts its source.
type Adaptation struct {
	Language string `json:"language"`
	Context  string `json:"context"`
	Changes  string `json:"changes"`
}

// File is a stored file: its bytes are under ID in the store, already cleaned of metadata.
type File struct {
	ID          string
	Name        string
	Size        int64
	ContentType string
}

// Meta is what a person describes a resource with (POST /library's meta part, and
// PUT /library/{id} without kind and org).
type Meta struct {
	Kind       Kind        `json:"kind"`
	Title      string      `json:"title"`
	Summary    string      `json:"summary"`
	Topics     []string    `json:"topics"`
	Language   string      `json:"language"`
	Audience   []string    `json:"audience"`
	Licence    string      `json:"licence"`
	Visibility Visibility  `json:"visibility"`
	Body       string      `json:"body"`
	Org        string      `json:"org"`
	Adaptation *Adaptation `json:"adaptation"`
}

// Edit is what PUT /library/{id} changes.
type Edit struct {
	Title      string     `json:"title"`
	Summary    string     `json:"summary"`
	Topics     []string   `json:"topics"`
	Language   string     `json:"language"`
	Audience   []string   `json:"audience"`
	Licence    string     `json:"licence"`
	Visibility Visibility `json:"visibility"`
	Body       string     `json:"body"`
}

// normalize trims and NFC-normalises the free text of m.
func (m *Meta) normalize() {
	m.Title = cleanText(m.Title)
	m.Summary = cleanText(m.Summary)
	m.Body = cleanText(m.Body)
	if m.Adaptation != nil {
		m.Adaptation.Context = cleanText(m.Adaptation.Context)
		m.Adaptation.Changes = cleanText(m.Adaptation.Changes)
	}
}

func cleanText(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// check validates the description shared by new resources and edits.
func (e Edit) check(kind Kind) error {
	if err := checkText("title", e.Title, 1, MaxTitle); err != nil {
		return err
	}
	if err := checkText("summary", e.Summary, 0, MaxSummary); err != nil {
		return err
	}
	if len(e.Topics) < 1 || len(e.Topics) > MaxTopics {
		return invalid("topics", "must list 1 to %d topics", MaxTopics)
	}
	if err := checkCodes("topics", e.Topics, topics()); err != nil {
		return err
	}
	if err := checkLanguage("language", e.Language); err != nil {
		return err
	}
	if len(e.Audience) < 1 {
		return invalid("audience", "must list at least one audience")
	}
	if err := checkCodes("audience", e.Audience, Audiences); err != nil {
		return err
	}
	if !slices.Contains(Licences, e.Licence) {
		return invalid("licence", "must be one of %s", strings.Join(Licences, ", "))
	}
	switch e.Visibility {
	case VisibleOrg, VisiblePartners, VisibleAll:
	default:
		return invalid("visibility", "must be org, partners or all")
	}
	if kind == KindPage {
		return checkText("body", e.Body, 1, MaxBody)
	}
	if e.Body != "" {
		return invalid("body", "only a page has a body")
	}
	return nil
}

func (m Meta) edit() Edit {
	return Edit{Title: m.Title, Summary: m.Summary, Topics: m.Topics, Language: m.Language, Audience: m.Audience,
		Licence: m.Licence, Visibility: m.Visibility, Body: m.Body}
}

// check validates a new resource's meta; adapting says whether it must carry an adaptation.
func (m Meta) check(adapting bool) error {
	if m.Kind != KindFile && m.Kind != KindPage {
		return invalid("kind", "must be file or page")
	}
	if err := m.edit().check(m.Kind); err != nil {
		return err
	}
	if !adapting {
		if m.Adaptation != nil {
			return invalid("adaptation", "only an adaptation says how it adapts its source")
		}
		return nil
	}
	a := m.Adaptation
	if a == nil {
		return invalid("adaptation", "say how this adapts its source")
	}
	if err := checkLanguage("adaptation.language", a.Language); err != nil {
		return err
	}
	if err := checkText("adaptation.context", a.Context, 0, MaxContext); err != nil {
		return err
	}
	return checkText("adaptation.changes", a.Changes, 1, MaxChanges)
}

func checkText(field, s string, minLen, maxLen int) error {
	n := utf8.RuneCountInString(s)
	if n < minLen || n > maxLen {
		if minLen > 0 {
			return invalid(field, "must be %d to %d characters", minLen, maxLen)
		}
		return invalid(field, "must be at most %d characters", maxLen)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return invalid(field, "must not hold control characters")
		}
	}
	return nil
}

func checkCodes(field string, got, allowed []string) error {
	seen := map[string]bool{}
	for i, c := range got {
		at := field + "[" + strconv.Itoa(i) + "]"
		if !slices.Contains(allowed, c) {
			return invalid(at, "unknown code")
		}
		if seen[c] {
			return invalid(at, "given twice")
		}
		seen[c] = true
	}
	return nil
}

func checkLanguage(field, l string) error {
	if len(l) != 2 {
		return invalid(field, "must be a lower-case ISO 639-1 code")
	}
	if b, err := language.ParseBase(l); err != nil || b.String() != l {
		return invalid(field, "unknown language code")
	}
	return nil
}

func topics() []string {
	var out []string
	for _, t := range org.Taxonomy().Topics {
		out = append(out, t.ID)
	}
	return out
}

// FileName makes a name safe to store and to offer in a download: the base name only,
// without control, path or quoting characters, at most MaxFileName characters, with ext
// (what the cleaner found the file to be) as its extension.
func FileName(name, ext string) string {
	name = path.Base(strings.ReplaceAll(norm.NFC.String(name), `\`, "/"))
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\"'<>:*?|;%`, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	if name == "" {
		name = "resource"
	}
	if r := []rune(name); len(r) > MaxFileName {
		name = string(r[:MaxFileName])
	}
	return name + "." + strings.TrimPrefix(ext, ".")
}

// MaxFileBytes is the largest file the library takes (the cleaner's limit too).
const MaxFileBytes = 25 << 20
