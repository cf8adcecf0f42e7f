package web

import "github.com/gofiber/fiber/v2"

// maxIDLen bounds an id in a path. The server makes every id from [A-Za-z0-9_-] (random
// base32 or hex, base64url for sessions) and far shorter.
const maxIDLen = 128

// checkIDs answers 404 for a route whose path parameters cannot be ids, before anything
// uses them: the role policy refuses glob characters and commas in a domain as a
// programming error (which would be a 500), and the store need not be asked about them.
func checkIDs(c *fiber.Ctx) error {
	for _, name := range c.Route().Params {
		if !validID(c.Params(name)) {
			return errNotFound
		}
	}
	return c.Next()
}

func validID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '-', b == '_':
		default:
			return false
		}
	}
	return true
}
