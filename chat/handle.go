package chat

import (
	"context"
	"crypto/rand"
	"errors"
	"math"

	"github.com/gorilla/websocket"
)

// Actions passed to Authorizer.Allowed.
const (
	ActionRead  = "read"
	ActionWrite = "write"
)

// handle answers one client frame. Refusals become error frames; only rate-limit abuse
// closes the connection.
func (c *conn) handle(ctx context.Context, data []byte) {
	f, err := Decode(data)
	if err != nil {
		var fe *FrameError
		if errors.As(err, &fe) {
			c.refuse(fe.Code, fe.Msg, fe.Ref)
		}
		return
	}
	ref := f.Ref
	if ref == "" {
		ref = f.ClientID
	}
	switch f.Type {
	case "join":
		c.join(ctx, f, ref)
	case "leave":
		if r := c.joined(f, ref); r != nil {
			c.leave(ctx, r)
			c.enqueue(wsFrame(ServerFrame{Type: "left", Room: f.Room}))
		}
	case "send", "edit", "delete":
		c.write(ctx, f, ref)
	case "typing":
		if r := c.joined(f, ref); r != nil {
			now := c.hub.cfg.Now()
			if now.Sub(c.typed[f.Room]) >= c.hub.cfg.TypingEvery {
				c.typed[f.Room] = now
				r.publishFrame(ctx, ServerFrame{Type: "typing", Room: f.Room, User: c.user.ID})
			}
		}
	case "read":
		// Only a marker that moves forward is worth telling the room about.
		if r := c.joined(f, ref); r != nil && f.Seq > c.readSeq[f.Room] {
			c.readSeq[f.Room] = f.Seq
			r.read(c.user.ID, f.Seq)
			r.publishFrame(ctx, ServerFrame{Type: "read", Room: f.Room, User: c.user.ID, Seq: f.Seq})
		}
	case "history":
		c.history(ctx, f, ref)
	}
}

// allowed asks the Authorizer; a refusal is logged (sampled) with the frame type and ids,
// never a body.
func (c *conn) allowed(f ClientFrame, action, ref string) bool {
	if c.gated(f, ref) {
		return false
	}
	if c.hub.cfg.Auth.Allowed(c.user.ID, f.Room, action) {
		return true
	}
	if action == ActionWrite && c.hub.cfg.Auth.ReadOnly(f.Room) {
		c.refuse(CodeReadOnly, "this room is read-only", ref, "type", f.Type, "room", f.Room)
		return false
	}
	c.refuse(CodeForbidden, "not allowed in this room", ref, "type", f.Type, "action", action, "room", f.Room)
	return false
}

// joined returns the room if this connection has joined it, else answers not_joined.
func (c *conn) joined(f ClientFrame, ref string) *room {
	r := c.rooms[f.Room]
	if r == nil {
		c.refuse(CodeNotJoined, "join the room first", ref, "type", f.Type, "room", f.Room)
	}
	return r
}

func (c *conn) join(ctx context.Context, f ClientFrame, ref string) {
	if !c.allowed(f, ActionRead, ref) {
		return
	}
	if r := c.rooms[f.Room]; r != nil {
		c.leave(ctx, r) // a rejoin is a resume: replay from its last_seq
	}
	ctx, cancel := context.WithTimeout(ctx, c.hub.cfg.StoreTimeout)
	defer cancel()
	r, err := c.hub.acquire(ctx, f.Room)
	if err == nil {
		if err = r.join(ctx, c, f.LastSeq); err != nil {
			c.hub.release(r)
		}
	}
	if err != nil {
		c.hub.log.Error("chat: join", "room", f.Room, "err", err)
		c.refuse(CodeUnavailable, "could not join, retry", ref)
		return
	}
	c.rooms[f.Room] = r
}

func (c *conn) leave(ctx context.Context, r *room) {
	r.leave(ctx, c)
	c.hub.release(r)
	delete(c.rooms, r.id)
	delete(c.typed, r.id)
	delete(c.readSeq, r.id)
}

// write queues a send, edit or delete on the room's writer; the ack or error frame
// follows when it is stored.
func (c *conn) write(ctx context.Context, f ClientFrame, ref string) {
	r := c.joined(f, ref)
	if r == nil || !c.allowed(f, ActionWrite, ref) {
		return
	}
	now := c.hub.cfg.Now()
	ok, abuse := c.limit.allow(now)
	if abuse {
		c.hub.log.Warn("chat: rate limit abuse", "user", c.user.ID)
		c.kill(websocket.ClosePolicyViolation, "rate limit")
		return
	}
	if !ok {
		c.refuse(CodeRateLimited, "over 100 messages per minute", ref)
		return
	}
	if f.Resource != "" && (c.hub.cfg.Resources == nil || c.hub.cfg.Resources(ctx, c.user.ID, f.Resource) != nil) {
		c.refuse(CodeResourceUnavailable, "you may not refer to that resource", ref, "type", f.Type, "room", f.Room)
		return
	}
	m := Message{ID: rand.Text(), Room: f.Room, Author: c.user.ID, ClientID: f.ClientID, Sent: now, Resource: f.Resource}
	if f.Body != nil {
		m.Body = *f.Body
	}
	req := request{msg: m, checkDup: f.ClientID != ""}
	switch f.Type {
	case "edit":
		req.msg.Kind, req.msg.Target, req.msg.Edited = KindEdit, f.Seq, now
	case "delete":
		req.msg.Kind, req.msg.Target, req.msg.Body = KindDelete, f.Seq, ""
	}
	if req.msg.ClientID == "" {
		// Edits and deletes need no client id from the client, but the index needs one.
		req.msg.ClientID = "srv-" + m.ID
	}
	req.done = func(stored Message, err error) {
		if err != nil {
			if code := codeOf(err); code == CodeUnavailable {
				c.hub.log.Error("chat: store", "type", f.Type, "room", f.Room, "err", err)
			}
			c.refuse(codeOf(err), "not stored: "+codeOf(err), ref, "type", f.Type, "room", f.Room)
			return
		}
		c.enqueue(wsFrame(ServerFrame{Type: "ack", Room: f.Room, ClientID: f.ClientID, ID: stored.ID, Seq: stored.Seq, Ref: f.Ref}))
	}
	if err := r.w.push(req); err != nil {
		c.refuse(CodeUnavailable, "room busy, retry", ref)
	}
}

// history answers one page of older records from the store.
func (c *conn) history(ctx context.Context, f ClientFrame, ref string) {
	if !c.allowed(f, ActionRead, ref) {
		return
	}
	before := f.Before
	if before == 0 {
		before = math.MaxInt64
	}
	ctx, cancel := context.WithTimeout(ctx, c.hub.cfg.StoreTimeout)
	defer cancel()
	recs, err := c.hub.cfg.Store.Before(ctx, f.Room, before, f.Limit)
	if err != nil {
		c.hub.log.Error("chat: history", "room", f.Room, "err", err)
		c.refuse(CodeUnavailable, "could not read history, retry", ref)
		return
	}
	page := ServerFrame{Type: "history", Room: f.Room, Messages: make([]ServerFrame, 0, len(recs))}
	for _, m := range recs {
		page.Messages = append(page.Messages, frameOf(m))
	}
	c.enqueue(wsFrame(page))
}
