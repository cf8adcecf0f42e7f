package web

import (
	"time"

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

// coarse is what a session list shows of a time: the hour, not the second.
func coarse(t time.Time) string { return t.UTC().Truncate(time.Hour).Format(time.RFC3339) }

func viewSession(s account.Session, current string) sessionView {
	return sessionView{
		ID:       s.ID,
		Device:   s.Device,
		Created:  coarse(s.Created),
		LastSeen: coarse(s.LastSeen),
		Current:  s.ID == current,
	}
}

func (s *server) login(c *fiber.Ctx) error {
	var in credentials
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	token, sess, err := s.accounts.Login(c.UserContext(), in.Pseudonym, in.Password, c.Get(fiber.HeaderUserAgent), clientKey(c))
	if err != nil {
		return err
	}
	return s.respondSession(c, fiber.StatusOK, token, sess, nil)
}

// signIn answers a signup with the new account already signed in.
func (s *server) signIn(c *fiber.Ctx, userID string, extra fiber.Map) error {
	token, sess, err := s.accounts.SignIn(c.UserContext(), userID, c.Get(fiber.HeaderUserAgent))
	if err != nil {
		return err
	}
	return s.respondSession(c, fiber.StatusCreated, token, sess, extra)
}

// respondSession sets the fresh session cookie and describes the session.
func (s *server) respondSession(c *fiber.Ctx, status int, token string, sess account.Session, extra fiber.Map) error {
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
	s.Revocations.SessionEnded(c.UserContext(), currentUser(c).ID, currentSession(c).ID)
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
	s.Revocations.SessionEnded(c.UserContext(), currentUser(c).ID, c.Params("id"))
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
	user, current := currentUser(c).ID, currentSession(c).ID
	ended, err := s.accounts.ChangePassword(c.UserContext(), user, current, in.OldPassword, in.NewPassword)
	for _, id := range ended { // those ended before an error too
		s.Revocations.SessionEnded(c.UserContext(), user, id)
	}
	if err != nil {
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
	userID, err := s.accounts.Recover(c.UserContext(), in.Pseudonym, in.Code, in.NewPassword)
	if err != nil {
		return err
	}
	// Every session ended: sockets close wherever they are open.
	s.Revocations.UserRevoked(c.UserContext(), userID)
	return c.SendStatus(fiber.StatusNoContent)
}
