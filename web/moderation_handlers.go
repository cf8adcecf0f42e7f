package web

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/moderation"
)

// Moderation is what the API needs from the moderation service: reports, actions,
// moderators and the audit log.
type Moderation interface {
	Report(ctx context.Context, reporter, room string, in moderation.ReportInput) (moderation.Report, error)
	MyReports(ctx context.Context, userID string) ([]moderation.Report, error)
	Queue(ctx context.Context, room string, open bool) ([]moderation.Report, error)
	Open(ctx context.Context, actor, room, id string) (moderation.Report, error)
	Resolve(ctx context.Context, actor, room, id string, status moderation.Status, note string) (moderation.Report, error)
	Act(ctx context.Context, actor, room string, a moderation.Action) error
	ActOnReport(ctx context.Context, actor, id string, a moderation.Action) error
	AppointModerator(ctx context.Context, actor, userID string, appoint bool) error
	AppointRoomModerator(ctx context.Context, actor, room, userID string, appoint bool) error
	Audit(ctx context.Context, actor string, f moderation.AuditFilter) ([]moderation.Entry, error)
	Record(ctx context.Context, e moderation.Entry) error
	Notices(ctx context.Context, userID string) ([]moderation.Notice, error)
	ReportResource(ctx context.Context, reporter, id string, reason moderation.Reason, text string) (moderation.Report, error)
}

// reportView is a report as the API shows it, with its status.
type reportView = moderation.MyReport

func viewReports(list []moderation.Report, reporter bool) []reportView {
	out := make([]reportView, len(list))
	for i, r := range list {
		out[i] = viewReport(r, reporter)
	}
	return out
}

// viewReport shows a report; its reporter does not see who resolved it.
func viewReport(r moderation.Report, reporter bool) reportView {
	if reporter {
		return moderation.AsReporter(r)
	}
	return reportView{Report: r, Status: r.Status()}
}

func (s *server) fileReport(c *fiber.Ctx) error {
	var in moderation.ReportInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	r, err := s.Moderation.Report(c.UserContext(), currentUser(c).ID, c.Params("room"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewReport(r, true))
}

func (s *server) myReports(c *fiber.Ctx) error {
	list, err := s.Moderation.MyReports(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"reports": viewReports(list, true)})
}

func (s *server) myNotices(c *fiber.Ctx) error {
	list, err := s.Moderation.Notices(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"notices": orEmpty(list)})
}

// queue lists reports without their messages: open ones (oldest first) unless
// ?status=all.
func (s *server) queue(c *fiber.Ctx, room string) error {
	open := true
	switch c.Query("status", "open") {
	case "open":
	case "all":
		open = false
	default:
		return errorf(fiber.StatusBadRequest, "invalid_input", "status must be open or all")
	}
	list, err := s.Moderation.Queue(c.UserContext(), room, open)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"reports": viewReports(list, false)})
}

func (s *server) reportQueue(c *fiber.Ctx) error { return s.queue(c, "") }
func (s *server) roomReports(c *fiber.Ctx) error { return s.queue(c, c.Params("room")) }

func (s *server) openReport(c *fiber.Ctx) error {
	r, err := s.Moderation.Open(c.UserContext(), currentUser(c).ID, c.Params("room"), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(viewReport(r, false))
}

func (s *server) resolveReport(c *fiber.Ctx) error {
	var in struct {
		Status moderation.Status `json:"status"`
		Note   string            `json:"note"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	r, err := s.Moderation.Resolve(c.UserContext(), currentUser(c).ID, c.Params("room"), c.Params("id"), in.Status, in.Note)
	if err != nil {
		return err
	}
	return c.JSON(viewReport(r, false))
}

func (s *server) roomAction(c *fiber.Ctx) error {
	var a moderation.Action
	if err := decodeStrict(c, &a); err != nil {
		return err
	}
	if err := s.Moderation.Act(c.UserContext(), currentUser(c).ID, c.Params("room"), a); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// reportAction is an action where a report leads platform staff: its room, its
// message, its message's author.
func (s *server) reportAction(c *fiber.Ctx) error {
	var in struct {
		Kind     string            `json:"action"`
		Duration string            `json:"duration"`
		Seconds  int               `json:"seconds"`
		Reason   moderation.Reason `json:"reason"`
		Note     string            `json:"note"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	a := moderation.Action{Kind: in.Kind, Duration: in.Duration, Seconds: in.Seconds, Reason: in.Reason, Note: in.Note}
	if err := s.Moderation.ActOnReport(c.UserContext(), currentUser(c).ID, c.Params("id"), a); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) setModerator(appoint bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("user")
		if _, err := s.accounts.User(c.UserContext(), id); err != nil {
			return err
		}
		if err := s.Moderation.AppointModerator(c.UserContext(), currentUser(c).ID, id, appoint); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

func (s *server) setRoomModerator(appoint bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		err := s.Moderation.AppointRoomModerator(c.UserContext(), currentUser(c).ID, c.Params("room"), c.Params("user"), appoint)
		if err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// audit lists the audit log, filtered by actor, action, target and a time range
// (RFC 3339, from inclusive, to exclusive); reading it is recorded too.
func (s *server) audit(c *fiber.Ctx) error {
	f := moderation.AuditFilter{Actor: c.Query("actor"), Action: c.Query("action"), Target: c.Query("target")}
	for _, p := range []struct {
		name string
		at   *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := c.Query(p.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return &apiError{status: fiber.StatusBadRequest, code: "invalid_input", message: p.name + " must be an RFC 3339 time"}
			}
			*p.at = t
		}
	}
	entries, err := s.Moderation.Audit(c.UserContext(), currentUser(c).ID, f)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"entries": orEmpty(entries)})
}

// auditedRoutes are the staff actions of other services that the audit log records,
// with the path parameter naming their target.
var auditedRoutes = map[string]struct{ action, target string }{
	"POST /api/v1/admin/organisations/:org/approve": {moderation.AuditApprove, "org"},
	"POST /api/v1/admin/organisations/:org/reject":  {moderation.AuditReject, "org"},
	"POST /api/v1/admin/organisations/:org/suspend": {moderation.AuditSuspend, "org"},
	"POST /api/v1/admin/users/:user/disable":        {moderation.AuditDisable, "user"},
	"POST /api/v1/admin/users/:user/enable":         {moderation.AuditEnable, "user"},
	"POST /api/v1/admin/rounds/:round/publish":      {moderation.AuditPublishRound, "round"},
}

// withAudit wraps the handlers of the staff actions of auditedRoutes so that, when one
// succeeds, the audit log records who did it, to what and why (the body's reason, if
// any). A failure to record is the request's failure.
func (s *server) withAudit(rs []route) []route {
	if s.Moderation == nil {
		return rs // a server built only to list its routes
	}
	for i, r := range rs {
		if a, ok := auditedRoutes[r.method+" "+r.path]; ok {
			rs[i].handle = s.audited(a.action, a.target, r.handle)
		}
	}
	return rs
}

func (s *server) audited(action, target string, h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := h(c); err != nil {
			return err
		}
		if c.Response().StatusCode() >= 400 {
			return nil
		}
		var body struct {
			Reason string `json:"reason"`
		}
		_ = json.Unmarshal(c.Body(), &body) // a reason is optional; the handler validated the body
		e := moderation.Entry{Actor: currentUser(c).ID, Action: action, Target: target + ":" + c.Params(target), Reason: body.Reason}
		return s.Moderation.Record(c.UserContext(), e)
	}
}
