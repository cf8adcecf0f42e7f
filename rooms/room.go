// Package rooms keeps the list of real-time rooms: exchange rooms, opened when an
// exchange is accepted, and community spaces that gather people around a topic.
// Who may read and write a room is a role in the room's domain (see authz); the
// messages themselves live in chat.
package rooms

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind tells exchange rooms from community spaces.
type Kind string

// Kinds of room.
const (
	KindExchange Kind = "exchange"
	KindSpace    Kind = "space"
)

// Access says who may join a community space: any member of an approved
// organisation, or only people its owners add.
type Access string

// Access levels.
const (
	AccessOpen   Access = "open"
	AccessInvite Access = "invite"
)

// Retentions in days a room may choose for disappearing messages; 0 keeps messages.
var retentions = []int{0, 1, 7, 30}

// Room is one room's description; it holds no messages.
type Room struct {
	ID            string    `json:"id"`
	Kind          Kind      `json:"kind"`
	Title         string    `json:"title"`
	About         string    `json:"about,omitempty"`
	Access        Access    `json:"access"`
	RetentionDays int       `json:"retention_days"`
	Created       time.Time `json:"created"`
}

// Retention is how long the room keeps messages, 0 for ever.
func (r Room) Retention() time.Duration { return time.Duration(r.RetentionDays) * 24 * time.Hour }

// Errors of the rooms service.
var (
	ErrNotFound = errors.New("rooms: no such room")
	ErrInvalid  = errors.New("rooms: invalid")
	ErrClosed   = errors.New("rooms: this room cannot be joined")
)

func checkText(field, s string, minLen, maxLen int) error {
	n := utf8.RuneCountInString(s)
	if n < minLen || n > maxLen {
		return fmt.Errorf("%w: %s must be %d to %d characters", ErrInvalid, field, minLen, maxLen)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) >= 0 {
		return fmt.Errorf("%w: %s has control characters", ErrInvalid, field)
	}
	return nil
}

func checkRetention(days int) error {
	for _, d := range retentions {
		if d == days {
			return nil
		}
	}
	return fmt.Errorf("%w: retention must be 0 (keep), 1, 7 or 30 days", ErrInvalid)
}
