package main

import (
	"context"
	"net"
	"net/http"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/rooms"
)

// roomAuthorizer asks the rooms whether a user may read or write a room's messages:
// for an exchange room that is derived from its organisations and its state.
type roomAuthorizer struct{ rooms *rooms.Service }

func (a roomAuthorizer) Allowed(userID, room, action string) bool {
	ok, err := a.rooms.Allowed(userID, authz.RoomDomain(room), "messages", action)
	return err == nil && ok
}

func (a roomAuthorizer) ReadOnly(room string) bool { return a.rooms.ReadOnly(room) }

// chatSockets hands connections the HTTP layer let in to the chat hub.
type chatSockets struct{ hub *chat.Hub }

func (s chatSockets) ServeConn(ctx context.Context, nc net.Conn, r *http.Request, userID, sessionID string) {
	s.hub.ServeConn(ctx, nc, r, chat.User{ID: userID, Session: sessionID})
}
