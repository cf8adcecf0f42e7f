package chat

import (
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	long := strings.Repeat("é", MaxBodyChars+1)
	tests := []struct {
		name, in, code string
	}{
		{"join", `{"type":"join","room":"r1","last_seq":3}`, ""},
		{"join without last_seq", `{"type":"join","room":"r1"}`, ""},
		{"send", `{"type":"send","room":"r1","client_id":"c1","body":"hi"}`, ""},
		{"send of 4000 characters", `{"type":"send","room":"r1","client_id":"c1","body":"` + strings.Repeat("é", MaxBodyChars) + `"}`, ""},
		{"edit", `{"type":"edit","room":"r1","seq":2,"body":"x"}`, ""},
		{"delete", `{"type":"delete","room":"r1","seq":2}`, ""},
		{"history", `{"type":"history","room":"r1","before":9,"limit":100}`, ""},
		{"send with a resource", `{"type":"send","room":"r1","client_id":"c1","body":"hi","resource":"res1"}`, ""},
		{"resource on an edit", `{"type":"edit","room":"r1","seq":2,"body":"x","resource":"res1"}`, CodeBadFrame},
		{"resource too long", `{"type":"send","room":"r1","client_id":"c1","body":"hi","resource":"` + strings.Repeat("r", 65) + `"}`, CodeBadFrame},
		{"not json", `hello`, CodeBadFrame},
		{"array", `[1,2]`, CodeBadFrame},
		{"trailing data", `{"type":"leave","room":"r1"} {}`, CodeBadFrame},
		{"unknown type", `{"type":"shout","room":"r1"}`, CodeBadFrame},
		{"unknown field", `{"type":"leave","room":"r1","x":1}`, CodeBadFrame},
		{"wrong field type", `{"type":"join","room":7}`, CodeBadFrame},
		{"missing room", `{"type":"join"}`, CodeBadFrame},
		{"missing client_id", `{"type":"send","room":"r1","body":"hi"}`, CodeBadFrame},
		{"missing body", `{"type":"send","room":"r1","client_id":"c"}`, CodeBadFrame},
		{"empty body", `{"type":"send","room":"r1","client_id":"c","body":""}`, CodeBadFrame},
		{"body too long", `{"type":"send","room":"r1","client_id":"c","body":"` + long + `"}`, CodeTooLong},
		{"edit without seq", `{"type":"edit","room":"r1","body":"x"}`, CodeBadFrame},
		{"negative last_seq", `{"type":"join","room":"r1","last_seq":-1}`, CodeBadFrame},
		{"history limit", `{"type":"history","room":"r1","limit":101}`, CodeBadFrame},
		{"invalid utf-8", "{\"type\":\"send\",\"room\":\"r1\",\"client_id\":\"c\",\"body\":\"\xff\"}", CodeInvalidUTF8},
		{"null", `null`, CodeBadFrame},
		{"duplicate field", `{"type":"join","room":"r1","room":"r2"}`, CodeBadFrame},
		{"field in another case", `{"type":"join","Room":"r1"}`, CodeBadFrame},
		{"type in another case", `{"Type":"join","room":"r1"}`, CodeBadFrame},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.in))
			var fe *FrameError
			switch {
			case tt.code == "" && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tt.code != "" && !errors.As(err, &fe):
				t.Fatalf("got %v, want a *FrameError %s", err, tt.code)
			case tt.code != "" && fe.Code != tt.code:
				t.Fatalf("got code %s, want %s", fe.Code, tt.code)
			}
		})
	}
}

func TestDecodeRefOfMalformedFrame(t *testing.T) {
	_, err := Decode([]byte(`{"type":"send","room":"r","client_id":"c9","body":"x","extra":true}`))
	var fe *FrameError
	if !errors.As(err, &fe) || fe.Ref != "c9" {
		t.Fatalf("got %v, want an error frame with ref c9", err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"type":"join","room":"r1","last_seq":3}`,
		`{"type":"send","room":"r1","client_id":"c1","body":"hi","ref":"x"}`,
		`{"type":"edit","room":"r1","seq":2,"body":"x"}`,
		`{"type":"history","room":"r1","before":9,"limit":10}`,
		`{"type":"send","room":"r1","client_id":"c1","body":"\ud800"}`,
		`{"type":1}`, `[]`, `null`, "\xff", `{"type":"join","room":"r","last_seq":1e99}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := Decode(data)
		var fe *FrameError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error is not a *FrameError: %v", err)
		}
		if err == nil {
			if _, ok := frameTypes[fr.Type]; !ok || fr.Room == "" {
				t.Fatalf("accepted an invalid frame %+v", fr)
			}
		}
	})
}
