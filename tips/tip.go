// Package tips keeps the tips and lessons organisations write after an exchange: short
// texts tagged by topic that every approved organisation's people read by topic. The
// writers choose whether their organisation is named; when it is not, a reader learns
// nothing that singles it out (no organisation, exchange or author, and only the month).
// Tips live in memory after load (the embedded store scans whole tables) and are written
// through to the small Store declared here; when other instances share the store
// (Config.Shared) a copy older than Shared is read again, and every change reads first.
package tips

import (
	"errors"
	"time"
)

// Tip is one tip or lesson, as stored.
type Tip struct {
	ID       string    `json:"id" bson:"id"`
	Exchange string    `json:"exchange" bson:"exchange"`
	Org      string    `json:"org" bson:"org"`
	Author   string    `json:"author" bson:"author"` // "" once the author's account is deleted
	Title    string    `json:"title" bson:"title"`
	Body     string    `json:"body" bson:"body"`
	Topics   []string  `json:"topics" bson:"topics"`
	Named    bool      `json:"named" bson:"named"`
	Created  time.Time `json:"created" bson:"created"`
	Updated  time.Time `json:"updated" bson:"updated"`
}

// Input is what a writer sends.
type Input struct {
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	Topics []string `json:"topics"`
	Named  bool     `json:"named"`
}

// Errors of the tips service.
var (
	// ErrNotFound: no such tip or exchange, or not one the caller may see or change.
	ErrNotFound = errors.New("tips: not found")
	// ErrInvalid: the input breaks a rule; the concrete error is a *ValidationError.
	ErrInvalid = errors.New("tips: invalid input")
	// ErrNotCompleted: tips are written once the exchange is completed.
	ErrNotCompleted = errors.New("tips: the exchange is not completed")
)

// ValidationError names the field at fault and a stable code for it. It matches ErrInvalid.
type ValidationError struct {
	Field string
	Code  string // invalid_title, invalid_body, invalid_topics, not_plain_text
	Msg   string
}

func (e *ValidationError) Error() string { return "tips: " + e.Field + ": " + e.Msg }

// Is makes a *ValidationError match ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// The validation codes.
const (
	CodeTitle     = "invalid_title"
	CodeBody      = "invalid_body"
	CodeTopics    = "invalid_topics"
	CodePlainText = "not_plain_text"
)
