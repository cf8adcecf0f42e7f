package account

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Pseudonym length limits, in runes after NFC normalisation.
const (
	MinPseudonymRunes = 3
	MaxPseudonymRunes = 32
)

// NormalizePseudonym returns the canonical form of a pseudonym: NFC, trimmed, with at most
// single inner spaces. It refuses, wrapping ErrInvalidPseudonym, names outside 3–32 runes
// and names with control, bidi, zero-width or other invisible characters, other whitespace
// or doubled spaces, or a leading combining mark; and, wrapping ErrReservedPseudonym, names
// that fold to a staff or platform name (see reserved).
func NormalizePseudonym(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: not valid text", ErrInvalidPseudonym)
	}
	// Trimming may expose a new boundary, so normalise again after it.
	s = norm.NFC.String(strings.TrimSpace(norm.NFC.String(s)))
	if n := utf8.RuneCountInString(s); n < MinPseudonymRunes || n > MaxPseudonymRunes {
		return "", fmt.Errorf("%w: must be %d–%d characters", ErrInvalidPseudonym, MinPseudonymRunes, MaxPseudonymRunes)
	}
	prev := rune(0)
	for i, r := range s {
		switch {
		case r == ' ' && prev == ' ':
			return "", fmt.Errorf("%w: no double spaces", ErrInvalidPseudonym)
		case r == ' ':
		case unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
			return "", fmt.Errorf("%w: only plain single spaces between words", ErrInvalidPseudonym)
		case invisible(r):
			return "", fmt.Errorf("%w: no control, direction or invisible characters", ErrInvalidPseudonym)
		case i == 0 && unicode.Is(unicode.M, r):
			return "", fmt.Errorf("%w: cannot start with a combining mark", ErrInvalidPseudonym)
		}
		prev = r
	}
	if reserved(s) {
		return "", fmt.Errorf("%w: looks like a staff or platform name", ErrReservedPseudonym)
	}
	return s, nil
}

// invisible reports characters that render as nothing or change how neighbours render:
// controls, format characters (bidi marks and isolates, zero-width joiners, BOM — all Cf),
// private use, unassigned, line/paragraph separators, default-ignorables such as the Hangul
// fillers, variation selectors and the blank braille pattern. They are how look-alike
// staff names and spoofed display text are built.
func invisible(r rune) bool {
	return !unicode.IsGraphic(r) ||
		unicode.In(r, unicode.Cf, unicode.Co, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		r == '\u2800'
}

// fold is full Unicode case folding; a cases.Caser is not safe for concurrent use, so each
// call makes its own (cheap).
func fold(s string) string { return cases.Fold().String(s) }

// PseudonymKey returns the key a pseudonym signs in with, and one of its two uniqueness
// keys (PseudonymSkeleton is the other): compatibility-normalised and case-folded, so
// "Ana", "ana" and full-width "Ａｎａ" share one key. Callers pass a normalised
// pseudonym; the key is stored and indexed, never shown.
func PseudonymKey(s string) string {
	return norm.NFC.String(fold(norm.NFKC.String(s)))
}

// reservedAnywhere are refused wherever they appear in the folded skeleton; reservedWords
// only as the whole name or one of its words, because they are common inside ordinary words.
var (
	reservedAnywhere = []string{"admin", "moderator", "cascade", "official", "helpdesk"}
	reservedWords    = []string{"mod", "staff", "support", "system", "root", "security", "administrator"}
)

// lookalikes maps characters to the letter they are mistaken for; i, l, 1, | and ! all
// become l so that "adm1n", "admln" and "admIn" meet. Cyrillic and Greek letters that
// look Latin are included because they defeat case folding alone.
var lookalikes = strings.NewReplacer(
	"0", "o", "1", "l", "i", "l", "|", "l", "!", "l", "3", "e", "4", "a", "@", "a",
	"5", "s", "$", "s", "7", "t", "8", "b", "rn", "m", "vv", "w",
	"а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "х", "x", "у", "y", "і", "l",
	"ӏ", "l", "ѕ", "s", "ԁ", "d", "т", "t", "м", "m", "к", "k", "ο", "o", "α", "a",
	"ι", "l", "ν", "v", "τ", "t",
)

// skeleton reduces a name to what it looks like: folded, look-alikes merged, separators
// and marks removed. Words are split on spaces and the separators . _ - before removal.
func skeleton(s string) (whole string, words []string) {
	s = lookalikes.Replace(PseudonymKey(s))
	words = strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '.' || r == '_' || r == '-' })
	for i, w := range words {
		words[i] = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, norm.NFD.String(w))
	}
	return strings.Join(words, ""), words
}

// reserved reports whether s could be read as a staff or platform name.
func reserved(s string) bool {
	whole, words := skeleton(s)
	for _, r := range reservedAnywhere {
		if strings.Contains(whole, lookalikes.Replace(r)) {
			return true
		}
	}
	for _, r := range reservedWords {
		r = lookalikes.Replace(r)
		if whole == r {
			return true
		}
		for _, w := range words {
			if w == r {
				return true
			}
		}
	}
	return false
}
