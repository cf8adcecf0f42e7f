package peers

import (
	"context"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// Revoker makes an access change take effect on every instance: here at once (the change
// was made here, so roles and sessions are already current), elsewhere through the bus.
// It is web.Revocations.
type Revoker struct {
	hub      socketCloser
	accounts userCache
	roles    roleReloader
	rooms    roomRefresher
	notes    noteForgetter
	bus      Bus // nil on a single instance
	log      *slog.Logger

	recheck *queue[string] // users whose rooms to check after the next role reload
}

// socketCloser closes the sockets of this instance that a change of access concerns
// (chat.Hub).
type socketCloser interface{ Apply(c chat.Control) }

// userCache forgets a user whose sessions ended elsewhere (account.Service).
type userCache interface{ DropCachedUser(id string) }

// roomRefresher reads a room again that another instance created or changed.
type roomRefresher interface {
	Refresh(ctx context.Context, id string) error
}

// noteForgetter drops from memory the notifications of an account deleted elsewhere
// (exchange.Service).
type noteForgetter interface{ ForgetNotes(userID string) }

// NewRevoker returns the revoker of one instance; bus is nil on a single instance.
func NewRevoker(hub socketCloser, accounts userCache, roles roleReloader, rooms roomRefresher, notes noteForgetter, bus Bus, log *slog.Logger) *Revoker {
	return &Revoker{hub: hub, accounts: accounts, roles: roles, rooms: rooms, notes: notes, bus: bus, log: log, recheck: newQueue[string]()}
}

// SessionEnded closes the sockets of one session, here and on the other instances.
func (r *Revoker) SessionEnded(ctx context.Context, userID, sessionID string) {
	r.publish(ctx, Event{Kind: KindSessionEnded, User: userID, Session: sessionID})
}

// UserRevoked closes every socket of the user, here and on the other instances, which
// also forget the user they cached.
func (r *Revoker) UserRevoked(ctx context.Context, userID string) {
	r.publish(ctx, Event{Kind: KindUserRevoked, User: userID})
}

// AccountErased closes every socket of a deleted account, here and on the other
// instances, which also forget the sessions and notifications they hold of it, and
// rewrites its records in the rooms they hold in memory as the store now holds them
// (author as; no text with wipe). Here, the caller has forgotten the rest already.
func (r *Revoker) AccountErased(ctx context.Context, userID, as string, wipe bool) {
	r.publish(ctx, Event{Kind: KindAccountErased, User: userID, As: as, Wipe: wipe})
}

// RoomLeft closes the user's sockets in room, here and on the other instances.
func (r *Revoker) RoomLeft(ctx context.Context, userID, room string) {
	r.publish(ctx, Event{Kind: KindRoomRemoved, User: userID, Room: room})
}

// RolesChanged closes the user's sockets in rooms the user may no longer read, here at
// once and on the other instances after they reload roles.
func (r *Revoker) RolesChanged(ctx context.Context, userID string) {
	r.publish(ctx, Event{Kind: KindRolesChanged, User: userID})
}

// RoomChanged tells the other instances that room was created or changed (rooms.Service
// calls it); they read it again.
func (r *Revoker) RoomChanged(ctx context.Context, room string) {
	if r.bus != nil {
		r.publish(ctx, Event{Kind: KindRoomChanged, Room: room})
	}
}

func (r *Revoker) publish(ctx context.Context, c Event) {
	r.hub.Apply(c.control())
	if r.bus == nil {
		return
	}
	if err := publish(ctx, r.bus, c); err != nil {
		// Sockets elsewhere stay open until their next refused frame or reconnect.
		r.log.Warn("control: publish", "kind", c.Kind, "user", c.User, "err", err)
	}
}

// apply takes an event from another instance. Sockets close at once where the
// event says which; a role change waits for the reload, which Run does off the bus's
// goroutine because it reads every assignment.
func (r *Revoker) apply(c Event) {
	switch c.Kind {
	case KindSessionEnded, KindUserRevoked:
		r.accounts.DropCachedUser(c.User)
		r.hub.Apply(c.control())
	case KindAccountErased:
		r.accounts.DropCachedUser(c.User)
		r.hub.Apply(c.control())
		r.notes.ForgetNotes(c.User)
	case KindRoomRemoved:
		r.hub.Apply(c.control())
		r.reload("")
	case KindRolesChanged:
		r.reload(c.User)
	case KindRoomChanged:
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.rooms.Refresh(ctx, c.Room); err != nil {
			r.log.Warn("control: refresh room", "room", c.Room, "err", err)
		}
	}
}

// reload asks Run for a role reload, then a recheck of userID's rooms (none if empty).
func (r *Revoker) reload(userID string) {
	if userID == "" {
		r.recheck.add()
		return
	}
	r.recheck.add(userID)
}

// Run applies events from other instances until ctx ends; reloads asked for while one
// runs are done together by the next. Without a bus it returns at once.
func (r *Revoker) Run(ctx context.Context) {
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
