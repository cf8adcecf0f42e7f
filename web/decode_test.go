package web

import (
	"errors"
	"strings"
	"testing"
)

type decodeTarget struct {
	Name  string   `json:"name"`
	Count int      `json:"count"`
	Tags  []string `json:"tags"`
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantCode string
	}{
		{"valid", `{"name":"a","count":2,"tags":["x"]}`, ""},
		{"valid with spaces after", "{\"name\":\"a\"}  \n", ""},
		{"unknown field", `{"name":"a","email":"x@y"}`, "unknown_field"},
		{"trailing value", `{"name":"a"}{"name":"b"}`, "invalid_json"},
		{"trailing garbage", `{"name":"a"} x`, "invalid_json"},
		{"empty", ``, "invalid_json"},
		{"syntax", `{"name":`, "invalid_json"},
		{"wrong type", `{"count":"two"}`, "invalid_json"},
		{"array instead of object", `[1,2]`, "invalid_json"},
		{"null", `null`, "invalid_json"},
		{"null after spaces", " \n null", "invalid_json"},
		{"duplicate key", `{"name":"a","name":"b"}`, "duplicate_field"},
		{"key in another case", `{"Name":"a"}`, "unknown_field"},
		{"invalid UTF-8 in a value", "{\"name\":\"a\xff\"}", "invalid_utf8"},
		{"invalid UTF-8 in a key", "{\"na\xc3me\":\"a\"}", "invalid_utf8"},
		{"truncated", `{"name":"a"`, "invalid_json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v decodeTarget
			err := decodeJSON([]byte(tt.body), &v)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("got error %v, want none", err)
				}
				return
			}
			var api *apiError
			if !errors.As(err, &api) {
				t.Fatalf("got %v, want an apiError with code %s", err, tt.wantCode)
			}
			if api.code != tt.wantCode || api.status != 400 {
				t.Errorf("got %d %s, want 400 %s", api.status, api.code, tt.wantCode)
			}
		})
	}
}

// An error message names fields but never repeats what was submitted.
func TestDecodeErrorDoesNotEchoValues(t *testing.T) {
	secret := "hunter2-very-secret"
	for _, body := range []string{`{"count":"` + secret + `"}`, `{"tags":"` + secret + `"}`, `{"name":"` + secret} {
		err := decodeJSON([]byte(body), &decodeTarget{})
		if err == nil {
			t.Fatalf("body %s: got no error", body)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q echoes the submitted value", err)
		}
	}
}

func TestRequireJSON(t *testing.T) {
	tests := []struct {
		contentType string
		ok          bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"application/json; charset=UTF-8", true},
		{"application/json; charset=latin1", false},
		{"text/plain", false},
		{"application/x-www-form-urlencoded", false},
		{"multipart/form-data; boundary=x", false},
		{"", false},
	}
	for _, tt := range tests {
		err := requireJSON(tt.contentType)
		if (err == nil) != tt.ok {
			t.Errorf("requireJSON(%q) = %v, want ok=%v", tt.contentType, err, tt.ok)
		}
		var api *apiError
		if err != nil && (!errors.As(err, &api) || api.status != 415) {
			t.Errorf("requireJSON(%q) = %v, want a 415", tt.contentType, err)
		}
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{`{"name":"a","count":1,"tags":[]}`, `{"x":1}`, `[]`, `{`, `null`, `{"name":"\u0000"}`, "{\"tags\":[\"a\",1]}"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v decodeTarget
		err := decodeJSON(body, &v)
		var api *apiError
		if err != nil && (!errors.As(err, &api) || api.status != 400 || api.code == "") {
			t.Fatalf("decode error %v is not a 400 apiError", err)
		}
	})
}
