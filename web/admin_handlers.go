package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/org"
)

func (s *server) adminOrganisations(c *fiber.Ctx) error {
	status := org.Status(c.Query("status"))
	switch status {
	case "", org.StatusPending, org.StatusApproved, org.StatusRejected, org.StatusSuspended:
	default:
		return errorf(fiber.StatusBadRequest, "invalid_status", "status must be pending, approved, rejected or suspended")
	}
	list := s.orgs.List(c.UserContext(), status)
	out := make([]orgView, 0, len(list))
	for _, o := range list {
		out = append(out, s.adminView(c.UserContext(), o))
	}
	return c.JSON(fiber.Map{"organisations": out})
}

func (s *server) adminOrganisation(c *fiber.Ctx) error {
	o, err := s.orgs.Get(c.UserContext(), c.Params("org"))
	if err != nil {
		return err
	}
	return c.JSON(s.adminView(c.UserContext(), o))
}

func (s *server) approve(c *fiber.Ctx) error {
	o, err := s.orgs.Approve(c.UserContext(), c.Params("org"))
	if err != nil {
		return err
	}
	return c.JSON(s.adminView(c.UserContext(), o))
}

type reasonBody struct {
	Reason string `json:"reason"`
}

// withReason decodes the reason a rejection or suspension must carry.
func withReason(c *fiber.Ctx) (string, error) {
	var in reasonBody
	if err := decodeStrict(c, &in); err != nil {
		return "", err
	}
	if n := len([]rune(in.Reason)); n < 3 || n > 500 {
		return "", &apiError{status: fiber.StatusBadRequest, code: "invalid_reason", message: "give a reason of 3 to 500 characters"}
	}
	return in.Reason, nil
}

func (s *server) reject(c *fiber.Ctx) error {
	reason, err := withReason(c)
	if err != nil {
		return err
	}
	o, err := s.orgs.Reject(c.UserContext(), c.Params("org"), reason)
	if err != nil {
		return err
	}
	return c.JSON(s.adminView(c.UserContext(), o))
}

func (s *server) suspend(c *fiber.Ctx) error {
	reason, err := withReason(c)
	if err != nil {
		return err
	}
	o, err := s.orgs.Suspend(c.UserContext(), c.Params("org"), reason)
	if err != nil {
		return err
	}
	return c.JSON(s.adminView(c.UserContext(), o))
}
