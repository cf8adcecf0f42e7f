package org

import (
	"context"
	"fmt"
	"slices"
)

// RoleContributor in Domain(orgID): a member a lead allows to add resources to the
// training library. Like every role in the organisation, it ends when the member is
// removed or leaves (RemoveMember takes every role).
const RoleContributor = "contributor"

// SetContributor allows (on) or stops a member adding library resources.
// Errors: ErrNotFound (organisation, or userID is not a member).
func (s *Service) SetContributor(ctx context.Context, orgID, userID string, on bool) error {
	e, err := s.entry(ctx, orgID)
	if err != nil {
		return err
	}
	e.write.Lock()
	defer e.write.Unlock()
	dom := Domain(orgID)
	if !slices.Contains(s.roles.Roles(userID, dom), RoleMember) {
		return ErrNotFound
	}
	if on {
		err = s.roles.Grant(userID, RoleContributor, dom)
	} else {
		err = s.roles.Revoke(userID, RoleContributor, dom)
	}
	if err != nil {
		return fmt.Errorf("org: set contributor: %w", err)
	}
	s.tell(ctx, orgID)
	return nil
}
