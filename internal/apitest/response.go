package apitest

import (
	"encoding/json"
	"net/http"
	"testing"
)

// Response is a response read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte

	tb           testing.TB
	method, path string
}

// JSON decodes the body into v; a body that does not decode stops the test.
func (r *Response) JSON(v any) {
	r.tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.tb.Fatalf("apitest: %s %s: decode %d body into %T: %v\nbody: %s", r.method, r.path, r.Status, v, err, excerpt(r.Body))
	}
}

// ErrorCode returns error.code of an error body, or "" if the body is not one.
func (r *Response) ErrorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(r.Body, &e) != nil {
		return ""
	}
	return e.Error.Code
}

// Want reports an error unless the status is want; it returns r for chaining.
func (r *Response) Want(want int) *Response {
	r.tb.Helper()
	if r.Status != want {
		r.tb.Errorf("%s %s: got status %d, want %d\nbody: %s", r.method, r.path, r.Status, want, excerpt(r.Body))
	}
	return r
}

// SetCookie returns the cookie named name that the response set, or nil.
func (r *Response) SetCookie(name string) *http.Cookie {
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}
