package account

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizePseudonym(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "Ana", "Ana", nil},
		{"inner space", "Ana Maria", "Ana Maria", nil},
		{"trimmed", "  Ana Maria\t", "Ana Maria", nil},
		{"portuguese", "Conceição", "Conceição", nil},
		{"NFC composes", "Jose\u0301", "José", nil},
		{"cyrillic name", "Наталья", "Наталья", nil},
		{"digits", "Zola 1987", "Zola 1987", nil},
		{"32 runes", strings.Repeat("é", 32), strings.Repeat("é", 32), nil},
		{"too short", "Al", "", ErrInvalidPseudonym},
		{"short after trim", "  Al  ", "", ErrInvalidPseudonym},
		{"too long", strings.Repeat("a", 33), "", ErrInvalidPseudonym},
		{"empty", "", "", ErrInvalidPseudonym},
		{"double space", "Ana  Maria", "", ErrInvalidPseudonym},
		{"tab inside", "Ana\tMaria", "", ErrInvalidPseudonym},
		{"newline inside", "Ana\nMaria", "", ErrInvalidPseudonym},
		{"no-break space", "Ana\u00a0Maria", "", ErrInvalidPseudonym},
		{"ideographic space", "Ana\u3000Maria", "", ErrInvalidPseudonym},
		{"NUL", "Ana\x00Maria", "", ErrInvalidPseudonym},
		{"DEL", "Ana\x7f", "", ErrInvalidPseudonym},
		{"C1 control", "Ana\u0085x", "", ErrInvalidPseudonym},
		{"RLO", "Ana\u202eairaM", "", ErrInvalidPseudonym},
		{"LRE", "\u202aAna", "", ErrInvalidPseudonym},
		{"RLI", "Ana\u2067x", "", ErrInvalidPseudonym},
		{"PDI", "Ana\u2069", "", ErrInvalidPseudonym},
		{"LRM", "Ana\u200e", "", ErrInvalidPseudonym},
		{"RLM", "Ana\u200fx", "", ErrInvalidPseudonym},
		{"arabic letter mark", "Ana\u061cx", "", ErrInvalidPseudonym},
		{"zero-width space", "Ana\u200bMaria", "", ErrInvalidPseudonym},
		{"ZWNJ", "Ana\u200cx", "", ErrInvalidPseudonym},
		{"ZWJ", "Ana\u200dx", "", ErrInvalidPseudonym},
		{"word joiner", "Ana\u2060x", "", ErrInvalidPseudonym},
		{"BOM", "\ufeffAna", "", ErrInvalidPseudonym},
		{"soft hyphen", "Ana\u00adx", "", ErrInvalidPseudonym},
		{"hangul filler", "Ana\u3164", "", ErrInvalidPseudonym},
		{"braille blank", "Ana\u2800x", "", ErrInvalidPseudonym},
		{"variation selector", "Ana\ufe0fx", "", ErrInvalidPseudonym},
		{"private use", "Ana\ue000", "", ErrInvalidPseudonym},
		{"unassigned", "Ana\U000e0080", "", ErrInvalidPseudonym},
		{"tag character", "Ana\U000e0041", "", ErrInvalidPseudonym},
		{"leading mark", "\u0301Ana", "", ErrInvalidPseudonym},
		{"invalid UTF-8", "Ana\xff", "", ErrInvalidPseudonym},
		{"admin", "admin", "", ErrReservedPseudonym},
		{"Admin upper", "ADMIN", "", ErrReservedPseudonym},
		{"adm1n", "Adm1n", "", ErrReservedPseudonym},
		{"admln", "admln", "", ErrReservedPseudonym},
		{"adrnin", "adrnin", "", ErrReservedPseudonym},
		{"cyrillic admin", "аdmin", "", ErrReservedPseudonym},
		{"fullwidth admin", "ａｄｍｉｎ", "", ErrReservedPseudonym},
		{"accented admin", "ádmin", "", ErrReservedPseudonym},
		{"dotted admin", "a.d.m.i.n", "", ErrReservedPseudonym},
		{"admin suffix", "admin_2", "", ErrReservedPseudonym},
		{"administrator", "Administrator", "", ErrReservedPseudonym},
		{"moderator", "M0derat0r", "", ErrReservedPseudonym},
		{"mod", "Mod", "", ErrReservedPseudonym},
		{"mod word", "Mod Ana", "", ErrReservedPseudonym},
		{"staff", "Staff", "", ErrReservedPseudonym},
		{"cascade", "Cascade Team", "", ErrReservedPseudonym},
		{"support", "support", "", ErrReservedPseudonym},
		{"support word", "Cascade Support", "", ErrReservedPseudonym},
		{"system", "SYSTEM", "", ErrReservedPseudonym},
		{"root", "r00t", "", ErrReservedPseudonym},
		{"security", "Secur1ty", "", ErrReservedPseudonym},
		{"official", "0fficial", "", ErrReservedPseudonym},
		{"helpdesk", "Help-Desk", "", ErrReservedPseudonym},
		{"modesty is fine", "Modesty", "Modesty", nil},
		{"rooted is fine", "Rooted Tree", "Rooted Tree", nil},
		{"supportive is fine", "Supportive", "Supportive", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizePseudonym(tc.in)
			if got != tc.want || !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Errorf("NormalizePseudonym(%+q): got %+q, %v; want %+q, %v", tc.in, got, err, tc.want, tc.err)
			}
		})
	}
}

func TestPseudonymKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Ana", "ana"},
		{"ANA MARIA", "ana maria"},
		{"José", "Jose\u0301"},
		{"Straße", "STRASSE"},
		{"Ａｎａ", "ana"},
	}
	for _, tc := range tests {
		if ka, kb := PseudonymKey(tc.a), PseudonymKey(tc.b); ka != kb {
			t.Errorf("PseudonymKey(%q) = %q, PseudonymKey(%q) = %q; want equal", tc.a, ka, tc.b, kb)
		}
	}
	if PseudonymKey("Ana") == PseudonymKey("Anna") {
		t.Errorf("Ana and Anna share a key")
	}
}

func FuzzNormalizePseudonym(f *testing.F) {
	for _, s := range []string{
		"Ana", " Ana Maria ", "Jose\u0301", "ａｄｍｉｎ", "Ana\u202e", "\u0301\u0301\u0301", " \u0301abc",
		"a\u0300\u0316b", "\u1100\u1161\u11a8", "ﷺabc", "ΐΰ", strings.Repeat("a", 40), "A\u030a\u0323x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePseudonym(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidPseudonym) && !errors.Is(err, ErrReservedPseudonym) {
				t.Fatalf("NormalizePseudonym(%+q): unexpected error kind %v", s, err)
			}
			return
		}
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("NormalizePseudonym(%+q) = %+q: not NFC", s, got)
		}
		if n := utf8.RuneCountInString(got); n < MinPseudonymRunes || n > MaxPseudonymRunes {
			t.Errorf("NormalizePseudonym(%+q) = %+q: %d runes", s, got, n)
		}
		again, err := NormalizePseudonym(got)
		if err != nil || again != got {
			t.Errorf("NormalizePseudonym(%+q) = %+q, %v; want itself", got, again, err)
		}
	})
}
