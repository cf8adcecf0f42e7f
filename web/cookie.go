package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// sessionCookie carries the __Host- prefix: the browser only accepts it with
// Secure, Path=/ and no Domain, so no subdomain can plant or read it. Browsers
// treat http://localhost and http://127.0.0.1 as secure contexts, so the same
// cookie works for plain-http development on loopback (see README).
const sessionCookie = "__Host-cascade_session"

func setSessionCookie(c *fiber.Ctx, token string, absolute time.Duration) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(absolute / time.Second),
		Secure:   true,
		HTTPOnly: true,
		SameSite: fiber.CookieSameSiteStrictMode,
	})
}

func clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		Expires:  time.Unix(1, 0),
		Secure:   true,
		HTTPOnly: true,
		SameSite: fiber.CookieSameSiteStrictMode,
	})
}
