package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

func (s *server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 503 while the store does not answer, so a proxy stops sending traffic.
func (s *server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.Store.Ping(ctx); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(errorBody{Error: errorDetail{Code: "store_unreachable", Message: "the store does not answer"}})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

func (s *server) openapi(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	return c.Send(s.OpenAPI)
}
