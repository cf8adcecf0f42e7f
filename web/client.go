package web

import (
	"net/netip"

	"github.com/gofiber/fiber/v2"
)

// clientKey names where a request comes from, for the limits per client address: the
// connection's peer, or the client a trusted proxy names in X-Forwarded-For
// (Config.TrustedProxies). An IPv6 address counts by its /64, which one subscriber
// usually holds whole. It keys limits only and is never logged.
func clientKey(c *fiber.Ctx) string {
	ip := c.IP() // the peer, or the header's first valid address
	if a, err := netip.ParseAddr(ip); err == nil && a.Unmap().Is6() {
		p, _ := a.Prefix(64) // cannot fail for a 128-bit address
		return p.String()
	}
	return ip
}
