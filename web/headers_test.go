package web

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

const testOrigin = "https://cascade.example"

func csrfApp() *fiber.App {
	app := fiber.New(fiber.Config{ErrorHandler: errorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)), testOrigin)})
	app.Use(securityHeaders(testOrigin), csrfGuard(testOrigin))
	app.All("/api/v1/x", func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNoContent) })
	return app
}

func TestCSRFMatrix(t *testing.T) {
	tests := []struct {
		method, site, origin string
		want                 int
	}{
		{"GET", "cross-site", "https://evil.example", 204},
		{"HEAD", "cross-site", "", 204},
		{"POST", "same-origin", testOrigin, 204},
		{"POST", "", testOrigin, 204},
		{"POST", "none", testOrigin, 204},
		{"POST", "cross-site", testOrigin, 403},
		{"POST", "same-site", testOrigin, 403},
		{"POST", "same-origin", "https://evil.example", 403},
		{"POST", "same-origin", "", 403},
		{"POST", "", "null", 403},
		{"POST", "", testOrigin + "/", 403},
		{"POST", "", "http://cascade.example", 403},
		{"PUT", "cross-site", testOrigin, 403},
		{"PUT", "same-origin", testOrigin, 204},
		{"DELETE", "same-site", testOrigin, 403},
		{"DELETE", "", "", 403},
		{"PATCH", "", "https://cascade.example.evil", 403},
	}
	app := csrfApp()
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, "/api/v1/x", nil)
		if tt.site != "" {
			req.Header.Set("Sec-Fetch-Site", tt.site)
		}
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		resp, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tt.want {
			t.Errorf("%s Sec-Fetch-Site=%q Origin=%q: got %d, want %d", tt.method, tt.site, tt.origin, resp.StatusCode, tt.want)
		}
		if resp.Header.Get("Content-Security-Policy") != contentSecurityPolicy {
			t.Errorf("%s %q %q: CSP missing", tt.method, tt.site, tt.origin)
		}
	}
}

func TestHSTSOnlyOnHTTPS(t *testing.T) {
	for origin, want := range map[string]bool{"https://cascade.example": true, "http://127.0.0.1:8080": false} {
		app := fiber.New()
		app.Use(securityHeaders(origin))
		app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
		resp, err := app.Test(httptest.NewRequest("GET", "/", nil))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Strict-Transport-Security") != ""; got != want {
			t.Errorf("origin %s: HSTS present = %v, want %v", origin, got, want)
		}
	}
}

// Errors that reach the error handler, including a 500 from an unexpected error,
// carry the same security headers and the one error shape.
func TestErrorResponsesCarryHeaders(t *testing.T) {
	app := fiber.New(fiber.Config{ErrorHandler: errorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)), testOrigin)})
	app.Get("/boom", func(*fiber.Ctx) error { return io.ErrUnexpectedEOF })
	for path, want := range map[string]int{"/boom": 500, "/nothing": 404} {
		resp, err := app.Test(httptest.NewRequest("GET", path, nil))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Errorf("%s: got %d, want %d", path, resp.StatusCode, want)
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("%s: header %s missing", path, h)
			}
		}
		if want == 500 && string(body) != `{"error":{"code":"internal","message":"something went wrong on our side"}}` {
			t.Errorf("%s: body %s leaks detail or has the wrong shape", path, body)
		}
	}
}
