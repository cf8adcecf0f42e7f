package main

import (
	"context"
	"fmt"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/rooms"
)

// exchangeRooms opens an exchange's room when its proposal is accepted. Who is in the
// room is the rooms' rule, derived from the two organisations.
type exchangeRooms struct {
	*exchange.Service
	rooms *rooms.Service
}

// Accept accepts the proposal, then opens its room. Opening is idempotent, and an
// error is returned so the caller knows the room is missing although the exchange is accepted.
func (e exchangeRooms) Accept(ctx context.Context, orgID, exchangeID string) (exchange.Exchange, error) {
	x, err := e.Service.Accept(ctx, orgID, exchangeID)
	if err != nil {
		return x, err
	}
	if _, err := e.rooms.OpenExchangeRoom(ctx, x); err != nil {
		return x, fmt.Errorf("open the room of exchange %s: %w", x.ID, err)
	}
	return x, nil
}
