package chat

import "errors"

// Error codes of error frames (docs/protocol.md).
const (
	CodeBadFrame    = "bad_frame"
	CodeForbidden   = "forbidden"
	CodeReadOnly    = "read_only"
	CodeNotJoined   = "not_joined"
	CodeTooLong     = "too_long"
	CodeInvalidUTF8 = "invalid_utf8"
	CodeRateLimited = "rate_limited"
	CodeNotFound    = "not_found"
	CodeNotEditable = "not_editable"
	CodeUnavailable = "unavailable"
	// CodeResourceUnavailable: a send refers to a library resource its sender may not see.
	CodeResourceUnavailable = "resource_unavailable"
)

// Sentinel errors of the Store and the room writer.
var (
	// ErrNotFound: no record with that key.
	ErrNotFound = errors.New("chat: not found")
	// ErrNotEditable: not the author, already deleted, or past the edit window.
	ErrNotEditable = errors.New("chat: not editable")
	// ErrBusy: the room's write queue is full.
	ErrBusy = errors.New("chat: room busy")
	// ErrClosed: the hub is shutting down.
	ErrClosed = errors.New("chat: closed")
)

// FrameError is a refused client frame; it becomes an error frame, never a panic or a close.
type FrameError struct {
	Code, Msg, Ref string
}

func (e *FrameError) Error() string { return e.Code + ": " + e.Msg }

// codeOf maps a writer error to the error frame code the client sees.
func codeOf(err error) string {
	switch {
	case errors.Is(err, ErrNotFound):
		return CodeNotFound
	case errors.Is(err, ErrNotEditable):
		return CodeNotEditable
	default:
		return CodeUnavailable
	}
}
