// Package chat runs Cascade's real-time rooms: WebSocket connections (gorilla), the JSON
// frame protocol of docs/protocol.md, one writer per room that assigns seqs and stores
// messages in batches, an in-memory tail per room for join and resume, and fan-out through
// a Broker.
package chat

import (
	"encoding/json"
	"time"
)

// Kinds of stored record. Edits and deletes take a seq of their own so that resuming
// "after seq N" replays them too.
const (
	KindMessage = ""
	KindEdit    = "edit"
	KindDelete  = "delete"
)

// Message is one stored record of a room: a message, or an edit/delete tombstone whose
// Target is the seq of the message it changes.
type Message struct {
	ID       string
	Room     string
	Seq      int64
	Author   string
	ClientID string
	Body     string
	Sent     time.Time
	Edited   time.Time // zero if never edited
	Deleted  bool
	Kind     string
	Target   int64
	Resource string // a library resource the message refers to (a message only)
}

// ClientFrame is any frame a client sends; which fields matter depends on Type.
type ClientFrame struct {
	Type     string  `json:"type"`
	Ref      string  `json:"ref,omitempty"`
	Room     string  `json:"room,omitempty"`
	LastSeq  *int64  `json:"last_seq,omitempty"`
	ClientID string  `json:"client_id,omitempty"`
	Body     *string `json:"body,omitempty"`
	Seq      int64   `json:"seq,omitempty"`
	Before   int64   `json:"before,omitempty"`
	Limit    int     `json:"limit,omitempty"`
	Resource string  `json:"resource,omitempty"`
}

// ServerFrame is any frame the server sends. Fields are omitted when empty so that each
// type carries only what docs/protocol.md lists for it.
type ServerFrame struct {
	Type     string        `json:"type"`
	Room     string        `json:"room,omitempty"`
	Seq      int64         `json:"seq,omitempty"`
	ID       string        `json:"id,omitempty"`
	Author   string        `json:"author,omitempty"`
	Body     *string       `json:"body,omitempty"`
	Sent     *time.Time    `json:"sent,omitempty"`
	Edited   *time.Time    `json:"edited,omitempty"`
	Deleted  bool          `json:"deleted,omitempty"`
	Target   int64         `json:"target,omitempty"`
	ClientID string        `json:"client_id,omitempty"`
	Replayed *int          `json:"replayed,omitempty"`
	Reload   bool          `json:"reload,omitempty"`
	LastSeq  *int64        `json:"last_seq,omitempty"`
	Messages []ServerFrame `json:"messages,omitempty"`
	User     string        `json:"user,omitempty"`
	Online   []string      `json:"online,omitempty"`
	Offline  []string      `json:"offline,omitempty"`
	Present  []string      `json:"present,omitempty"`
	ReadSeq  *int64        `json:"read_seq,omitempty"`
	Unread   *int          `json:"unread,omitempty"`
	AtLeast  bool          `json:"unread_at_least,omitempty"`
	Code     string        `json:"code,omitempty"`
	Message  string        `json:"message,omitempty"`
	Ref      string        `json:"ref,omitempty"`
	Resource string        `json:"resource,omitempty"`
	// Moderation frames (moderation.go): what was done, why, and until when.
	Action  string     `json:"action,omitempty"`
	Reason  string     `json:"reason,omitempty"`
	Until   *time.Time `json:"until,omitempty"`
	Seconds int        `json:"seconds,omitempty"`
}

// frameOf is the wire form of a stored record: a message, or an edit/delete tombstone.
func frameOf(m Message) ServerFrame {
	f := ServerFrame{Room: m.Room, Seq: m.Seq, ID: m.ID, Author: m.Author}
	switch m.Kind {
	case KindEdit:
		f.Type, f.Target, f.Deleted = "edit", m.Target, m.Deleted
		f.Body, f.Edited = ptr(m.Body), ptr(m.Edited)
	case KindDelete:
		f.Type, f.Target = "delete", m.Target
	default:
		f.Type, f.Body, f.Sent, f.Deleted, f.Resource = "message", ptr(m.Body), ptr(m.Sent), m.Deleted, m.Resource
		if !m.Edited.IsZero() {
			f.Edited = ptr(m.Edited)
		}
	}
	return f
}

func ptr[T any](v T) *T { return &v }

// encode marshals a frame; ServerFrame has no types that can fail to marshal.
func encode(f ServerFrame) []byte {
	b, err := json.Marshal(f)
	if err != nil {
		panic("chat: encode frame: " + err.Error())
	}
	return b
}
