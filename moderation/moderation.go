// Package moderation is how staff act on rooms without reading them: members report
// messages (the report copies what the reporter chose, at that moment), room owners,
// room moderators and platform staff act on what is reported (delete a message, mute,
// ban, remove, lock, slow mode), and every staff action goes into an append-only audit
// log whose entries each hold the hash of the one before.
package moderation

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Reason is why a message is reported or an action taken; clients translate it.
type Reason string

// The reasons a reporter or a moderator chooses from.
const (
	ReasonHarassment Reason = "harassment"
	ReasonThreat     Reason = "threat_or_violence"
	ReasonOuting     Reason = "outing_or_doxxing"
	ReasonSpam       Reason = "spam"
	ReasonOther      Reason = "other"
)

var reasons = []Reason{ReasonHarassment, ReasonThreat, ReasonOuting, ReasonSpam, ReasonOther}

// Errors of the moderation service.
var (
	// ErrNotFound: no such report, message or member (or not one the caller may see).
	ErrNotFound = errors.New("moderation: not found")
	// ErrInvalid: the input breaks a rule; the concrete error is a *ValidationError.
	ErrInvalid = errors.New("moderation: invalid input")
	// ErrConflict: the state forbids it (a report already resolved, a message already
	// deleted, acting on oneself or on a room owner).
	ErrConflict = errors.New("moderation: conflict")
	// ErrTaken is what a Store returns when a unique key is taken (an audit sequence
	// number, a report's outcome).
	ErrTaken = errors.New("moderation: key taken")
)

// ValidationError names the field that broke a rule. It matches ErrInvalid.
type ValidationError struct {
	Field, Msg string
}

func (e *ValidationError) Error() string { return "moderation: " + e.Field + ": " + e.Msg }

// Is makes a *ValidationError match ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func checkReason(field string, r Reason) error {
	if !slices.Contains(reasons, r) {
		return invalid(field, "must be one of harassment, threat_or_violence, outing_or_doxxing, spam, other")
	}
	return nil
}

// checkText trims s and bounds it; control characters other than newlines are refused.
func checkText(field, s string, maxLen int) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxLen {
		return "", invalid(field, "at most %d characters", maxLen)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) >= 0 {
		return "", invalid(field, "has control characters")
	}
	return s, nil
}

// Domain is the policy domain of a room, as authz spells it.
func Domain(room string) string { return "room:" + room }

// orgDomain is the policy domain of an organisation, as authz spells it.
func orgDomain(orgID string) string { return "org:" + orgID }

// Room and platform roles moderation grants, as the policy spells them.
const (
	roleMember    = "member"
	roleRoomMod   = "roommod"
	roleMuted     = "muted"
	roleBanned    = "banned"
	roleModerator = "moderator"
	roleLead      = "lead" // of an organisation: told when its shared material is taken down
	platform      = "platform"
)

// System is the actor of what the service does by itself (a mute that ran out).
const System = "system"

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
