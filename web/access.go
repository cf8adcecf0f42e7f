package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/org"
)

// access is the decision a route needs before its handler runs: either public,
// or an authenticated user allowed (domain, object, action) by the role policy, and, for
// an exchange route, an organisation that is approved.
type access struct {
	public   bool
	room     bool // a room's domain: the rooms service decides (exchange rooms are derived)
	domain   func(c *fiber.Ctx) string
	object   string
	action   string
	approved bool // the route's organisation (:org) must be approved
}

func public() access { return access{public: true} }

func onPlatform(object, action string) access {
	return access{domain: func(*fiber.Ctx) string { return domainPlatform }, object: object, action: action}
}

func inOrg(object, action string) access {
	return access{domain: func(c *fiber.Ctx) string { return "org:" + c.Params("org") }, object: object, action: action}
}

// inApprovedOrg is inOrg for the exchange workflow, in which only approved organisations
// take part: a pending, rejected or suspended one is answered as the directory answers
// for it, 404.
func inApprovedOrg(object, action string) access {
	a := inOrg(object, action)
	a.approved = true
	return a
}

const domainPlatform = "platform"

const (
	localUser    = "cascade.user"
	localSession = "cascade.session"
	localToken   = "cascade.token"
)

// guard authenticates the caller and asks the policy. A refusal answers 404, the
// same as a missing object, so routes do not reveal what exists.
func (s *server) guard(a access) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if a.public {
			return c.Next()
		}
		token := c.Cookies(sessionCookie)
		if token == "" {
			return account.ErrUnauthenticated
		}
		user, sess, err := s.accounts.Authenticate(c.UserContext(), token)
		if err != nil {
			return err
		}
		decide := s.authz.Allowed
		if a.room {
			decide = s.Rooms.Allowed
		}
		allowed, err := decide(user.ID, a.domain(c), a.object, a.action)
		if err != nil {
			return err
		}
		if !allowed || (a.approved && !s.approvedOrg(c, c.Params("org"))) {
			return errNotFound
		}
		c.Locals(localUser, user)
		c.Locals(localSession, sess)
		c.Locals(localToken, token)
		return c.Next()
	}
}

// approvedOrg reports whether organisation id exists and is approved.
func (s *server) approvedOrg(c *fiber.Ctx, id string) bool {
	o, err := s.orgs.Get(c.UserContext(), id)
	return err == nil && o.Status == org.StatusApproved
}

func currentUser(c *fiber.Ctx) account.User {
	u, _ := c.Locals(localUser).(account.User)
	return u
}

func currentSession(c *fiber.Ctx) account.Session {
	s, _ := c.Locals(localSession).(account.Session)
	return s
}
