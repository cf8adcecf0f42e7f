// Package org holds organisations: their profiles, the capacity taxonomy they choose from,
// approval states, members and roles inside an organisation, and single-use invites.
// It declares the small Store, Accounts and Roles interfaces it needs and imports none of
// Cascade's other packages.
package org

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound: no such organisation, member or invite (or not one the caller may see).
	ErrNotFound = errors.New("org: not found")
	// ErrInvalid: input breaks a rule; the concrete error is a *ValidationError.
	ErrInvalid = errors.New("org: invalid input")
	// ErrInviteInvalid: the invite is unknown, expired, revoked or already used. One error for
	// all of these so that a token holder learns nothing about other tokens.
	ErrInviteInvalid = errors.New("org: invite invalid")
	// ErrConflict: the request is well formed but the current state forbids it (a status
	// transition that is not allowed, removing the last lead, a key that already exists).
	ErrConflict = errors.New("org: conflict")
)

// ValidationError names the field that broke a rule and why. It matches ErrInvalid with errors.Is.
type ValidationError struct {
	Field  string // JSON path, e.g. "offers[1].level"
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("org: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every validation failure.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
