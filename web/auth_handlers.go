package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/account"
)

type credentials struct {
	Pseudonym string `json:"pseudonym"`
	Password  string `json:"password"`
}

type sessionView struct {
	ID       string `json:"id"`
	Device   string `json:"device"`
	Created  string `json:"created"`
	LastSeen string `json:"last_seen"`
	Current  bool   `json:"current"`
}

type userView struct {
	ID        string `json:"id"`
	Pseudonym string `json:"pseudonym"`
}

func viewUser(u account.User) userView { return userView{ID: u.ID, Pseudonym: u.Pseudonym} }

// coarseTime is what a session list shows: the hour, not the second.
const coarseTime = "2006-01-02T15:00Z07:00"

func viewSession(s account.Session, current string) sessionView {
	return sessionView{
		ID:       s.ID,
		Device:   s.Device,
		Created:  s.Created.UTC().Format(coarseTime),
		LastSeen: s.LastSeen.UTC().Format(coarseTime),
		Current:  s.ID == current,
	}
}

func (s *server) login(c *fiber.Ctx) error {
	var in credentials
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	return s.startSession(c, fiber.StatusOK, in, nil)
}

// startSession logs in and sets a fresh session cookie; signups reuse it to
// answer with the new account already signed in.
func (s *server) startSession(c *fiber.Ctx, status int, in credentials, extra fiber.Map) error {
	token, sess, err := s.accounts.Login(c.UserContext(), in.Pseudonym, in.Password, c.Get(fiber.HeaderUserAgent))
	if err != nil {
		return err
	}
	user, err := s.accounts.User(c.UserContext(), sess.UserID)
	if err != nil {
		return err
	}
	setSessionCookie(c, token, s.SessionLifetime)
	out := fiber.Map{"user": viewUser(user), "session": viewSession(sess, sess.ID)}
	for k, v := range extra {
		out[k] = v
	}
	return c.Status(status).JSON(out)
}

func (s *server) logout(c *fiber.Ctx) error {
	token, _ := c.Locals(localToken).(string)
	if err := s.accounts.Logout(c.UserContext(), token); err != nil {
		return err
	}
	clearSessionCookie(c)
	c.Set("Clear-Site-Data", `"cache", "cookies", "storage"`)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) me(c *fiber.Ctx) error {
	u := currentUser(c)
	type orgView struct {
		ID     string   `json:"id"`
		Name   string   `json:"name"`
		Status string   `json:"status"`
		Roles  []string `json:"roles"`
	}
	orgs := []orgView{}
	for _, m := range s.orgs.OrganisationsOf(c.UserContext(), u.ID) {
		orgs = append(orgs, orgView{ID: m.Org.ID, Name: m.Org.Profile.Name, Status: string(m.Org.Status), Roles: m.Roles})
	}
	roles := s.authz.Roles(u.ID, domainPlatform)
	if roles == nil {
		roles = []string{}
	}
	return c.JSON(fiber.Map{"user": viewUser(u), "organisations": orgs, "platform_roles": roles})
}

func (s *server) sessions(c *fiber.Ctx) error {
	list, err := s.accounts.Sessions(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	current := currentSession(c).ID
	out := make([]sessionView, 0, len(list))
	for _, sess := range list {
		out = append(out, viewSession(sess, current))
	}
	return c.JSON(fiber.Map{"sessions": out})
}

func (s *server) revokeSession(c *fiber.Ctx) error {
	if err := s.accounts.RevokeSession(c.UserContext(), currentUser(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) changePassword(c *fiber.Ctx) error {
	var in struct {
		OldPassword string `json:"old_password"`
		NewPassword string `json:"new_password"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if err := s.accounts.ChangePassword(c.UserContext(), currentUser(c).ID, in.OldPassword, in.NewPassword); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) recover(c *fiber.Ctx) error {
	var in struct {
		Pseudonym   string `json:"pseudonym"`
		Code        string `json:"code"`
		NewPassword string `json:"new_password"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if err := s.accounts.Recover(c.UserContext(), in.Pseudonym, in.Code, in.NewPassword); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
