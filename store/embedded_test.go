package store

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// lazyValue counts how often it is formatted.
type lazyValue struct{ n *int }

func (v lazyValue) String() string { *v.n++; return "formatted" }

// TestLevelFilterFormatsOnlyWhatItLogs: attributes added with With are formatted only
// when a record gets through, and then in order with their groups.
func TestLevelFilterFormatsOnlyWhatItLogs(t *testing.T) {
	var out bytes.Buffer
	formatted := 0
	log := slog.New(levelFilter{min: slog.LevelError, next: slog.NewTextHandler(&out, nil)})
	quiet := log.With("args", lazyValue{&formatted}).WithGroup("g").With("k", 1)
	quiet.Debug("statement")
	if formatted != 0 || out.Len() != 0 {
		t.Fatalf("a dropped record formatted its attributes %d times and wrote %q", formatted, out.String())
	}
	quiet.Error("failed", "e", 2)
	if got := out.String(); formatted != 1 || !strings.Contains(got, "args=formatted g.k=1 g.e=2") {
		t.Errorf("logged %q (formatted %d times), want args, then the group's k and e", got, formatted)
	}
}
