package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/gofiber/fiber/v2"
)

// decodeStrict reads exactly one JSON object into v and refuses anything else:
// another content type (415); unknown fields, fields in another case, duplicate
// fields, invalid UTF-8, null, trailing data or wrong types (400).
func decodeStrict(c *fiber.Ctx, v any) error {
	if err := requireJSON(c.Get(fiber.HeaderContentType)); err != nil {
		return err
	}
	return decodeJSON(c.Body(), v)
}

func requireJSON(contentType string) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != fiber.MIMEApplicationJSON {
		return errorf(fiber.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as application/json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return errorf(fiber.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as UTF-8")
	}
	return nil
}

// decodeJSON is github.com/go-json-experiment/json (encoding/json/v2) with its strict
// defaults: names match exactly (no case folding), a name given twice is a syntax error.
// Unknown names are refused too, and so are invalid UTF-8 (v2 refuses it as well, but
// the check here gives it its own code) and a top level other than an object, which v2
// would take as "leave v as it is" for null.
func decodeJSON(body []byte, v any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return errorf(fiber.StatusBadRequest, "invalid_json", "the body is empty")
	}
	if trimmed[0] != '{' {
		return errorf(fiber.StatusBadRequest, "invalid_json", "the body must be one JSON object")
	}
	if !utf8.Valid(body) {
		return errorf(fiber.StatusBadRequest, "invalid_utf8", "the body is not valid UTF-8")
	}
	if err := json.Unmarshal(body, v, json.RejectUnknownMembers(true)); err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonError turns a decoder error into a message that names the problem and the
// field, but never echoes the submitted values back.
func jsonError(err error) error {
	var (
		syntax   *jsontext.SyntacticError
		semantic *json.SemanticError
	)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(fiber.StatusBadRequest, "invalid_json", "the body ends too early")
	case errors.As(err, &syntax) && errors.Is(syntax.Err, jsontext.ErrDuplicateName):
		return fieldError("duplicate_field", "field %s is given twice", syntax.JSONPointer)
	case errors.As(err, &syntax):
		return errorf(fiber.StatusBadRequest, "invalid_json", "the body is not valid JSON (at byte %d)", syntax.ByteOffset)
	case errors.As(err, &semantic) && errors.Is(semantic.Err, json.ErrUnknownName):
		return fieldError("unknown_field", "unknown field %s", semantic.JSONPointer)
	case errors.As(err, &semantic):
		return fieldError("invalid_json", "field %s has the wrong type", semantic.JSONPointer)
	}
	return errorf(fiber.StatusBadRequest, "invalid_json", "the body is not valid JSON")
}

// fieldError names the field by its JSON pointer without the leading slash.
func fieldError(code, format string, at jsontext.Pointer) error {
	field := strings.TrimPrefix(string(at), "/")
	return &apiError{status: fiber.StatusBadRequest, code: code, message: fmt.Sprintf(format, field), field: field}
}

// takesBody lists the routes (method and routes.go path) whose handler reads a JSON
// body: those docs/openapi.yaml gives a requestBody (a test compares the two). Every
// other route refuses a body, so that nothing sent is silently ignored.
var takesBody = map[string]bool{
	"POST /api/v1/setup":                                    true,
	"POST /api/v1/auth/login":                               true,
	"POST /api/v1/auth/recover":                             true,
	"POST /api/v1/applications":                             true,
	"POST /api/v1/invites/peek":                             true,
	"POST /api/v1/invites/accept":                           true,
	"POST /api/v1/me/password":                              true,
	"PUT /api/v1/orgs/:org/profile":                         true,
	"POST /api/v1/admin/organisations/:org/reject":          true,
	"POST /api/v1/admin/organisations/:org/suspend":         true,
	"POST /api/v1/orgs/:org/requests":                       true,
	"POST /api/v1/orgs/:org/requests/:request/cancel":       true,
	"POST /api/v1/orgs/:org/requests/:request/proposals":    true,
	"POST /api/v1/orgs/:org/proposals/:proposal/decline":    true,
	"POST /api/v1/orgs/:org/exchanges/:exchange/cancel":     true,
	"POST /api/v1/orgs/:org/exchanges/:exchange/goals":      true,
	"PUT /api/v1/orgs/:org/exchanges/:exchange/goals/:goal": true,
	"POST /api/v1/orgs/:org/exchanges/:exchange/sessions":   true,
	"POST /api/v1/orgs/:org/exchanges/:exchange/complete":   true,
	"POST /api/v1/admin/rounds":                             true,
	"POST /api/v1/admin/rounds/:round/run":                  true,
	"POST /api/v1/rooms":                                    true,
	"POST /api/v1/rooms/:room/members":                      true,
	"PUT /api/v1/rooms/:room/retention":                     true,
	"POST /api/v1/rooms/:room/reports":                      true,
	"POST /api/v1/rooms/:room/reports/:id/resolve":          true,
	"POST /api/v1/rooms/:room/actions":                      true,
	"POST /api/v1/admin/reports/:id/resolve":                true,
	"POST /api/v1/admin/reports/:id/actions":                true,
	"DELETE /api/v1/me":                                     true,
	"PUT /api/v1/orgs/:org/host":                            true,
	"POST /api/v1/orgs/:org/hosting/:hosted/decline":        true,
	"POST /api/v1/orgs/:org/hosting/:hosted/end":            true,
	"DELETE /api/v1/orgs/:org":                              true,
	// Tips and lessons.
	"POST /api/v1/orgs/:org/exchanges/:exchange/tips": true,
	"PUT /api/v1/orgs/:org/tips/:tip":                 true,
	"POST /api/v1/tips/:tip/reports":                  true,
	// Cascade tracking.
	"POST /api/v1/orgs/:org/trainings":                                       true,
	"POST /api/v1/orgs/:org/exchanges/:exchange/sessions/:session/trainings": true,
	"POST /api/v1/library":                                                   true,
	"PUT /api/v1/library/:id":                                                true,
	"POST /api/v1/library/:id/adaptations":                                   true,
	"POST /api/v1/library/:id/reports":                                       true,
	"POST /api/v1/orgs/:org/exchanges/:exchange/resources":                   true,
}

// refuseBody guards a route that takes no body: a Content-Type other than JSON answers
// 415, any body 400. An empty body declared as JSON (some clients always send the
// header) passes.
func refuseBody(c *fiber.Ctx) error {
	if ct := c.Get(fiber.HeaderContentType); ct != "" {
		if err := requireJSON(ct); err != nil {
			return err
		}
	}
	if len(c.Request().Body()) > 0 {
		return errorf(fiber.StatusBadRequest, "unexpected_body", "this request takes no body")
	}
	return c.Next()
}
