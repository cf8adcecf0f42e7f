package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Client calls a running Cascade server like a browser would and checks every exchange
// against docs/openapi.yaml: a request or response the document does not allow fails the
// test (tb.Errorf) with the route, the status and the validator's reason.
//
// It keeps cookies itself: net/http/cookiejar drops Secure cookies over plain http, and the
// session cookie is __Host- prefixed and Secure.
type Client struct {
	BaseURL string       // e.g. http://127.0.0.1:41234, no trailing slash
	Origin  string       // sent as Origin on every request but GET and HEAD; "" sends none
	HTTP    *http.Client // defaults to a client with a 10-second timeout and no redirects

	tb      testing.TB
	spec    *spec
	jar     *cookies
	offSpec bool // requests are deliberately invalid: do not validate them
	now     func() time.Time
}

// New returns a client for the server at baseURL that sends origin as Origin and has no
// cookies. It loads the spec; validation failures are reported on tb.
func New(tb testing.TB, baseURL, origin string) *Client {
	tb.Helper()
	return &Client{
		BaseURL: strings.TrimSuffix(baseURL, "/"),
		Origin:  origin,
		HTTP: &http.Client{
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		tb:   tb,
		spec: loadSpec(tb),
		jar:  &cookies{byName: map[string]*http.Cookie{}},
		now:  time.Now,
	}
}

// Clone returns a client for another person: same server, origin and spec, no cookies.
func (c *Client) Clone() *Client {
	d := *c
	d.jar = &cookies{byName: map[string]*http.Cookie{}}
	d.offSpec = false
	return &d
}

// Invalid returns a view of c, sharing its cookies, whose requests are deliberately not what
// the spec allows (bad JSON, a wrong content type, a missing session, an unknown path): they
// are sent unchecked. The response is still validated against the operation when the path
// and method are in the spec, and any other JSON error answer must have the Error shape.
func (c *Client) Invalid() *Client {
	d := *c
	d.offSpec = true
	return &d
}

// For returns a view of c, sharing its cookies, that reports on tb; for subtests.
func (c *Client) For(tb testing.TB) *Client {
	d := *c
	d.tb = tb
	return &d
}

// Cookie returns the value of the stored cookie name, or "".
func (c *Client) Cookie(name string) string { return c.jar.get(name) }

// SetCookie stores a cookie to send, as if the server had set it; an empty value deletes it.
func (c *Client) SetCookie(name, value string) { c.jar.set(name, value) }

// Do sends body (nil for none) as JSON and returns the validated response.
func (c *Client) Do(method, path string, body any) *Response {
	c.tb.Helper()
	if body == nil {
		return c.do(method, path, "", nil, nil)
	}
	data, err := json.Marshal(body)
	if err != nil {
		c.tb.Fatalf("apitest: %s %s: marshal body: %v", method, path, err)
	}
	return c.do(method, path, "application/json", data, nil)
}

// DoRaw sends body as is with contentType ("" for no Content-Type) and extra headers, which
// override the client's own (Origin, Cookie); a header with an empty value is removed.
// Mark deliberately bad requests with Invalid().
func (c *Client) DoRaw(method, path, contentType string, body []byte, headers map[string]string) *Response {
	c.tb.Helper()
	return c.do(method, path, contentType, body, headers)
}

func (c *Client) do(method, path, contentType string, body []byte, headers map[string]string) *Response {
	c.tb.Helper()
	header := http.Header{}
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	if c.Origin != "" && method != http.MethodGet && method != http.MethodHead {
		header.Set("Origin", c.Origin)
	}
	if v := c.jar.header(); v != "" {
		header.Set("Cookie", v)
	}
	for k, v := range headers {
		if v == "" {
			header.Del(k)
		} else {
			header.Set(k, v)
		}
	}

	check := c.validator(method, path, header, body)
	req, err := c.newRequest(method, path, header, body)
	if err != nil {
		c.tb.Fatalf("apitest: %s %s: %v", method, path, err)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.tb.Fatalf("apitest: %s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		c.tb.Fatalf("apitest: %s %s: read body: %v", method, path, err)
	}
	c.jar.update(res.Cookies(), c.now())
	r := &Response{Status: res.StatusCode, Header: res.Header, Body: data, tb: c.tb, method: method, path: path}
	check(r)
	return r
}

func (c *Client) newRequest(method, path string, header http.Header, body []byte) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.BaseURL+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header = header.Clone()
	return req, nil
}

// validator finds the operation, validates the request unless it is marked invalid, and
// returns the check to run on the response.
func (c *Client) validator(method, path string, header http.Header, body []byte) func(*Response) {
	c.tb.Helper()
	ctx := context.Background()
	req, err := c.newRequest(method, path, header, body)
	if err != nil {
		c.tb.Fatalf("apitest: %s %s: %v", method, path, err)
	}
	route, params, err := c.spec.router.FindRoute(req)
	if err != nil {
		if !c.offSpec {
			c.tb.Errorf("apitest: %s %s is not an operation of %s (%v); use Invalid() for a deliberately unknown route",
				method, path, SpecPath, err)
		}
		return c.checkErrorShape
	}
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    c.authenticate,
	}
	// The reason and where, without the schema and value dumps: the body is printed anyway.
	opts.WithCustomSchemaErrorFunc(schemaReason)
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if !c.offSpec {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			c.tb.Errorf("apitest: request %s %s (%s) does not match %s; use Invalid() if that is deliberate:\n%v\nbody: %s",
				method, path, opName(route), SpecPath, err, excerpt(body))
		}
	}
	return func(r *Response) {
		c.tb.Helper()
		// A fresh request: validation above may have consumed the body.
		vreq, _ := c.newRequest(method, path, header, body)
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts},
			Status:                 r.Status,
			Header:                 r.Header,
			Options:                opts,
		}
		out.SetBodyBytes(r.Body)
		if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
			c.tb.Errorf("apitest: response %d to %s %s (%s) does not match %s:\n%v\nbody: %s",
				r.Status, method, path, opName(route), SpecPath, err, excerpt(r.Body))
		}
	}
}

// checkErrorShape is the response check for requests outside the spec: an error answered
// as JSON must still have the one error shape.
func (c *Client) checkErrorShape(r *Response) {
	c.tb.Helper()
	if r.Status < 400 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return
	}
	ref := c.spec.doc.Components.Schemas["Error"]
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		c.tb.Errorf("apitest: response %d to %s %s is not JSON: %v\nbody: %s", r.Status, r.method, r.path, err, excerpt(r.Body))
		return
	}
	if err := ref.Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.MultiErrors()); err != nil {
		c.tb.Errorf("apitest: response %d to %s %s does not have the Error shape:\n%v\nbody: %s",
			r.Status, r.method, r.path, err, excerpt(r.Body))
	}
}

// authenticate checks the security requirement the way the spec states it: the credential
// must be present. Whether it is valid is for the server to say.
func (c *Client) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	req := in.RequestValidationInput.Request
	if s.Type != "apiKey" {
		return in.NewError(fmt.Errorf("apitest cannot check security scheme type %q", s.Type))
	}
	var present bool
	switch s.In {
	case "cookie":
		_, err := req.Cookie(s.Name)
		present = err == nil
	case "header":
		present = req.Header.Get(s.Name) != ""
	case "query":
		present = req.URL.Query().Has(s.Name)
	}
	if !present {
		return in.NewError(fmt.Errorf("the route needs %s %q and the client has none", s.In, s.Name))
	}
	return nil
}

func schemaReason(err *openapi3.SchemaError) string {
	if p := err.JSONPointer(); len(p) > 0 {
		return "at /" + strings.Join(p, "/") + ": " + err.Reason
	}
	return err.Reason
}

func opName(r *routers.Route) string {
	if r.Operation != nil && r.Operation.OperationID != "" {
		return r.Operation.OperationID
	}
	return r.Method + " " + r.Path
}

func excerpt(b []byte) string {
	const max = 2048
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
