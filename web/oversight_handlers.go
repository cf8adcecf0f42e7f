package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/oversight"
)

// Oversight is what the API needs for the admins' view of the whole programme.
type Oversight interface {
	Dashboard(ctx context.Context) oversight.Dashboard
	Exchanges(ctx context.Context, state exchange.State) []oversight.ExchangeRow
}

// Pages of the programme's exchanges.
const (
	defaultExchangePage = 100
	maxExchangePage     = 500
)

// adminExchanges lists the programme's exchanges, newest first, a page at a time.
func (s *server) adminExchanges(c *fiber.Ctx) error {
	state := exchange.State(c.Query("state"))
	if state == exchange.StateOpen || (state != "" && !slices.Contains(exchange.States, state)) {
		return errorf(fiber.StatusBadRequest, "invalid_state_filter", "state must be one of an exchange's states")
	}
	limit, err := queryInt(c, "limit", defaultExchangePage, 1, maxExchangePage)
	if err != nil {
		return err
	}
	offset, err := queryInt(c, "offset", 0, 0, 1<<30)
	if err != nil {
		return err
	}
	all := s.Oversight.Exchanges(c.UserContext(), state)
	page := all[min(offset, len(all)):min(offset+limit, len(all))]
	return c.JSON(fiber.Map{"exchanges": page, "total": len(all)})
}

// queryInt reads an optional integer query parameter in [lo, hi].
func queryInt(c *fiber.Ctx, name string, def, lo, hi int) (int, error) {
	raw := c.Query(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, errorf(fiber.StatusBadRequest, "invalid_page", "%s must be a whole number from %d to %d", name, lo, hi)
	}
	return n, nil
}

func (s *server) dashboard(c *fiber.Ctx) error {
	return c.JSON(s.Oversight.Dashboard(c.UserContext()))
}

// dashboardTable serves one table of the dashboard as CSV, to download.
func (s *server) dashboardTable(c *fiber.Ctx) error {
	name := c.Params("table")
	rows, ok := s.Oversight.Dashboard(c.UserContext()).Table(name)
	if !ok {
		return errNotFound
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="cascade-`+name+`.csv"`)
	return c.Send(buf.Bytes())
}
