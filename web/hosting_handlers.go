package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
)

// Hosting is what the API needs for hosting relationships (org.Service).
type Hosting interface {
	SetHost(ctx context.Context, orgID string, in org.HostInput) (org.Organisation, error)
	RemoveHost(ctx context.Context, orgID string) (org.Organisation, error)
	Hosting(ctx context.Context, hostID string) []org.Hosted
	ConfirmHosting(ctx context.Context, hostID, hostedID string) (org.Organisation, error)
	DeclineHosting(ctx context.Context, hostID, hostedID, reason string) (org.Organisation, error)
	EndHosting(ctx context.Context, hostID, hostedID, reason string) (org.Organisation, error)
}

// ExchangeHosts brings a party's confirmed host into an exchange and takes it out
// (exchange.Service).
type ExchangeHosts interface {
	BringHost(ctx context.Context, orgID, id string) (exchange.Exchange, error)
	RemoveHost(ctx context.Context, orgID, id string) (exchange.Exchange, error)
}

// hostView is an organisation's host as its leads and the admins see it: a host on
// Cascade by id and name, with where the relationship stands; an outside NGO by name.
type hostView struct {
	Kind   org.HostKind  `json:"kind"`
	Org    string        `json:"org,omitempty"`
	Name   string        `json:"name"`
	State  org.HostState `json:"state,omitempty"`
	Reason string        `json:"reason,omitempty"`
	Since  time.Time     `json:"since"`
}

// viewHost returns o's host for those who may see it, nil for none. A host on Cascade
// that is gone (offboarded) keeps its place with no name.
func (s *server) viewHost(ctx context.Context, o org.Organisation) *hostView {
	h := o.Host
	if h == nil {
		return nil
	}
	v := &hostView{Kind: h.Kind, Org: h.Org, Name: h.Name, State: h.State, Reason: h.Reason, Since: h.Since}
	if h.Kind == org.HostCascade {
		v.Name = ""
		if host, err := s.orgs.Get(ctx, h.Org); err == nil {
			v.Name = host.Profile.Name
		}
	}
	return v
}

func (s *server) setHost(c *fiber.Ctx) error {
	var in org.HostInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	o, err := s.Hosting.SetHost(c.UserContext(), c.Params("org"), in)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"host": s.viewHost(c.UserContext(), o)})
}

func (s *server) removeHost(c *fiber.Ctx) error {
	if _, err := s.Hosting.RemoveHost(c.UserContext(), c.Params("org")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) hosting(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"hosted": s.Hosting.Hosting(c.UserContext(), c.Params("org"))})
}

// answerHosting confirms (no body), declines or ends (a reason) a relationship.
func (s *server) answerHosting(act string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, host, hosted := c.UserContext(), c.Params("org"), c.Params("hosted")
		var err error
		switch act {
		case "confirm":
			_, err = s.Hosting.ConfirmHosting(ctx, host, hosted)
		default:
			var in struct {
				Reason string `json:"reason"`
			}
			if err := decodeStrict(c, &in); err != nil {
				return err
			}
			if act == "decline" {
				_, err = s.Hosting.DeclineHosting(ctx, host, hosted, in.Reason)
			} else {
				_, err = s.Hosting.EndHosting(ctx, host, hosted, in.Reason)
			}
		}
		if err != nil {
			return err
		}
		return s.hosting(c)
	}
}

func (s *server) bringHost(c *fiber.Ctx) error {
	x, err := s.ExchangeHosts.BringHost(c.UserContext(), c.Params("org"), c.Params("exchange"))
	if err != nil {
		return err
	}
	return c.JSON(x)
}

func (s *server) removeExchangeHost(c *fiber.Ctx) error {
	x, err := s.ExchangeHosts.RemoveHost(c.UserContext(), c.Params("org"), c.Params("exchange"))
	if err != nil {
		return err
	}
	return c.JSON(x)
}
