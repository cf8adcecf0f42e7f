package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/org"
)

func (s *server) taxonomy(c *fiber.Ctx) error { return c.JSON(org.Taxonomy()) }

func (s *server) apply(c *fiber.Ctx) error {
	if err := s.applications.take(clientKey(c)); err != nil {
		return err
	}
	var in struct {
		Pseudonym    string      `json:"pseudonym"`
		Password     string      `json:"password"`
		Organisation org.Profile `json:"organisation"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	o, userID, codes, err := s.orgs.Apply(c.UserContext(), in.Pseudonym, in.Password, in.Organisation)
	if err != nil {
		return err
	}
	// The applicant is the lead: they see what they entered, host name included.
	return s.signIn(c, userID, fiber.Map{"organisation": s.adminView(c.UserContext(), o), "recovery_codes": codes})
}

// orgView is an organisation as a member sees it (memberView: everything but what only
// its leads and the admins may see, the host and the reason for a status) or as its leads
// and the admins do (adminView).
type orgView struct {
	ID      string      `json:"id"`
	Status  org.Status  `json:"status"`
	Profile org.Profile `json:"profile"`
	Created time.Time   `json:"created"`
	Updated time.Time   `json:"updated"`
	Reason  string      `json:"status_reason,omitempty"`
	Host    *hostView   `json:"host,omitempty"`
}

func memberView(o org.Organisation) orgView {
	p := o.Profile
	p.HostName = ""
	return orgView{ID: o.ID, Status: o.Status, Profile: p, Created: o.Created, Updated: o.Updated}
}

// adminView also gives an outside host's name as profile.host_name, where clients read it
// before hosting relationships.
func (s *server) adminView(ctx context.Context, o org.Organisation) orgView {
	p := o.Profile
	if o.Host != nil && o.Host.Kind == org.HostOutside {
		p.HostName = o.Host.Name
	}
	return orgView{ID: o.ID, Status: o.Status, Profile: p, Created: o.Created, Updated: o.Updated, Reason: o.StatusReason, Host: s.viewHost(ctx, o)}
}

func (s *server) organisation(c *fiber.Ctx) error {
	o, err := s.orgs.Get(c.UserContext(), c.Params("org"))
	if err != nil {
		return err
	}
	return c.JSON(s.viewFor(c, o))
}

// viewFor shows the host's name to the organisation's leads, who entered it, and hides it from everyone else.
func (s *server) viewFor(c *fiber.Ctx, o org.Organisation) orgView {
	for _, r := range s.authz.Roles(currentUser(c).ID, "org:"+o.ID) {
		if r == org.RoleLead {
			return s.adminView(c.UserContext(), o)
		}
	}
	return memberView(o)
}

func (s *server) updateProfile(c *fiber.Ctx) error {
	var p org.Profile
	if err := decodeStrict(c, &p); err != nil {
		return err
	}
	o, err := s.orgs.UpdateProfile(c.UserContext(), c.Params("org"), p)
	if err != nil {
		return err
	}
	return c.JSON(s.viewFor(c, o))
}

func (s *server) directory(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"organisations": s.orgs.Directory(c.UserContext())})
}

type memberRow struct {
	ID        string   `json:"id"`
	Pseudonym string   `json:"pseudonym"`
	Roles     []string `json:"roles"`
}

func (s *server) members(c *fiber.Ctx) error {
	ms := s.orgs.Members(c.UserContext(), c.Params("org"))
	out := make([]memberRow, 0, len(ms))
	for _, m := range ms {
		u, err := s.accounts.User(c.UserContext(), m.UserID)
		if err != nil {
			continue // removed or deleted meanwhile
		}
		out = append(out, memberRow{ID: m.UserID, Pseudonym: u.Pseudonym, Roles: m.Roles})
	}
	return c.JSON(fiber.Map{"members": out})
}

func (s *server) removeMember(c *fiber.Ctx) error {
	if err := s.orgs.RemoveMember(c.UserContext(), c.Params("org"), c.Params("user")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// leaveOrg lets a member leave; the last lead cannot (409), as for a removal.
func (s *server) leaveOrg(c *fiber.Ctx) error {
	if err := s.orgs.RemoveMember(c.UserContext(), c.Params("org"), currentUser(c).ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) setMentor(on bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.orgs.SetMentor(c.UserContext(), c.Params("org"), c.Params("user"), on); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

type inviteView struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

func viewInvite(i org.Invite) inviteView {
	return inviteView{ID: i.ID, Created: i.Created, Expires: i.Expires}
}

func (s *server) invites(c *fiber.Ctx) error {
	list, err := s.orgs.Invites(c.UserContext(), c.Params("org"))
	if err != nil {
		return err
	}
	out := make([]inviteView, 0, len(list))
	for _, i := range list {
		out = append(out, viewInvite(i))
	}
	return c.JSON(fiber.Map{"invites": out})
}

func (s *server) createInvite(c *fiber.Ctx) error {
	inv, token, err := s.orgs.CreateInvite(c.UserContext(), c.Params("org"), currentUser(c).ID)
	if err != nil {
		return err
	}
	// The token travels in the fragment, which browsers never send to a server or in a Referer.
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{
		"invite": viewInvite(inv), "token": token, "url": s.Origin + "/join#" + token,
	})
}

func (s *server) revokeInvite(c *fiber.Ctx) error {
	if err := s.orgs.RevokeInvite(c.UserContext(), c.Params("org"), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// Invite tokens come in request bodies, never in paths, so no access log can hold one.
func (s *server) peekInvite(c *fiber.Ctx) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	o, inv, err := s.orgs.PeekInvite(c.UserContext(), in.Token)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"organisation": fiber.Map{"name": o.Profile.Name}, "expires": inv.Expires})
}

func (s *server) acceptInvite(c *fiber.Ctx) error {
	var in struct {
		Token     string `json:"token"`
		Pseudonym string `json:"pseudonym"`
		Password  string `json:"password"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	orgID, userID, codes, err := s.orgs.AcceptInvite(c.UserContext(), in.Token, in.Pseudonym, in.Password)
	if err != nil {
		return err
	}
	return s.signIn(c, userID, fiber.Map{"organisation_id": orgID, "recovery_codes": codes})
}
