package tips

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a tip.
const (
	MaxTitle  = 120
	MaxBody   = 5000
	MaxTopics = 5
)

// check trims and validates in against the taxonomy's topics.
func check(in Input, topics []string) (Input, error) {
	in.Title = strings.TrimSpace(in.Title)
	in.Body = strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > MaxTitle {
		return in, &ValidationError{Field: "title", Code: CodeTitle, Msg: fmt.Sprintf("1 to %d characters", MaxTitle)}
	}
	if strings.Contains(in.Title, "\n") {
		return in, &ValidationError{Field: "title", Code: CodeTitle, Msg: "one line"}
	}
	if n := utf8.RuneCountInString(in.Body); n == 0 || n > MaxBody {
		return in, &ValidationError{Field: "body", Code: CodeBody, Msg: fmt.Sprintf("1 to %d characters", MaxBody)}
	}
	for _, f := range []struct{ name, s string }{{"title", in.Title}, {"body", in.Body}} {
		if !plain(f.s) {
			return in, &ValidationError{Field: f.name, Code: CodePlainText, Msg: "plain text only: no markup or control characters"}
		}
	}
	if len(in.Topics) == 0 || len(in.Topics) > MaxTopics {
		return in, &ValidationError{Field: "topics", Code: CodeTopics, Msg: fmt.Sprintf("1 to %d topics", MaxTopics)}
	}
	for i, t := range in.Topics {
		if !slices.Contains(topics, t) || slices.Contains(in.Topics[:i], t) {
			return in, &ValidationError{Field: "topics", Code: CodeTopics, Msg: fmt.Sprintf("%q is not a topic of the taxonomy, or is given twice", t)}
		}
	}
	in.Topics = slices.Clone(in.Topics)
	return in, nil
}

// plain reports whether s is plain text: no control characters but newlines and tabs,
// and nothing that reads as an HTML tag, comment or entity.
func plain(s string) bool {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case s[i] == '<' && (next == '/' || next == '!' || next == '?' || isLetter(next)):
			return false
		case s[i] == '&' && (next == '#' || isLetter(next)) && entity(s[i+1:]):
			return false
		}
	}
	return true
}

// entity reports whether s starts with an entity's name or number and its semicolon.
func entity(s string) bool {
	for i := 0; i < len(s) && i < 32; i++ {
		switch c := s[i]; {
		case c == ';':
			return i > 0
		case c != '#' && !isLetter(c) && (c < '0' || c > '9'):
			return false
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
