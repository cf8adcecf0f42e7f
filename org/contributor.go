package org

import "context"

// RoleContributor in Domain(orgID): a member a lead allows to add resources to the
// training library. Like every role in the organisation, it ends when the member is
// removed or leaves (RemoveMember takes every role).
const RoleContributor = "contributor"

// SetContributor allows (on) or stops a member adding library resources.
// Errors: ErrNotFound (organisation, or userID is not a member).
func (s *Service) SetContributor(ctx context.Context, orgID, userID string, on bool) error {
	return s.setMemberRole(ctx, orgID, userID, RoleContributor, on)
}
