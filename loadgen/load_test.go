package loadgen

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Run refuses what it cannot run before it touches the network.
func TestRunRefusesFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-scenario", "fanout"},                            // no lead
		{"-lead-pseudonym", "x", "-scenario", "nope"},      // unknown scenario
		{"-lead-pseudonym", "x", "-per-user", "6"},         // over the server's limit
		{"-lead-pseudonym", "x", "-settle", "11m"},         // unbounded wait
		{"-lead-pseudonym", "x", "-url", "127.0.0.1:8080"}, // not a URL
	} {
		var out, errs bytes.Buffer
		if code := Run(context.Background(), args, strings.NewReader("pw\n"), &out, &errs); code != 2 {
			t.Errorf("%v: got exit status %d, want 2; stderr %s", args, code, &errs)
		}
	}
}
