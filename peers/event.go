// Package peers keeps the instances that share a store in step over a control bus
// (NATS): it tells the others what changed here — an access that ended; a room, an
// organisation, an exchange, a round or a notification that changed — and applies what
// they tell. The change itself is already stored; an Event only says what it concerns.
// On a single instance (no bus) it applies access changes here and tells nobody.
package peers

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cascade-platform/cascade/chat"
)

// Event is what one instance tells the others. Its JSON is what travels on the bus.
type Event struct {
	Kind    string `json:"kind"`
	User    string `json:"user"`
	Session string `json:"session,omitempty"`
	Room    string `json:"room,omitempty"`
	Org     string `json:"org,omitempty"`
	Request string `json:"request,omitempty"`
	Round   string `json:"round,omitempty"`
	// Resource is a library resource (KindResourceChanged).
	Resource string `json:"resource,omitempty"`
	As       string `json:"as,omitempty"`   // KindAccountErased
	Wipe     bool   `json:"wipe,omitempty"` // KindAccountErased
}

// Kinds of Event. The first four are chat's own (chat.Control): sockets close wherever
// they are connected. The others ask the instances to read something again.
const (
	KindSessionEnded = chat.ControlSessionEnded
	KindUserRevoked  = chat.ControlUserRevoked
	KindRoomRemoved  = chat.ControlRoomRemoved
	KindRolesChanged = chat.ControlRolesChanged
	// KindAccountErased: User's account was deleted (chat.ControlAccountErased); every
	// instance forgets the sessions it cached and closes the sockets.
	KindAccountErased = chat.ControlAccountErased
	// KindRoomChanged: Room was created or its settings changed (retention); other
	// instances read it again. No socket closes.
	KindRoomChanged = "room_changed"
	// KindOrgChanged: Org was created or changed, its members or their roles included;
	// other instances reload roles and read it again. No socket closes.
	KindOrgChanged = "org_changed"
	// KindExchangeChanged: Request or one of its exchanges was created or changed; other
	// instances read them again.
	KindExchangeChanged = "exchange_changed"
	// KindRoundChanged: matching Round was created, re-run or published.
	KindRoundChanged = "round_changed"
	// KindNotesChanged: a notification of User was created or marked read.
	KindNotesChanged = "notes_changed"
	// KindResourceChanged: library Resource was added, changed or deleted.
	KindResourceChanged = "resource_changed"
)

// control is the chat event that e is, for the kinds chat knows.
func (e Event) control() chat.Control {
	return chat.Control{Kind: e.Kind, User: e.User, Session: e.Session, Room: e.Room, As: e.As, Wipe: e.Wipe}
}

// Bus carries events, encoded as JSON values, to the other instances
// (natsbroker.Broker).
type Bus interface {
	PublishControl(ctx context.Context, event []byte) error
	SubscribeControl(apply func(event []byte)) (cancel func(), err error)
}

func publish(ctx context.Context, bus Bus, e Event) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode %s: %w", e.Kind, err)
	}
	return bus.PublishControl(ctx, data)
}
