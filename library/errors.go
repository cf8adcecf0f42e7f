// Package library is the training library: resources (files and text pages) that
// organisations and admins share, adapt and attach to exchanges, with who may see and
// manage each one, their family trees, search and a storage quota per organisation.
// The directory of resources (metadata) is held in memory and loaded at start; file
// bytes live only in the store.
package library

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound: no such resource, or one the viewer may not see (the two are never told apart).
	ErrNotFound = errors.New("library: not found")
	// ErrInvalid: input breaks a rule; the concrete error is a *ValidationError.
	ErrInvalid = errors.New("library: invalid input")
	// ErrNotAllowed: the viewer sees the resource (or the organisation) but may not do this.
	ErrNotAllowed = errors.New("library: not allowed")
	// ErrQuotaExceeded: storing this would take the organisation past its quota.
	ErrQuotaExceeded = errors.New("library: quota exceeded")
	// ErrUnavailable: a chat message refers to a resource its sender may not see.
	ErrUnavailable = errors.New("library: resource unavailable")
)

// ValidationError names the field that broke a rule and why. It matches ErrInvalid with errors.Is.
type ValidationError struct {
	Field  string // JSON path, e.g. "topics[1]"
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("library: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every validation failure.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
