package chat

import "context"

// MemberChanged tells the sockets that joined room, on every instance, that userID came
// into or left its members, so that clients fetch the roster again. It says nothing a
// member could not already see; losing one frame is harmless (the next fetch is current).
func (h *Hub) MemberChanged(ctx context.Context, room, userID string) {
	f := encode(ServerFrame{Type: "member_changed", Room: room, User: userID})
	if err := h.broker.Publish(ctx, Event{Room: room, Frame: f}); err != nil {
		h.log.Warn("chat: publish member_changed", "room", room, "err", err)
	}
}
