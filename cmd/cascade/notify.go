package main

import (
	"context"
	"encoding/json"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/exchange"
)

// notificationFrame is the `notification` frame of docs/protocol.md: a notification
// created for the user (with how many are unread now), or, without one, that the number
// unread changed because one was marked read.
type notificationFrame struct {
	Type         string                 `json:"type"`
	Notification *exchange.Notification `json:"notification,omitempty"`
	Unread       int                    `json:"unread"`
}

// notifySockets tells the user's sockets on this instance about their notifications.
// exchange.Service calls it on the instance that stored the change and, after reading
// it again, on every other one, so each tells only its own sockets.
func notifySockets(hub *chat.Hub) exchange.Notified {
	return func(_ context.Context, userID string, n *exchange.Notification, unread int) {
		payload, _ := json.Marshal(notificationFrame{Type: "notification", Notification: n, Unread: unread}) // strings, a time and ints: always encodes
		hub.Tell(userID, payload)
	}
}
