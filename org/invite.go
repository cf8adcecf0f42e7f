package org

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Invite is a single-use link to join an organisation as a member. The token itself is shown
// once, to its creator, and stored only as a SHA-256 hash.
type Invite struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	CreatedBy string    `json:"created_by"`
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
	Revoked   bool      `json:"revoked"`
	Used      bool      `json:"used"` // claimed: used, or being used right now
}

// MaxPendingInvites bounds the open invites of one organisation, so a lead's account, if
// taken over, cannot mint links without limit.
const MaxPendingInvites = 50

// tokenBytes is the invite token's entropy: 256 bits.
const tokenBytes = 32

// CreateInvite makes a new invite to orgID and returns it with its token, which is not
// stored and cannot be shown again. Errors: ErrNotFound; ErrConflict if the organisation is
// rejected or suspended or already has MaxPendingInvites open invites.
func (s *Service) CreateInvite(ctx context.Context, orgID, createdBy string) (Invite, string, error) {
	e, err := s.entry(ctx, orgID)
	if err != nil {
		return Invite{}, "", err
	}
	e.write.Lock()
	defer e.write.Unlock()
	o, err := s.current(ctx, e)
	if err != nil {
		return Invite{}, "", err
	}
	if st := o.Status; st != StatusPending && st != StatusApproved {
		return Invite{}, "", fmt.Errorf("%w: a %s organisation cannot invite", ErrConflict, st)
	}
	open, err := s.Invites(ctx, orgID)
	if err != nil {
		return Invite{}, "", err
	}
	if len(open) >= MaxPendingInvites {
		return Invite{}, "", fmt.Errorf("%w: too many open invites", ErrConflict)
	}
	raw := make([]byte, tokenBytes)
	_, _ = rand.Read(raw) // never fails (crypto/rand documents it)
	hash := sha256.Sum256(raw)
	now := s.clock()
	inv := Invite{ID: newID(), OrgID: orgID, CreatedBy: createdBy, Created: now, Expires: now.Add(s.ttl)}
	if err := s.st.InsertInvite(ctx, inv, hash[:]); err != nil {
		return Invite{}, "", fmt.Errorf("org: create invite: %w", err)
	}
	return inv, base64.RawURLEncoding.EncodeToString(raw), nil
}

// Invites returns the organisation's open invites (not used, revoked or expired), oldest
// first. Errors: ErrNotFound.
func (s *Service) Invites(ctx context.Context, orgID string) ([]Invite, error) {
	if _, err := s.entry(ctx, orgID); err != nil {
		return nil, err
	}
	all, err := s.st.InvitesOf(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("org: invites: %w", err)
	}
	now := s.clock()
	open := slices.DeleteFunc(all, func(inv Invite) bool { return inv.Used || inv.Revoked || !now.Before(inv.Expires) })
	slices.SortFunc(open, func(a, b Invite) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
	return open, nil
}

// RevokeInvite makes an invite unusable. Revoking twice is not an error. An acceptance that
// claimed the invite before the revocation may still complete. Errors: ErrNotFound (no such
// invite in this organisation), ErrConflict (already used).
func (s *Service) RevokeInvite(ctx context.Context, orgID, inviteID string) error {
	e, err := s.entry(ctx, orgID)
	if err != nil {
		return err
	}
	e.write.Lock()
	defer e.write.Unlock()
	all, err := s.st.InvitesOf(ctx, orgID)
	if err != nil {
		return fmt.Errorf("org: revoke invite: %w", err)
	}
	i := slices.IndexFunc(all, func(inv Invite) bool { return inv.ID == inviteID })
	switch {
	case i < 0:
		return ErrNotFound
	case all[i].Used:
		return fmt.Errorf("%w: invite already used", ErrConflict)
	case all[i].Revoked:
		return nil
	}
	if err := s.st.RevokeInvite(ctx, inviteID); err != nil {
		return fmt.Errorf("org: revoke invite: %w", err)
	}
	return nil
}

// PeekInvite returns the organisation and invite a token leads to, so the sign-up page can
// say what the user is joining. Errors: ErrInviteInvalid for any token that cannot be used.
func (s *Service) PeekInvite(ctx context.Context, token string) (Organisation, Invite, error) {
	inv, err := s.lookupInvite(ctx, token)
	if err != nil {
		return Organisation{}, Invite{}, err
	}
	if inv.Used {
		return Organisation{}, Invite{}, ErrInviteInvalid
	}
	o, err := s.Get(ctx, inv.OrgID)
	if err != nil {
		return Organisation{}, Invite{}, ErrInviteInvalid
	}
	return o, inv, nil
}

// AcceptInvite creates an account and makes it a member of the invite's organisation.
// The invite is claimed under a unique key before the account is created, so of any number
// of concurrent acceptances exactly one proceeds; if account creation fails the claim is
// released and the invite stays usable. Errors: ErrInviteInvalid, or what Accounts.Register
// returns (pseudonym taken, weak password), wrapped.
func (s *Service) AcceptInvite(ctx context.Context, token, pseudonym, password string) (string, string, []string, error) {
	inv, err := s.lookupInvite(ctx, token)
	if err != nil {
		return "", "", nil, err
	}
	if inv.Used {
		return "", "", nil, ErrInviteInvalid
	}
	if err := s.st.ClaimInvite(ctx, inv.ID, s.clock()); errors.Is(err, ErrConflict) {
		return "", "", nil, ErrInviteInvalid
	} else if err != nil {
		return "", "", nil, fmt.Errorf("org: claim invite: %w", err)
	}
	release := func(cause error) error {
		if err := s.st.ReleaseInviteClaim(context.WithoutCancel(ctx), inv.ID); err != nil {
			return errors.Join(cause, fmt.Errorf("org: release invite claim: %w", err))
		}
		return cause
	}
	// A revocation may have landed between the lookup and the claim.
	if _, err := s.lookupInvite(ctx, token); err != nil {
		return "", "", nil, release(err)
	}
	userID, codes, err := s.acc.Register(ctx, pseudonym, password)
	if err != nil {
		return "", "", nil, release(fmt.Errorf("org: accept invite: %w", err))
	}
	e, err := s.entry(ctx, inv.OrgID)
	if err != nil {
		return "", "", nil, release(fmt.Errorf("org: accept invite: %w", err))
	}
	e.write.Lock()
	defer e.write.Unlock()
	// The participant role follows the stored status, not a copy that may lag behind it.
	if _, err := s.current(ctx, e); err != nil {
		return "", "", nil, release(fmt.Errorf("org: accept invite: %w", err))
	}
	defer s.tell(ctx, inv.OrgID)
	if err := s.addMember(inv.OrgID, userID); err != nil {
		return "", "", nil, fmt.Errorf("org: accept invite: %w", err)
	}
	return inv.OrgID, userID, codes, nil
}

// lookupInvite finds the invite for token and checks everything but its claim: not revoked,
// not expired, and an organisation that may still take members.
func (s *Service) lookupInvite(ctx context.Context, token string) (Invite, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != tokenBytes {
		return Invite{}, ErrInviteInvalid
	}
	hash := sha256.Sum256(raw)
	inv, err := s.st.InviteByTokenHash(ctx, hash[:])
	if errors.Is(err, ErrNotFound) {
		return Invite{}, ErrInviteInvalid
	} else if err != nil {
		return Invite{}, fmt.Errorf("org: find invite: %w", err)
	}
	if inv.Revoked || !s.clock().Before(inv.Expires) {
		return Invite{}, ErrInviteInvalid
	}
	e, err := s.entry(ctx, inv.OrgID)
	if errors.Is(err, ErrNotFound) {
		return Invite{}, ErrInviteInvalid
	} else if err != nil {
		return Invite{}, err
	}
	if st := s.status(e); st != StatusPending && st != StatusApproved {
		return Invite{}, ErrInviteInvalid
	}
	return inv, nil
}

func (s *Service) status(e *entry) Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return e.org.Status
}
