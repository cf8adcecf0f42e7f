package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// decodeStrict reads exactly one JSON value into v and refuses anything else:
// another content type (415), unknown fields, trailing data or wrong types (400).
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

func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errorf(fiber.StatusBadRequest, "invalid_json", "the body must hold exactly one JSON value")
	}
	return nil
}

// jsonError turns a decoder error into a message that names the problem but
// never echoes the submitted values back.
func jsonError(err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return errorf(fiber.StatusBadRequest, "invalid_json", "the body is empty")
	case errors.As(err, &syntax):
		return errorf(fiber.StatusBadRequest, "invalid_json", "the body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		return &apiError{status: fiber.StatusBadRequest, code: "invalid_json", message: "field " + typ.Field + " has the wrong type"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errorf(fiber.StatusBadRequest, "unknown_field", "unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return errorf(fiber.StatusBadRequest, "invalid_json", "the body is not valid JSON")
}
