package library

import (
	"context"
	"maps"
	"slices"

	"github.com/cascade-platform/cascade/org"
)

// Policy objects and actions the library asks the roles about.
const (
	domainPlatform = "platform"
	objLibrary     = "library"
	actAdd         = "add"     // in org:<id>: leads and contributors add and edit the organisation's resources
	actManage      = "manage"  // in org:<id>: leads delete them, see the usage, name contributors
	actPublish     = "publish" // in platform: admins publish and manage programme material
	objReports     = "reports"
	actHandle      = "handle" // in platform: staff open resources a report names
)

// viewer is who asks, with what decides what they see, worked out once per request.
type viewer struct {
	id       string
	orgs     map[string]bool // the approved organisations they belong to
	admin    bool
	staff    bool
	partners map[string]bool // organisations that have or had an accepted exchange with one of orgs
	adds     map[string]bool // the organisations of orgs whose library they add to
}

func (s *Service) viewer(ctx context.Context, userID string) viewer {
	v := viewer{id: userID, orgs: map[string]bool{}, partners: map[string]bool{}}
	for _, m := range s.cfg.Orgs.OrganisationsOf(ctx, userID) {
		if m.Org.Status == org.StatusApproved {
			v.orgs[m.Org.ID] = true
		}
	}
	for o := range v.orgs {
		for _, p := range s.cfg.Exchanges.Partners(ctx, o) {
			v.partners[p] = true
		}
	}
	v.admin = s.allowed(userID, domainPlatform, actPublish)
	v.staff = s.allowedObj(userID, domainPlatform, objReports, actHandle)
	v.adds = map[string]bool{}
	for o := range v.orgs {
		v.adds[o] = s.allowed(userID, org.Domain(o), actAdd)
	}
	return v
}

func (s *Service) allowed(userID, dom, act string) bool {
	return s.allowedObj(userID, dom, objLibrary, act)
}

func (s *Service) allowedObj(userID, dom, obj, act string) bool {
	ok, err := s.cfg.Roles.Allowed(userID, dom, obj, act)
	return err == nil && ok
}

// ownerApproved reports whether r's owner is approved (programme material always is):
// a suspended or rejected organisation's resources disappear from everyone's view.
func (s *Service) ownerApproved(ctx context.Context, r Resource) bool {
	if r.Programme() {
		return true
	}
	o, err := s.cfg.Orgs.Get(ctx, r.Org)
	return err == nil && o.Status == org.StatusApproved
}

// sees is the one rule of who reads a resource: people of approved organisations as
// its visibility says, admins for programme material and material visible to all,
// the parties of the exchanges it is attached to.
func (s *Service) sees(ctx context.Context, v viewer, r Resource) bool {
	if !s.ownerApproved(ctx, r) {
		return false
	}
	if r.Programme() {
		return len(v.orgs) > 0 || v.admin
	}
	switch {
	case v.orgs[r.Org]:
		return true
	case r.Visibility == VisibleAll && (len(v.orgs) > 0 || v.admin):
		return true
	case r.Visibility == VisiblePartners && v.partners[r.Org]:
		return true
	}
	for _, x := range r.Exchanges {
		for _, p := range s.cfg.Exchanges.Parties(ctx, x) {
			if v.orgs[p] {
				return true
			}
		}
	}
	return false
}

// canAdd reports whether v may add resources to owner ("" for programme material)
// and edit them: leads and contributors of an approved organisation, admins for the programme.
func (s *Service) canAdd(ctx context.Context, v viewer, owner string) bool {
	if owner == "" {
		return v.admin
	}
	return v.adds[owner]
}

// canDelete reports whether v may delete owner's resources: its leads, admins for the programme.
func (s *Service) canDelete(ctx context.Context, v viewer, owner string) bool {
	if owner == "" {
		return v.admin
	}
	return v.orgs[owner] && s.allowed(v.id, org.Domain(owner), actManage)
}

// canAdaptAny reports whether v may add an adaptation anywhere: they add to some organisation or are an admin.
func (s *Service) canAdaptAny(ctx context.Context, v viewer) bool {
	return v.admin || slices.Contains(slices.Collect(maps.Values(v.adds)), true)
}
