package web

import (
	"github.com/gofiber/fiber/v2"
)

// userStatus is what an admin sees of an account they disabled or enabled.
type userStatus struct {
	ID        string `json:"id"`
	Pseudonym string `json:"pseudonym"`
	Disabled  bool   `json:"disabled"`
}

// disableUser ends every session of the account and keeps it from signing in; its open
// sockets close on every instance. Admins cannot disable themselves: the last admin
// would lock the platform.
func (s *server) disableUser(c *fiber.Ctx) error {
	id := c.Params("user")
	if id == currentUser(c).ID {
		return errorf(fiber.StatusConflict, "own_account", "you cannot disable your own account")
	}
	return s.setDisabled(c, id, true)
}

func (s *server) enableUser(c *fiber.Ctx) error {
	return s.setDisabled(c, c.Params("user"), false)
}

func (s *server) setDisabled(c *fiber.Ctx, id string, disabled bool) error {
	ctx := c.UserContext()
	if err := s.accounts.SetDisabled(ctx, id, disabled); err != nil {
		return err
	}
	if disabled {
		s.Revocations.UserRevoked(ctx, id)
	}
	u, err := s.accounts.User(ctx, id)
	if err != nil {
		return err
	}
	return c.JSON(userStatus{ID: u.ID, Pseudonym: u.Pseudonym, Disabled: u.Disabled})
}
