package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/rooms"
)

// exchangeRooms opens an exchange's room when its proposal is accepted, for the
// leads and mentors of both organisations; leads can let others in afterwards.
type exchangeRooms struct {
	*exchange.Service
	rooms *rooms.Service
	orgs  *org.Service
}

// Accept accepts the proposal, then opens its room. Opening is idempotent, and an
// error is returned so the caller knows the room is missing although the exchange is accepted.
func (e exchangeRooms) Accept(ctx context.Context, orgID, exchangeID string) (exchange.Exchange, error) {
	x, err := e.Service.Accept(ctx, orgID, exchangeID)
	if err != nil {
		return x, err
	}
	var people []string
	var names []string
	for _, id := range []string{x.RequestOrg, x.MentorOrg} {
		if o, err := e.orgs.Get(ctx, id); err == nil {
			names = append(names, o.Profile.Name)
		}
		for _, m := range e.orgs.Members(ctx, id) {
			if slices.Contains(m.Roles, org.RoleLead) || slices.Contains(m.Roles, org.RoleMentor) {
				people = append(people, m.UserID)
			}
		}
	}
	title := "Exchange"
	if len(names) == 2 {
		title = names[0] + " × " + names[1]
	}
	if _, err := e.rooms.OpenExchangeRoom(ctx, x.ID, title, people); err != nil {
		return x, fmt.Errorf("open the room of exchange %s: %w", x.ID, err)
	}
	return x, nil
}
