package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

const contentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// setSecurityHeaders is applied to every response, HTML, JSON and errors alike.
func setSecurityHeaders(c *fiber.Ctx, origin string) {
	c.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	if strings.HasPrefix(origin, "https://") {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=63072000; includeSubDomains")
	}
}

func securityHeaders(origin string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		setSecurityHeaders(c, origin)
		if strings.HasPrefix(c.Path(), "/api/") {
			c.Set(fiber.HeaderCacheControl, "no-store")
		}
		return c.Next()
	}
}

// csrfGuard refuses state-changing requests that a browser marks as coming from
// another site, and any whose Origin is not exactly the public origin. A missing
// Origin is refused too: the session is a cookie, and every browser sends Origin
// on a state-changing fetch, so only a forged or non-browser request lacks it.
func csrfGuard(origin string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if isSafeMethod(c.Method()) {
			return c.Next()
		}
		switch c.Get("Sec-Fetch-Site") {
		case "", "same-origin", "none":
		default:
			return errorf(fiber.StatusForbidden, "cross_site_request", "requests from other sites are refused")
		}
		if c.Get(fiber.HeaderOrigin) != origin {
			return errorf(fiber.StatusForbidden, "bad_origin", "the request's Origin must be %s", origin)
		}
		return c.Next()
	}
}

func isSafeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}
