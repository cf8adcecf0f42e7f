package web

import (
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// frontend serves the embedded web app. Paths without a file extension are app
// pages (/, /join, /setup …) and get index.html; the app routes them itself.
func (s *server) frontend() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !isSafeMethod(c.Method()) || c.Method() == fiber.MethodOptions {
			return fiber.ErrMethodNotAllowed
		}
		name := strings.TrimPrefix(path.Clean("/"+c.Path()), "/")
		if name == "" || path.Ext(name) == "" {
			name = "index.html"
		}
		data, err := fs.ReadFile(s.Frontend, name)
		if err != nil {
			return errNotFound
		}
		if t := mime.TypeByExtension(path.Ext(name)); t != "" {
			c.Set(fiber.HeaderContentType, t)
		}
		// index.html may change with every release; the rest is addressed by name and can be revalidated.
		if name == "index.html" {
			c.Set(fiber.HeaderCacheControl, "no-store")
		} else {
			c.Set(fiber.HeaderCacheControl, "no-cache")
		}
		return c.Send(data)
	}
}
