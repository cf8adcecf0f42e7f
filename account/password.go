package account

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Password length limits. The upper bound keeps hashing cost predictable; there are no
// composition rules (length and the common list do more than forced symbols).
const (
	MinPasswordRunes = 12
	MaxPasswordBytes = 1024
)

// commonPasswordsText is generated offline by gen_common_passwords.go (go generate): the
// well-known shapes of leaked passwords that reach 12 characters — keyboard walks, digit
// runs and repeats, common words and names (English and Portuguese) with years and the
// usual suffixes, repeated words, leetspeak "password" variants. No list was downloaded.
//
//go:generate go run gen_common_passwords.go
//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is built once from the embedded list; lower-case keys.
var commonPasswords = func() map[string]struct{} {
	m := make(map[string]struct{}, 10000)
	for line := range strings.Lines(commonPasswordsText) {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			m[strings.ToLower(w)] = struct{}{}
		}
	}
	return m
}()

// CheckPassword refuses, wrapping ErrWeakPassword, passwords shorter than 12 characters,
// longer than 1,024 bytes, or on the common-password list (ignoring case).
func CheckPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordRunes {
		return fmt.Errorf("%w: must be at least %d characters", ErrWeakPassword, MinPasswordRunes)
	}
	if len(pw) > MaxPasswordBytes {
		return fmt.Errorf("%w: must be at most %d bytes", ErrWeakPassword, MaxPasswordBytes)
	}
	if _, ok := commonPasswords[strings.ToLower(pw)]; ok {
		return fmt.Errorf("%w: too common, choose another", ErrWeakPassword)
	}
	return nil
}

// CheckPasswordFor is CheckPassword plus a refusal of passwords that are little more than
// the pseudonym: the pseudonym is public, so "ana" + "2024!!!" adds almost nothing.
func CheckPasswordFor(pw, pseudonym string) error {
	if err := CheckPassword(pw); err != nil {
		return err
	}
	key := PseudonymKey(pseudonym)
	if key == "" {
		return nil
	}
	rest := strings.ReplaceAll(PseudonymKey(pw), key, "")
	if utf8.RuneCountInString(rest) < 8 {
		return fmt.Errorf("%w: must not be built from your pseudonym", ErrWeakPassword)
	}
	return nil
}
