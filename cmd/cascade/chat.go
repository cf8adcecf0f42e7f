package main

import (
	"context"
	"net"
	"net/http"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat"
)

// roomAuthorizer asks the role policy whether a user may read or write a room's messages.
type roomAuthorizer struct{ roles *authz.Enforcer }

func (a roomAuthorizer) Allowed(userID, room, action string) bool {
	ok, err := a.roles.Allowed(userID, authz.RoomDomain(room), "messages", action)
	return err == nil && ok
}

// chatSockets hands connections the HTTP layer let in to the chat hub.
type chatSockets struct{ hub *chat.Hub }

func (s chatSockets) ServeConn(ctx context.Context, nc net.Conn, r *http.Request, userID, sessionID string) {
	s.hub.ServeConn(ctx, nc, r, chat.User{ID: userID, Session: sessionID})
}
