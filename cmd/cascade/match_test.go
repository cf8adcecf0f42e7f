package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestRunMatch(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			name: "stable from prefs",
			in: `{"mode":"stable",
			 "mentors":[{"id":"m1","capacity":1,"prefs":["r2","r1","r3"]},{"id":"m2","capacity":2,"prefs":["r1"]}],
			 "requests":[{"id":"r1","prefs":["m1","m2"]},{"id":"r2","prefs":["m1"]},{"id":"r3","prefs":["m1"]}],
			 "scores":[{"request":"r1","mentor":"m2","score":2.5},{"request":"r2","mentor":"m1","score":5}]}`,
			want: `{"assignments":[{"request":"r1","mentor":"m2"},{"request":"r2","mentor":"m1"}],"unmatched":["r3"],"total_score":7.5,"blocking_pairs":0}`,
		},
		{
			name: "stable without scores",
			in: `{"mode":"stable","mentors":[{"id":"m1","capacity":1,"prefs":["r1"]}],
			 "requests":[{"id":"r1","prefs":["m1"]}]}`,
			want: `{"assignments":[{"request":"r1","mentor":"m1"}],"unmatched":[],"total_score":0,"blocking_pairs":0}`,
		},
		{
			name: "optimal with blocking pairs from scores",
			in: `{"mode":"optimal","mentors":[{"id":"m1","capacity":1},{"id":"m2","capacity":1}],
			 "requests":[{"id":"r1"},{"id":"r2"}],
			 "scores":[{"request":"r1","mentor":"m1","score":9},{"request":"r2","mentor":"m1","score":10},{"request":"r2","mentor":"m2","score":9}]}`,
			// r2 and m1 would both rather be together: the price of stability.
			want: `{"assignments":[{"request":"r1","mentor":"m1"},{"request":"r2","mentor":"m2"}],"unmatched":[],"total_score":18,"blocking_pairs":1}`,
		},
		{
			name: "optimal blocking pairs from prefs",
			in: `{"mode":"optimal","mentors":[{"id":"m1","capacity":1,"prefs":["r1","r2"]},{"id":"m2","capacity":1,"prefs":["r2"]}],
			 "requests":[{"id":"r1","prefs":["m1"]},{"id":"r2","prefs":["m1","m2"]}],
			 "scores":[{"request":"r1","mentor":"m1","score":1},{"request":"r2","mentor":"m1","score":10},{"request":"r2","mentor":"m2","score":1}]}`,
			want: `{"assignments":[{"request":"r2","mentor":"m1"}],"unmatched":["r1"],"total_score":10,"blocking_pairs":1}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := runMatch(strings.NewReader(tt.in), &out, &errb); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errb.String())
			}
			if got := strings.TrimSpace(out.String()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRunMatchInvalid(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"not json", `{"mode":`, "decode"},
		{"unknown field", `{"mode":"stable","extra":1}`, "unknown field"},
		{"bad mode", `{"mode":"fastest"}`, "mode"},
		{"unknown id", `{"mode":"optimal","mentors":[{"id":"m1","capacity":1}],"requests":[{"id":"r1"}],"scores":[{"request":"r1","mentor":"m9","score":1}]}`, "unknown id"},
		{"duplicate id", `{"mode":"stable","mentors":[{"id":"m1","capacity":1},{"id":"m1","capacity":1}]}`, "duplicate id"},
		{"negative score", `{"mode":"optimal","mentors":[{"id":"m1","capacity":1}],"requests":[{"id":"r1"}],"scores":[{"request":"r1","mentor":"m1","score":-1}]}`, "invalid score"},
		{"negative capacity", `{"mode":"stable","mentors":[{"id":"m1","capacity":-1}]}`, "invalid capacity"},
		{"trailing data", `{"mode":"stable"} {}`, "trailing"},
		{"newline in id", `{"mode":"stable","mentors":[{"id":"a\nb","capacity":1}],"requests":[{"id":"r","prefs":["x\ny"]}]}`, "unknown id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := runMatch(strings.NewReader(tt.in), &out, &errb); code != 2 {
				t.Fatalf("exit %d, want 2", code)
			}
			msg := errb.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
				t.Errorf("stderr %q is not one line", msg)
			}
			if !strings.Contains(msg, tt.wantErr) {
				t.Errorf("stderr %q does not mention %q", msg, tt.wantErr)
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q, want nothing", out.String())
			}
		})
	}
}

// FuzzMatchInput checks that no input makes `cascade match` panic, and
// that it either answers with JSON or fails with one line and status 2.
// Its seed corpus runs with every `go test`.
func FuzzMatchInput(f *testing.F) {
	for _, seed := range []string{
		`{"mode":"stable","mentors":[{"id":"m1","capacity":2,"prefs":["r2","r1"]}],"requests":[{"id":"r1","prefs":["m1","m2"]},{"id":"r2","prefs":["m1"]}]}`,
		`{"mode":"optimal","mentors":[{"id":"m1","capacity":1}],"requests":[{"id":"r1"}],"scores":[{"request":"r1","mentor":"m1","score":7.5}]}`,
		`{"mode":"optimal","mentors":[{"id":"m1","capacity":0}],"requests":[{"id":"r1"}],"locked":[{"request":"r1","mentor":"m1"}]}`,
		`{"mode":"stable","mentors":[],"requests":[{"id":"r1","prefs":["r1"]}],"banned":[{"request":"r1","mentor":"m1"}]}`,
		`{"mode":"stable","mentors":[{"id":"","capacity":1}]}`,
		`{"mode":"optimal","mentors":[{"id":"m1","capacity":2}],"requests":[{"id":"r1"},{"id":"r2"}],"scores":[{"request":"r1","mentor":"m1","score":1e308},{"request":"r2","mentor":"m1","score":1e308}]}`,
		`[]`, ``, `null`, `{"mode":null}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out, errb bytes.Buffer
		switch code := runMatch(bytes.NewReader(data), &out, &errb); code {
		case 0:
			var got matchOutput
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("exit 0 but stdout is not the result: %v", err)
			}
		case 2:
			if strings.Count(errb.String(), "\n") != 1 {
				t.Fatalf("exit 2 with stderr %q, want one line", errb.String())
			}
		default:
			t.Fatalf("exit %d", code)
		}
	})
}
