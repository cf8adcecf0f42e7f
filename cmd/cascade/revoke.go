package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat"
)

// controlBus carries chat.Control events to the other instances (natsbroker.Broker).
type controlBus interface {
	PublishControl(ctx context.Context, c chat.Control) error
	SubscribeControl(apply func(chat.Control)) (cancel func(), err error)
}

// revoker makes an access change take effect on every instance: here at once (the change
// was made here, so roles and sessions are already current), elsewhere through the bus.
// It is web.Revocations.
type revoker struct {
	hub      *chat.Hub
	accounts *account.Service
	roles    *authz.Enforcer
	rooms    roomRefresher
	bus      controlBus // nil on a single instance
	log      *slog.Logger

	recheck *controlQueue[string] // users whose rooms to check after the next role reload
}

// roomRefresher reads a room again that another instance created or changed.
type roomRefresher interface {
	Refresh(ctx context.Context, id string) error
}

func newRevoker(hub *chat.Hub, accounts *account.Service, roles *authz.Enforcer, rooms roomRefresher, bus controlBus, log *slog.Logger) *revoker {
	return &revoker{hub: hub, accounts: accounts, roles: roles, rooms: rooms, bus: bus, log: log, recheck: newControlQueue[string]()}
}

func (r *revoker) SessionEnded(ctx context.Context, userID, sessionID string) {
	r.publish(ctx, chat.Control{Kind: chat.ControlSessionEnded, User: userID, Session: sessionID})
}

func (r *revoker) UserRevoked(ctx context.Context, userID string) {
	r.publish(ctx, chat.Control{Kind: chat.ControlUserRevoked, User: userID})
}

func (r *revoker) RoomLeft(ctx context.Context, userID, room string) {
	r.publish(ctx, chat.Control{Kind: chat.ControlRoomRemoved, User: userID, Room: room})
}

func (r *revoker) RolesChanged(ctx context.Context, userID string) {
	r.publish(ctx, chat.Control{Kind: chat.ControlRolesChanged, User: userID})
}

// RoomChanged tells the other instances that room was created or changed (rooms.Service
// calls it); they read it again.
func (r *revoker) RoomChanged(ctx context.Context, room string) {
	if r.bus != nil {
		r.publish(ctx, chat.Control{Kind: chat.ControlRoomChanged, Room: room})
	}
}

func (r *revoker) publish(ctx context.Context, c chat.Control) {
	r.hub.Apply(c)
	if r.bus == nil {
		return
	}
	if err := r.bus.PublishControl(ctx, c); err != nil {
		// Sockets elsewhere stay open until their next refused frame or reconnect.
		r.log.Warn("control: publish", "kind", c.Kind, "user", c.User, "err", err)
	}
}

// apply takes a control event from another instance. Sockets close at once where the
// event says which; a role change waits for the reload, which run does off the bus's
// goroutine because it reads every assignment.
func (r *revoker) apply(c chat.Control) {
	switch c.Kind {
	case chat.ControlSessionEnded, chat.ControlUserRevoked:
		r.accounts.DropCachedUser(c.User)
		r.hub.Apply(c)
	case chat.ControlRoomRemoved:
		r.hub.Apply(c)
		r.reload("")
	case chat.ControlRolesChanged:
		r.reload(c.User)
	case chat.ControlRoomChanged:
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.rooms.Refresh(ctx, c.Room); err != nil {
			r.log.Warn("control: refresh room", "room", c.Room, "err", err)
		}
	}
}

// reload asks run for a role reload, then a recheck of userID's rooms (none if empty).
func (r *revoker) reload(userID string) {
	if userID == "" {
		r.recheck.add()
		return
	}
	r.recheck.add(userID)
}

// run applies control events from other instances until ctx ends; reloads asked for
// while one runs are done together by the next.
func (r *revoker) run(ctx context.Context) {
	r.recheck.serve(ctx, r.bus, r.log, r.apply, func(users map[string]bool) {
		if err := r.roles.Reload(); err != nil {
			r.log.Error("control: reload roles", "err", err)
			return
		}
		for u := range users {
			r.hub.Apply(chat.Control{Kind: chat.ControlRolesChanged, User: u})
		}
	})
}
