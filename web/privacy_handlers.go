package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/privacy"
)

// Privacy is what the API needs to export and delete a person's data (privacy.Service).
type Privacy interface {
	CreateLink(ctx context.Context, userID string) (string, time.Time, error)
	Download(ctx context.Context, userID, token string) (privacy.Export, error)
	DeleteAccount(ctx context.Context, userID, password string, msgs privacy.Messages) error
	OffboardOrganisation(ctx context.Context, leadID, orgID, password string, msgs privacy.Messages) error
}

// createExport answers a one-time link to the caller's export; the export is built when
// the link is used, in memory, and never stored.
func (s *server) createExport(c *fiber.Ctx) error {
	token, expires, err := s.Privacy.CreateLink(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"url": s.Origin + "/api/v1/me/export/" + token, "expires": expires.UTC()})
}

// downloadExport uses the link once and sends the export as a file.
func (s *server) downloadExport(c *fiber.Ctx) error {
	x, err := s.Privacy.Download(c.UserContext(), currentUser(c).ID, c.Params("token"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="cascade-export.json"`)
	return c.JSON(x)
}

// erasure is what deleting an account or an organisation asks for.
type erasure struct {
	Password string           `json:"password"`
	Messages privacy.Messages `json:"messages"`
}

// deleteAccount deletes the caller's account and signs the browser out.
func (s *server) deleteAccount(c *fiber.Ctx) error {
	var in erasure
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if err := s.Privacy.DeleteAccount(c.UserContext(), currentUser(c).ID, in.Password, in.Messages); err != nil {
		return err
	}
	return signedOut(c)
}

// offboardOrganisation deletes the organisation at its lead's request; the lead's own
// account goes with it unless it belongs elsewhere (then its sessions end already).
func (s *server) offboardOrganisation(c *fiber.Ctx) error {
	var in erasure
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if err := s.Privacy.OffboardOrganisation(c.UserContext(), currentUser(c).ID, c.Params("org"), in.Password, in.Messages); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func signedOut(c *fiber.Ctx) error {
	clearSessionCookie(c)
	c.Set("Clear-Site-Data", `"cache", "cookies", "storage"`)
	return c.SendStatus(fiber.StatusNoContent)
}
