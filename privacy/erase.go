package privacy

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/rooms"
)

// Messages is what becomes of a deleted account's messages.
type Messages string

// The choices for the messages.
const (
	// MessagesWipe empties every message and edit the account wrote: the rooms keep
	// tombstones in their place, so their order stays.
	MessagesWipe Messages = "wipe"
	// MessagesKeep keeps the text under a former member, whom nothing links to anyone.
	MessagesKeep Messages = "keep"
)

// FormerPrefix begins the author of records whose account was deleted: a client shows
// them as from a former member. What follows is random, the same for one account's
// records, so a conversation still reads as one person's turns.
const FormerPrefix = "former-"

// DeleteAccount deletes userID's account after checking password: the organisations and
// rooms it was in, its roles, sessions, recovery codes, read markers, notifications and
// export links go; its messages are wiped or kept under a former member; what it wrote
// into requests and exchanges stays without its name. Its sockets close on every
// instance. Errors: account.ErrInvalidCredentials (and the login back-off's
// *account.ThrottledError), ErrInvalid (no such choice), ErrLastLead, ErrLastAdmin, or a
// store's; after
// a store's error, deleting again finishes the work.
func (s *Service) DeleteAccount(ctx context.Context, userID, password string, msgs Messages) error {
	if msgs != MessagesWipe && msgs != MessagesKeep {
		return fmt.Errorf("%w: messages must be %q or %q", ErrInvalid, MessagesWipe, MessagesKeep)
	}
	if err := s.cfg.Accounts.CheckPassword(ctx, userID, password); err != nil {
		return err
	}
	if slices.Contains(s.cfg.Roles.Roles(userID, authz.Platform), authz.RoleAdmin) && len(s.cfg.Roles.Users(authz.RoleAdmin, authz.Platform)) <= 1 {
		return ErrLastAdmin
	}
	memberships := s.cfg.Orgs.OrganisationsOf(ctx, userID)
	for _, m := range memberships {
		if slices.Contains(m.Roles, org.RoleLead) && s.leads(ctx, m.Org.ID) <= 1 {
			return ErrLastLead
		}
	}
	for _, m := range memberships {
		if err := s.cfg.Orgs.RemoveMember(ctx, m.Org.ID, userID); err != nil && !errors.Is(err, org.ErrNotFound) {
			return fmt.Errorf("privacy: delete account: %w", err)
		}
	}
	return s.leaveAndErase(ctx, userID, msgs == MessagesWipe)
}

// OffboardOrganisation deletes organisation orgID at the request of leadID, who gives
// their password: the organisation, its profile and roles go; each member who belongs
// nowhere else (and is no staff) is deleted as DeleteAccount deletes an account, with
// msgs for all of them; its requests are withdrawn and keep no author; exchanges stay
// for the other party, with a former organisation (an id that no longer resolves) as
// the other side; its library resources and their files are deleted. Errors: as
// DeleteAccount, and org.ErrNotFound.
func (s *Service) OffboardOrganisation(ctx context.Context, leadID, orgID, password string, msgs Messages) error {
	if msgs != MessagesWipe && msgs != MessagesKeep {
		return fmt.Errorf("%w: messages must be %q or %q", ErrInvalid, MessagesWipe, MessagesKeep)
	}
	if err := s.cfg.Accounts.CheckPassword(ctx, leadID, password); err != nil {
		return err
	}
	var gone []string
	isLead := false
	for _, m := range s.cfg.Orgs.Members(ctx, orgID) {
		isLead = isLead || (m.UserID == leadID && slices.Contains(m.Roles, org.RoleLead))
		if s.cfg.Orgs.OnlyHere(m.UserID, orgID) {
			gone = append(gone, m.UserID)
		}
	}
	if !isLead {
		return fmt.Errorf("privacy: offboard: %w", org.ErrNotFound)
	}
	if err := s.cfg.Orgs.Offboard(ctx, orgID); err != nil {
		return fmt.Errorf("privacy: offboard: %w", err)
	}
	if err := s.cfg.Rooms.ForgetOrganisation(ctx, orgID); err != nil {
		return fmt.Errorf("privacy: offboard: %w", err)
	}
	if s.cfg.Library != nil {
		if err := s.cfg.Library.ForgetOrganisation(ctx, orgID); err != nil {
			return fmt.Errorf("privacy: offboard: %w", err)
		}
	}
	for _, u := range gone {
		if err := s.leaveAndErase(ctx, u, msgs == MessagesWipe); err != nil {
			return err
		}
	}
	return nil
}

// leaveAndErase takes userID out of their rooms (a space they owned alone passes on),
// then erases the account.
func (s *Service) leaveAndErase(ctx context.Context, userID string, wipe bool) error {
	mine, _ := s.cfg.Rooms.ForUser(ctx, userID)
	for _, r := range mine {
		err := s.cfg.Rooms.Leave(ctx, userID, r.ID)
		if err != nil && !errors.Is(err, rooms.ErrDerived) && !errors.Is(err, rooms.ErrNotFound) {
			return fmt.Errorf("privacy: delete account: %w", err)
		}
	}
	return s.erase(ctx, userID, wipe)
}

// erase removes everything about userID but its organisation memberships.
func (s *Service) erase(ctx context.Context, userID string, wipe bool) error {
	if err := s.cfg.Roles.RemoveUser(userID); err != nil {
		return fmt.Errorf("privacy: delete account: %w", err)
	}
	if err := s.cfg.Accounts.Delete(ctx, userID); err != nil && !errors.Is(err, account.ErrNotFound) {
		return fmt.Errorf("privacy: delete account: %w", err)
	}
	as := FormerPrefix + strings.ToLower(rand.Text()[:16])
	if err := s.cfg.Store.EraseAuthor(ctx, userID, as, wipe); err != nil {
		return fmt.Errorf("privacy: delete account: %w", err)
	}
	// Once the store is rewritten: a room that loads its tail after this reads it so.
	s.cfg.Announcer.AccountErased(ctx, userID, as, wipe)
	// Again, now that the sockets are closed here: a message the account sent before its
	// roles went may have been stored by the room's writer after the first pass.
	if err := s.cfg.Store.EraseAuthor(ctx, userID, as, wipe); err != nil {
		return fmt.Errorf("privacy: delete account: %w", err)
	}
	if s.cfg.Moderation != nil {
		if err := s.cfg.Moderation.ForgetPerson(ctx, userID, as, wipe); err != nil {
			return fmt.Errorf("privacy: delete account: %w", err)
		}
	}
	if err := s.cfg.Store.ForgetUser(ctx, userID); err != nil {
		return fmt.Errorf("privacy: delete account: %w", err)
	}
	if err := s.cfg.Exchanges.ForgetPerson(ctx, userID); err != nil {
		return fmt.Errorf("privacy: delete account: %w", err)
	}
	if err := s.cfg.Store.Scrub(ctx); err != nil {
		return fmt.Errorf("privacy: delete account: %w", err)
	}
	return nil
}

// leads counts the leads of organisation orgID.
func (s *Service) leads(ctx context.Context, orgID string) int {
	n := 0
	for _, m := range s.cfg.Orgs.Members(ctx, orgID) {
		if slices.Contains(m.Roles, org.RoleLead) {
			n++
		}
	}
	return n
}
