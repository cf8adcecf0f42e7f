// Package exchange runs the learning exchanges between organisations: requests for a peer
// mentor, explained suggestions, proposals and their answers, the exchange itself (goals,
// sessions, completion with feedback), admin matching rounds and in-app notifications.
// It keeps its data in memory (the embedded store scans whole tables) and writes through to
// the small Store it declares; invariants that must hold across instances (open requests per
// organisation, a mentor organisation's capacity, one accepted proposal per request) are
// guarded by claim documents under unique keys, never by read-modify-write.
package exchange

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound: no such request, exchange, round or notification, or not one the caller's
	// organisation is a party to.
	ErrNotFound = errors.New("exchange: not found")
	// ErrInvalid: input breaks a rule; the concrete error is a *ValidationError.
	ErrInvalid = errors.New("exchange: invalid input")
	// ErrInvalidTransition: the current state does not allow the change.
	ErrInvalidTransition = errors.New("exchange: transition not allowed in this state")
	// ErrRequestAccepted: the request has an exchange; it ends with its exchange, which is
	// cancelled through its own route.
	ErrRequestAccepted = errors.New("exchange: request accepted")
	// ErrNotAllowed: the transition exists but this actor may not make it.
	ErrNotAllowed = errors.New("exchange: actor may not make this transition")
	// ErrNoCapacity: the mentor organisation has no free place.
	ErrNoCapacity = errors.New("exchange: no capacity")
	// ErrOpenRequestLimit: the organisation already has MaxOpenRequests open requests.
	ErrOpenRequestLimit = errors.New("exchange: too many open requests")
	// ErrNotCandidate: the organisation is not a candidate for the request (a hard filter
	// excludes it); the concrete error is a *NotCandidateError.
	ErrNotCandidate = errors.New("exchange: not a candidate")
	// ErrDuplicate: the same thing exists already (a pending proposal to the same mentor,
	// feedback already given).
	ErrDuplicate = errors.New("exchange: already done")
	// ErrPaused: the exchange is paused while one of its organisations is suspended.
	ErrPaused = errors.New("exchange: paused")
	// ErrNoHost: the organisation has no confirmed host on Cascade to bring into the exchange.
	ErrNoHost = errors.New("exchange: no confirmed host")
	// ErrSlotTaken is what a Store returns when a claim's unique key is taken.
	ErrSlotTaken = errors.New("exchange: slot taken")
)

// ValidationError names the field that broke a rule and why. It matches ErrInvalid.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("exchange: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every validation failure.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// NotCandidateError says which hard filter excluded a mentor organisation.
type NotCandidateError struct {
	Reason string // a matching.Reason code
}

func (e *NotCandidateError) Error() string { return "exchange: not a candidate: " + e.Reason }

// Is makes errors.Is(err, ErrNotCandidate) true.
func (e *NotCandidateError) Is(target error) bool { return target == ErrNotCandidate }
