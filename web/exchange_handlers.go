package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/matching"
	"github.com/cascade-platform/cascade/org"
)

// Exchanges is what the API needs from the exchange service. Every method taking an
// organisation checks that it is a party to what is asked for (else exchange.ErrNotFound).
type Exchanges interface {
	CreateRequest(ctx context.Context, orgID, userID string, in exchange.RequestInput) (exchange.Request, error)
	Requests(ctx context.Context, orgID string) []exchange.Request
	Request(ctx context.Context, orgID, id string) (exchange.Request, []exchange.Exchange, error)
	CancelRequest(ctx context.Context, orgID, id string, reason exchange.Reason, text string) (exchange.Request, error)
	Suggestions(ctx context.Context, orgID, requestID string, k int) (exchange.Ranking, error)
	Send(ctx context.Context, orgID, requestID, mentorID string) (exchange.Exchange, error)
	Proposals(ctx context.Context, orgID string) []exchange.Exchange
	Accept(ctx context.Context, orgID, exchangeID string) (exchange.Exchange, error)
	Decline(ctx context.Context, orgID, exchangeID string, reason exchange.Reason, text string) (exchange.Exchange, error)
	Exchanges(ctx context.Context, orgID string) []exchange.Exchange
	Exchange(ctx context.Context, orgID, id string) (exchange.Exchange, error)
	CancelExchange(ctx context.Context, orgID, id string, reason exchange.Reason, text string) (exchange.Exchange, error)
	AddGoal(ctx context.Context, orgID, id, userID, text string) (exchange.Exchange, error)
	TickGoal(ctx context.Context, orgID, id, goalID, userID string, done bool) (exchange.Exchange, error)
	LogSession(ctx context.Context, orgID, id, userID string, in exchange.SessionInput) (exchange.Exchange, error)
	Complete(ctx context.Context, orgID, id, userID string, in exchange.FeedbackInput) (exchange.Exchange, error)
	RunRound(ctx context.Context, id string, mode matching.Mode, rules exchange.RoundRules) (exchange.Round, error)
	Rounds(ctx context.Context) []exchange.Round
	Round(ctx context.Context, id string) (exchange.Round, error)
	PublishRound(ctx context.Context, id string) (exchange.Round, int, error)
	Notifications(ctx context.Context, userID string) []exchange.Notification
	Unread(ctx context.Context, userID string) int
	MarkRead(ctx context.Context, userID, id string) error
}

// reasonInput is the body of a decline or a cancellation.
type reasonInput struct {
	Reason exchange.Reason `json:"reason"`
	Text   string          `json:"text"`
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *server) createRequest(c *fiber.Ctx) error {
	var in exchange.RequestInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	r, err := s.Exchanges.CreateRequest(c.UserContext(), c.Params("org"), currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (s *server) listRequests(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"requests": orEmpty(s.Exchanges.Requests(c.UserContext(), c.Params("org")))})
}

func (s *server) getRequest(c *fiber.Ctx) error {
	r, xs, err := s.Exchanges.Request(c.UserContext(), c.Params("org"), c.Params("request"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"request": r, "proposals": orEmpty(xs)})
}

func (s *server) cancelRequest(c *fiber.Ctx) error {
	var in reasonInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	r, err := s.Exchanges.CancelRequest(c.UserContext(), c.Params("org"), c.Params("request"), in.Reason, in.Text)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *server) suggestions(c *fiber.Ctx) error {
	rank, err := s.Exchanges.Suggestions(c.UserContext(), c.Params("org"), c.Params("request"), exchange.DefaultSuggestions)
	if err != nil {
		return err
	}
	return c.JSON(rank)
}

func (s *server) sendProposal(c *fiber.Ctx) error {
	var in struct {
		Mentor string `json:"mentor"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	x, err := s.Exchanges.Send(c.UserContext(), c.Params("org"), c.Params("request"), in.Mentor)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(x)
}

// proposalView is a proposal as the mentor organisation's leads see it: with what they
// need to decide, the request in the requesting organisation's words and that
// organisation's directory entry (absent when it is no longer in the directory).
type proposalView struct {
	exchange.Exchange
	Request      exchange.RequestInput `json:"request"`
	Organisation *org.DirectoryEntry   `json:"organisation,omitempty"`
}

func (s *server) proposals(c *fiber.Ctx) error {
	ctx := c.UserContext()
	xs := s.Exchanges.Proposals(ctx, c.Params("org"))
	out := make([]proposalView, 0, len(xs))
	for _, x := range xs {
		r, _, err := s.Exchanges.Request(ctx, x.RequestOrg, x.RequestID)
		if err != nil {
			return err
		}
		v := proposalView{Exchange: x, Request: r.RequestInput}
		if o, err := s.orgs.Get(ctx, x.RequestOrg); err == nil && o.Status == org.StatusApproved {
			entry := o.Public()
			v.Organisation = &entry
		}
		out = append(out, v)
	}
	return c.JSON(fiber.Map{"proposals": out})
}

func (s *server) acceptProposal(c *fiber.Ctx) error {
	x, err := s.Exchanges.Accept(c.UserContext(), c.Params("org"), c.Params("proposal"))
	if err != nil {
		return err
	}
	return c.JSON(x)
}

func (s *server) declineProposal(c *fiber.Ctx) error {
	var in reasonInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	x, err := s.Exchanges.Decline(c.UserContext(), c.Params("org"), c.Params("proposal"), in.Reason, in.Text)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

func (s *server) listExchanges(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"exchanges": orEmpty(s.Exchanges.Exchanges(c.UserContext(), c.Params("org")))})
}

func (s *server) getExchange(c *fiber.Ctx) error {
	x, err := s.Exchanges.Exchange(c.UserContext(), c.Params("org"), c.Params("exchange"))
	if err != nil {
		return err
	}
	return c.JSON(x)
}

func (s *server) cancelExchange(c *fiber.Ctx) error {
	var in reasonInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	x, err := s.Exchanges.CancelExchange(c.UserContext(), c.Params("org"), c.Params("exchange"), in.Reason, in.Text)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

func (s *server) addGoal(c *fiber.Ctx) error {
	var in struct {
		Text string `json:"text"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	x, err := s.Exchanges.AddGoal(c.UserContext(), c.Params("org"), c.Params("exchange"), currentUser(c).ID, in.Text)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(x)
}

func (s *server) tickGoal(c *fiber.Ctx) error {
	var in struct {
		Done bool `json:"done"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	x, err := s.Exchanges.TickGoal(c.UserContext(), c.Params("org"), c.Params("exchange"), c.Params("goal"), currentUser(c).ID, in.Done)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

func (s *server) logSession(c *fiber.Ctx) error {
	var in exchange.SessionInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	x, err := s.Exchanges.LogSession(c.UserContext(), c.Params("org"), c.Params("exchange"), currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(x)
}

func (s *server) completeExchange(c *fiber.Ctx) error {
	var in exchange.FeedbackInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	x, err := s.Exchanges.Complete(c.UserContext(), c.Params("org"), c.Params("exchange"), currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

// roundInput is the body that runs or re-runs a round.
type roundInput struct {
	Mode  matching.Mode       `json:"mode"`
	Rules exchange.RoundRules `json:"rules"`
}

// namedRound is a round as admins read it: every organisation named, not by its id alone.
type namedRound struct {
	exchange.Round
	Proposals []namedProposal  `json:"proposals"`
	Unmatched []namedUnmatched `json:"unmatched"`
}

type namedProposal struct {
	exchange.RoundProposal
	RequestOrgName string `json:"request_org_name"`
	MentorOrgName  string `json:"mentor_org_name"`
}

type namedUnmatched struct {
	exchange.RoundUnmatched
	RequestOrgName string `json:"request_org_name"`
}

// named adds the organisations' names, as they are now, to a round; an organisation that
// is gone has the name "".
func (s *server) named(ctx context.Context, r exchange.Round) namedRound {
	names := map[string]string{}
	name := func(id string) string {
		n, ok := names[id]
		if !ok {
			if o, err := s.orgs.Get(ctx, id); err == nil {
				n = o.Profile.Name
			}
			names[id] = n
		}
		return n
	}
	out := namedRound{Round: r, Proposals: make([]namedProposal, len(r.Proposals)), Unmatched: make([]namedUnmatched, len(r.Unmatched))}
	for i, p := range r.Proposals {
		out.Proposals[i] = namedProposal{RoundProposal: p, RequestOrgName: name(p.RequestOrg), MentorOrgName: name(p.Mentor)}
	}
	for i, u := range r.Unmatched {
		out.Unmatched[i] = namedUnmatched{RoundUnmatched: u, RequestOrgName: name(u.RequestOrg)}
	}
	return out
}

func (s *server) runRound(c *fiber.Ctx) error {
	var in roundInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	r, err := s.Exchanges.RunRound(c.UserContext(), c.Params("round"), in.Mode, in.Rules)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if c.Params("round") == "" {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(s.named(c.UserContext(), r))
}

func (s *server) listRounds(c *fiber.Ctx) error {
	rounds := s.Exchanges.Rounds(c.UserContext())
	out := make([]namedRound, len(rounds))
	for i, r := range rounds {
		out[i] = s.named(c.UserContext(), r)
	}
	return c.JSON(fiber.Map{"rounds": out})
}

func (s *server) getRound(c *fiber.Ctx) error {
	r, err := s.Exchanges.Round(c.UserContext(), c.Params("round"))
	if err != nil {
		return err
	}
	return c.JSON(s.named(c.UserContext(), r))
}

func (s *server) publishRound(c *fiber.Ctx) error {
	r, sent, err := s.Exchanges.PublishRound(c.UserContext(), c.Params("round"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"round": s.named(c.UserContext(), r), "sent": sent})
}

func (s *server) notifications(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"notifications": orEmpty(s.Exchanges.Notifications(c.UserContext(), currentUser(c).ID))})
}

func (s *server) unread(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"unread": s.Exchanges.Unread(c.UserContext(), currentUser(c).ID)})
}

func (s *server) markRead(c *fiber.Ctx) error {
	if err := s.Exchanges.MarkRead(c.UserContext(), currentUser(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
