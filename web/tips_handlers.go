package web

import (
	"context"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/tips"
)

// Tips is what the API needs from the tips service.
type Tips interface {
	Write(ctx context.Context, w tips.Writer, exchangeID string, in tips.Input) (tips.Tip, error)
	Update(ctx context.Context, w tips.Writer, id string, in tips.Input) (tips.Tip, error)
	Delete(ctx context.Context, w tips.Writer, id string) error
	List(ctx context.Context, v tips.Viewer, topic string, page int) (tips.Page, error)
	Get(ctx context.Context, v tips.Viewer, id string) (tips.View, error)
	Readable(ctx context.Context, id string) (tips.Tip, error)
	OfExchange(ctx context.Context, v tips.Viewer, orgID, exchangeID string) ([]tips.View, error)
}

// tipViewer is the caller as a reader of tips: their organisations and where they lead.
func (s *server) tipViewer(c *fiber.Ctx) tips.Viewer {
	u := currentUser(c)
	v := tips.Viewer{User: u.ID, Orgs: map[string]bool{}, Writes: map[string]bool{}}
	for _, m := range s.orgs.OrganisationsOf(c.UserContext(), u.ID) {
		v.Orgs[m.Org.ID] = slices.Contains(m.Roles, org.RoleLead)
		v.Writes[m.Org.ID] = v.Orgs[m.Org.ID] || slices.Contains(m.Roles, org.RoleMentor)
	}
	return v
}

// tipWriter is the caller acting for :org, in which the route let them do an
// exchange's work (a lead or a mentor).
func (s *server) tipWriter(c *fiber.Ctx) tips.Writer {
	u, orgID := currentUser(c), c.Params("org")
	return tips.Writer{User: u.ID, Org: orgID, Lead: slices.Contains(s.authz.Roles(u.ID, "org:"+orgID), org.RoleLead)}
}

// viewOwn is a tip its writer just wrote or changed, as the writer reads it.
func (s *server) viewOwn(c *fiber.Ctx, t tips.Tip) error {
	v, err := s.Tips.Get(c.UserContext(), s.tipViewer(c), t.ID)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (s *server) writeTip(c *fiber.Ctx) error {
	var in tips.Input
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	t, err := s.Tips.Write(c.UserContext(), s.tipWriter(c), c.Params("exchange"), in)
	if err != nil {
		return err
	}
	c.Status(fiber.StatusCreated)
	return s.viewOwn(c, t)
}

func (s *server) updateTip(c *fiber.Ctx) error {
	var in tips.Input
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	t, err := s.Tips.Update(c.UserContext(), s.tipWriter(c), c.Params("tip"), in)
	if err != nil {
		return err
	}
	return s.viewOwn(c, t)
}

func (s *server) deleteTip(c *fiber.Ctx) error {
	if err := s.Tips.Delete(c.UserContext(), s.tipWriter(c), c.Params("tip")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// listTips answers ?topic= (every topic when absent) and ?page= (from 1), newest first.
func (s *server) listTips(c *fiber.Ctx) error {
	page := 1
	if p := c.Query("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return &apiError{status: fiber.StatusBadRequest, code: "invalid_page", message: "page must be a number from 1", field: "page"}
		}
		page = n
	}
	out, err := s.Tips.List(c.UserContext(), s.tipViewer(c), c.Query("topic"), page)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *server) getTip(c *fiber.Ctx) error {
	v, err := s.Tips.Get(c.UserContext(), s.tipViewer(c), c.Params("tip"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (s *server) exchangeTips(c *fiber.Ctx) error {
	list, err := s.Tips.OfExchange(c.UserContext(), s.tipViewer(c), c.Params("org"), c.Params("exchange"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"tips": list})
}

// reportTip files a report of a tip the caller may read into the platform staff's queue.
func (s *server) reportTip(c *fiber.Ctx) error {
	var in struct {
		Reason moderation.Reason `json:"reason"`
		Text   string            `json:"text"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	t, err := s.Tips.Readable(c.UserContext(), c.Params("tip"))
	if err != nil {
		return err
	}
	m := moderation.Material{Org: t.Org, Title: t.Title, Body: t.Body}
	r, err := s.Moderation.ReportMaterial(c.UserContext(), currentUser(c).ID, moderation.KindTip, t.ID, m, in.Reason, in.Text)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewReport(r, true))
}
