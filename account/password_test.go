package account

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name, pw, pseudonym string
		ok                  bool
	}{
		{"long passphrase", "correct horse battery staple", "Ana", true},
		{"12 characters", "ab3$Zk9!pQ2m", "Ana", true},
		{"12 runes, more bytes", "ççççççççççç1", "Ana", true},
		{"11 characters", "ab3$Zk9!pQ2", "Ana", false},
		{"empty", "", "Ana", false},
		{"1024 bytes", strings.Repeat("abcdefgh", 128), "Ana", true},
		{"1025 bytes", strings.Repeat("abcdefgh", 128) + "x", "Ana", false},
		{"common", "password1234", "Ana", false},
		{"common, case ignored", "PassWord1234", "Ana", false},
		{"keyboard walk", "qwertyuiop12", "Ana", false},
		{"digit run", "123456789012", "Ana", false},
		{"repeated", "aaaaaaaaaaaa", "Ana", false},
		{"name and year", "jennifer1990", "Ana", false},
		{"portuguese", "flamengo2024", "Ana", false},
		{"the pseudonym", "Ana Maria Silva", "ana maria silva", false},
		{"pseudonym plus a little", "Ana Maria Silva 12", "Ana Maria Silva", false},
		{"pseudonym repeated", "zolazolazolazola", "Zola", false},
		{"contains pseudonym, plenty else", "ana and the long river bend", "Ana", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPasswordFor(tc.pw, tc.pseudonym)
			if (err == nil) != tc.ok || err != nil && !errors.Is(err, ErrWeakPassword) {
				t.Errorf("CheckPasswordFor(%q, %q): got %v, want ok=%v", tc.pw, tc.pseudonym, err, tc.ok)
			}
		})
	}
}

func TestCommonPasswordList(t *testing.T) {
	if n := len(commonPasswords); n < 2000 {
		t.Errorf("common password list: got %d entries, want thousands", n)
	}
	for pw := range commonPasswords {
		if len([]rune(pw)) < MinPasswordRunes || pw != strings.ToLower(pw) {
			t.Fatalf("list entry %q: shorter than the minimum or not lower case", pw)
		}
	}
}
