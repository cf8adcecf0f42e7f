package org

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Status is where an organisation stands in admin review.
type Status string

// The statuses. Only approved organisations appear in the directory and make their
// members participants of the platform.
const (
	StatusPending   Status = "pending"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusSuspended Status = "suspended"
)

// CanBecome reports whether an organisation in status s may move to status to:
// pending → approved | rejected, approved → suspended, suspended → approved.
// Rejected is final: a rejected group applies again as a new organisation, so a rejection
// cannot be silently undone.
func (s Status) CanBecome(to Status) bool {
	switch s {
	case StatusPending:
		return to == StatusApproved || to == StatusRejected
	case StatusApproved:
		return to == StatusSuspended
	case StatusSuspended:
		return to == StatusApproved
	}
	return false
}

// ReasonMaxLen bounds the reason given for a rejection or suspension.
const ReasonMaxLen = 500

// Approve makes a pending or suspended organisation approved: it appears in the directory
// and its members become participants. Errors: ErrNotFound, ErrConflict.
func (s *Service) Approve(ctx context.Context, id string) (Organisation, error) {
	return s.setStatus(ctx, id, StatusApproved, "")
}

// Reject refuses a pending organisation, for good, with a reason the lead can read.
// Errors: ErrNotFound, *ValidationError (reason empty or too long), ErrConflict.
func (s *Service) Reject(ctx context.Context, id, reason string) (Organisation, error) {
	return s.setStatus(ctx, id, StatusRejected, reason)
}

// Suspend hides an approved organisation from the directory and takes the participant role
// from members who have no other approved organisation; the status hook (OnStatus) takes
// it out of what depends on it. Errors as for Reject.
func (s *Service) Suspend(ctx context.Context, id, reason string) (Organisation, error) {
	return s.setStatus(ctx, id, StatusSuspended, reason)
}

// setStatus stores the new status, then brings the members' participant role in line and
// tells the status hook. If only those later steps fail, it returns the stored organisation
// and the error; NewService repairs the roles on the next start.
func (s *Service) setStatus(ctx context.Context, id string, to Status, reason string) (Organisation, error) {
	if to != StatusApproved {
		reason = cleanText(strings.ReplaceAll(reason, "\r\n", "\n"))
		if err := checkText("reason", reason, 1, ReasonMaxLen, true); err != nil {
			return Organisation{}, err
		}
	}
	e, err := s.entry(ctx, id)
	if err != nil {
		return Organisation{}, err
	}
	e.write.Lock()
	defer e.write.Unlock()
	o, err := s.changeLocked(ctx, e, func(o *Organisation) error {
		if !o.Status.CanBecome(to) {
			return fmt.Errorf("%w: an organisation that is %s cannot become %s", ErrConflict, o.Status, to)
		}
		o.Status, o.StatusReason = to, reason
		return nil
	})
	if err != nil {
		return Organisation{}, err
	}
	defer s.tell(ctx, id) // after the participant roles, which the others reload with it
	members := s.roles.Users(RoleMember, Domain(id))
	defer s.standingChanged(ctx, id, members...)
	if host := confirmedHostOf(o); host != "" {
		// Its host's people are in its exchanges only while it is approved.
		defer s.hostPeopleChanged(ctx, host)
	}
	var errs []error
	for _, u := range members {
		errs = append(errs, s.syncParticipant(u))
	}
	if err := errors.Join(errs...); err != nil {
		return o, fmt.Errorf("org: %s is now %s, but updating participants failed: %w", id, to, err)
	}
	if s.statusHook != nil {
		if err := s.statusHook(ctx, id); err != nil {
			return o, fmt.Errorf("org: %s is now %s, but following it failed: %w", id, to, err)
		}
	}
	return o, nil
}

// OnStatus sets what is told the id of an organisation whose status this instance changed,
// once the status is stored and the members' participant role follows it: what depends on
// the status (the exchanges) follows it there. It runs under the organisation's write lock,
// so the hooks of two changes to one organisation run in the order of the changes; it must
// not change the organisation. An error it returns is returned by Approve, Reject or
// Suspend with the stored organisation. Call it before the service is used.
func (s *Service) OnStatus(fn func(ctx context.Context, id string) error) { s.statusHook = fn }

// OnApply sets what is told the id of an organisation that applied on this instance, once
// the application is stored with its lead: the admins are alerted there. Call it before
// the service is used.
func (s *Service) OnApply(fn func(ctx context.Context, id string)) { s.applyHook = fn }
