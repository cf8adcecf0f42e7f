package chat

import (
	"context"
	"crypto/rand"
	"fmt"
)

// Error codes of frames that moderation refuses (docs/protocol.md). The frame is not
// stored; the client keeps it and may send it again once the refusal ends.
const (
	CodeMuted      = "muted"       // the sender is muted in this room for a while
	CodeBanned     = "banned"      // the sender is banned from this room
	CodeRoomLocked = "room_locked" // the room is read-only for everyone
	CodeSlowMode   = "slow_mode"   // one message per interval per member
)

// Gate is moderation's say over a client frame, asked before the role policy: the
// error code of a refusal (Code*), or "" to let the Authorizer decide. frame is the
// client frame's type.
type Gate interface {
	Refuse(userID, room, frame string) string
}

// gated refuses a frame the Gate stops, with its code; it reports whether it did.
func (c *conn) gated(f ClientFrame, ref string) bool {
	g := c.hub.cfg.Gate
	if g == nil {
		return false
	}
	code := g.Refuse(c.user.ID, f.Room, f.Type)
	if code == "" {
		return false
	}
	c.refuse(code, "refused by moderation: "+code, ref)
	return true
}

// Remove deletes message seq of room as a moderator: the body is wiped and a delete
// tombstone goes to every member, through the room's writer like an author's delete.
// It returns the message's author; ErrNotFound if there is no such message,
// ErrNotEditable if it is deleted already.
func (h *Hub) Remove(ctx context.Context, roomID string, seq int64) (string, error) {
	r, err := h.acquire(ctx, roomID)
	if err != nil {
		return "", err
	}
	defer h.release(r)
	target, err := r.target(ctx, nil, seq)
	if err != nil {
		return "", err
	}
	if target.Kind != KindMessage {
		return "", ErrNotFound
	}
	if target.Deleted {
		return "", ErrNotEditable
	}
	// The tombstone carries the author's id, which is what the writer checks a delete
	// against; the moderator's name is in the audit log, not in the room.
	id := rand.Text()
	done := make(chan error, 1)
	req := request{
		msg:  Message{ID: id, Room: roomID, Author: target.Author, ClientID: "mod-" + id, Kind: KindDelete, Target: seq, Sent: h.cfg.Now()},
		done: func(_ Message, err error) { done <- err },
	}
	if err := r.w.push(req); err != nil {
		return "", err
	}
	select {
	case err := <-done:
		if err != nil {
			return "", fmt.Errorf("chat: remove: %w", err)
		}
		return target.Author, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Announce sends frame f to every member of room, on every instance.
func (h *Hub) Announce(ctx context.Context, room string, f ServerFrame) error {
	f.Room = room
	return h.broker.Publish(ctx, Event{Room: room, Frame: encode(f)})
}
