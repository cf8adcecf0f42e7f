package org

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Profile is what an organisation says about itself. It has no contact fields by design:
// organisations reach each other only inside the platform.
type Profile struct {
	Name        string       `json:"name"` // may be a pseudonym
	Country     string       `json:"country"`
	Region      string       `json:"region,omitempty"`
	Languages   []string     `json:"languages"`
	Stage       Stage        `json:"stage"`
	Legal       Legal        `json:"legal"`
	HostName    string       `json:"host_name,omitempty"` // admins only; never in the directory
	Populations []Population `json:"populations"`
	Offers      []Offer      `json:"offers"`
	Needs       []Need       `json:"needs"`
	Formats     []Format     `json:"formats"`
	Capacity    int          `json:"capacity"` // concurrent exchanges it can mentor
	Available   bool         `json:"available"`
	About       string       `json:"about,omitempty"`
}

// Offer is a topic an organisation can teach, at Level 1 (basic) to 3 (can train trainers).
type Offer struct {
	Topic Topic `json:"topic"`
	Level int   `json:"level"`
}

// Need is a topic an organisation wants to learn, with Priority 1 (useful) to 3 (urgent).
type Need struct {
	Topic    Topic `json:"topic"`
	Priority int   `json:"priority"`
}

// Limits of a profile.
const (
	NameMinLen     = 2
	NameMaxLen     = 80
	RegionMaxLen   = 60
	HostNameMaxLen = 80
	AboutMaxLen    = 1000
	MaxLanguages   = 10
	MaxCapacity    = 20
)

// Normalize returns p in canonical form: text trimmed and NFC, country upper-case, language
// codes lower-case and deduplicated, populations and formats deduplicated, line breaks as
// "\n", and fresh slices (the result shares no memory with p). It never rejects anything;
// call Validate on the result.
func (p Profile) Normalize() Profile {
	p.Name = cleanText(p.Name)
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	p.Region = cleanText(p.Region)
	p.HostName = cleanText(p.HostName)
	p.About = cleanText(strings.ReplaceAll(p.About, "\r\n", "\n"))
	langs := make([]string, 0, len(p.Languages))
	for _, l := range p.Languages {
		l = strings.ToLower(strings.TrimSpace(l))
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	p.Languages = langs
	p.Populations = dedup(p.Populations)
	p.Formats = dedup(p.Formats)
	// Empty rather than nil lists, so JSON shows [] and a stored profile reads back equal.
	p.Offers = append([]Offer{}, p.Offers...)
	p.Needs = append([]Need{}, p.Needs...)
	return p
}

func cleanText(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

func dedup[T comparable](in []T) []T {
	out := make([]T, 0, len(in))
	for _, v := range in {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Validate checks every field rule and the rules between fields. It returns a
// *ValidationError (errors.Is ErrInvalid) for the first rule broken, or nil.
// It expects a normalised profile: text must already be NFC and trimmed.
func (p Profile) Validate() error {
	tax := Taxonomy()
	if err := checkText("name", p.Name, NameMinLen, NameMaxLen, false); err != nil {
		return err
	}
	if err := checkCountry(p.Country); err != nil {
		return err
	}
	if err := checkText("region", p.Region, 0, RegionMaxLen, false); err != nil {
		return err
	}
	if err := checkLanguages(p.Languages); err != nil {
		return err
	}
	if !known(tax.Stages, string(p.Stage)) {
		return invalid("stage", "unknown stage %q", p.Stage)
	}
	if !known(tax.LegalSituations, string(p.Legal)) {
		return invalid("legal", "unknown legal situation %q", p.Legal)
	}
	if p.HostName != "" && p.Legal != LegalHosted {
		return invalid("host_name", "only a hosted organisation has a host")
	}
	if err := checkText("host_name", p.HostName, 0, HostNameMaxLen, false); err != nil {
		return err
	}
	if err := checkTerms("populations", p.Populations, tax.Populations, 0); err != nil {
		return err
	}
	if err := checkGraded("offers", "level", p.Offers, func(o Offer) (Topic, int) { return o.Topic, o.Level }, tax); err != nil {
		return err
	}
	if err := checkGraded("needs", "priority", p.Needs, func(n Need) (Topic, int) { return n.Topic, n.Priority }, tax); err != nil {
		return err
	}
	if err := checkTerms("formats", p.Formats, tax.Formats, 1); err != nil {
		return err
	}
	if p.Capacity < 0 || p.Capacity > MaxCapacity {
		return invalid("capacity", "must be between 0 and %d", MaxCapacity)
	}
	// Capacity is what matching hands out; capacity without anything to teach would
	// produce pairings with nothing to exchange.
	if p.Capacity > 0 && len(p.Offers) == 0 {
		return invalid("capacity", "an organisation with capacity must offer at least one topic")
	}
	if p.Stage == StageEmerging && len(p.Needs) == 0 {
		return invalid("needs", "an emerging organisation needs at least one topic")
	}
	return checkText("about", p.About, 0, AboutMaxLen, true)
}

// checkText enforces length in characters, NFC, no surrounding space, and no control or
// invisible formatting characters (bidi overrides and zero-width characters can disguise a
// name as another). Only multiline text may contain line breaks and tabs.
func checkText(field, s string, minLen, maxLen int, multiline bool) error {
	if !utf8.ValidString(s) {
		return invalid(field, "must be valid UTF-8")
	}
	n := utf8.RuneCountInString(s)
	if n < minLen || n > maxLen {
		if minLen == 0 {
			return invalid(field, "must be at most %d characters", maxLen)
		}
		return invalid(field, "must be %d to %d characters", minLen, maxLen)
	}
	if strings.TrimSpace(s) != s {
		return invalid(field, "must not start or end with spaces")
	}
	if !norm.NFC.IsNormalString(s) {
		return invalid(field, "must be NFC-normalised")
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == utf8.RuneError {
			return invalid(field, "must not contain control or invisible characters")
		}
	}
	return nil
}

// checkCountry accepts current ISO 3166-1 alpha-2 country codes: canonical (UK, ZR refused in
// favour of GB, CD) and with a UN M49 number (refuses reservations such as EU, UN, AC).
func checkCountry(c string) error {
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return invalid("country", "must be an upper-case ISO 3166-1 alpha-2 code")
	}
	r, err := language.ParseRegion(c)
	if err != nil || !r.IsCountry() || r.Canonicalize() != r || r.M49() == 0 {
		return invalid("country", "unknown country code %q", c)
	}
	return nil
}

func checkLanguages(langs []string) error {
	if len(langs) < 1 || len(langs) > MaxLanguages {
		return invalid("languages", "must list 1 to %d languages", MaxLanguages)
	}
	for i, l := range langs {
		if len(l) != 2 || l[0] < 'a' || l[0] > 'z' || l[1] < 'a' || l[1] > 'z' {
			return invalid(fieldAt("languages", i), "must be a lower-case ISO 639-1 code")
		}
		if b, err := language.ParseBase(l); err != nil || b.String() != l {
			return invalid(fieldAt("languages", i), "unknown language code %q", l)
		}
		if slices.Contains(langs[:i], l) {
			return invalid(fieldAt("languages", i), "duplicate language %q", l)
		}
	}
	return nil
}

func checkTerms[T ~string](field string, got []T, terms []Term, minLen int) error {
	if len(got) < minLen {
		return invalid(field, "must list at least %d", minLen)
	}
	for i, v := range got {
		if !known(terms, string(v)) {
			return invalid(fieldAt(field, i), "unknown value %q", v)
		}
		if slices.Contains(got[:i], v) {
			return invalid(fieldAt(field, i), "duplicate value %q", v)
		}
	}
	return nil
}

func checkGraded[T any](field, grade string, items []T, get func(T) (Topic, int), tax TaxonomyDoc) error {
	seen := make(map[Topic]bool, len(items))
	for i, it := range items {
		topic, g := get(it)
		if !known(tax.Topics, string(topic)) {
			return invalid(fieldAt(field, i)+".topic", "unknown topic %q", topic)
		}
		if seen[topic] {
			return invalid(fieldAt(field, i)+".topic", "duplicate topic %q", topic)
		}
		seen[topic] = true
		if g < 1 || g > 3 {
			return invalid(fieldAt(field, i)+"."+grade, "must be 1, 2 or 3")
		}
	}
	return nil
}

func fieldAt(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }
