package exchange

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// claimGrace is how old a claim must be before RepairClaims deletes it: a claim is
// inserted before the change it guards is stored, so a younger one may belong to a change
// another instance is making right now.
const claimGrace = time.Minute

// ClaimRepair counts what RepairClaims changed.
type ClaimRepair struct {
	Deleted  int // stale claims deleted
	Restored int // missing claims inserted
}

// RepairClaims makes the stored claims agree with the requests and exchanges loaded at
// start. A crash between taking a claim and storing the change it guards (or between
// storing a change and releasing its claim) leaves a stale claim that would keep a
// mentor's place, an open-request slot or a request's match taken forever; a store
// restored from an older copy can lack a claim that a running exchange holds. So:
//   - a capacity claim whose exchange is missing or no longer accepted or active,
//   - an open-request claim whose request is missing or no longer open,
//   - a match claim whose exchange is missing or whose request was never matched,
//
// older than claimGrace, is deleted; and a running exchange (accepted, active) without
// its capacity or match claim, or an open request without its slot, gets one again, in
// the first free slot (even beyond a capacity lowered since: the exchange holds its place).
// Call it at start, before serving. It returns what it changed and the first error; it
// goes on past errors.
func (s *Service) RepairClaims(ctx context.Context) (ClaimRepair, error) {
	var rep ClaimRepair
	var errs []error
	now := s.clock()
	s.mu.RLock()
	valid := func(c Claim) bool {
		switch c.Kind {
		case ClaimCapacity:
			x, ok := s.exchanges[c.Holder]
			return ok && x.holdsPlace() && x.MentorOrg == c.Owner
		case ClaimOpenRequest:
			r, ok := s.requests[c.Holder]
			return ok && r.State == StateOpen && r.OrgID == c.Owner
		case ClaimMatch:
			x, ok := s.exchanges[c.Holder]
			if !ok || x.RequestID != c.Owner {
				return false
			}
			r, ok := s.requests[x.RequestID]
			return x.holdsPlace() || x.State == StateCompleted || (ok && r.State == StateAccepted && x.State == StateCancelled)
		}
		return true
	}
	// want lists the claims memory says must exist: kind → holder → owner.
	want := map[ClaimKind]map[string]string{ClaimCapacity: {}, ClaimOpenRequest: {}, ClaimMatch: {}}
	for _, x := range s.exchanges {
		if x.holdsPlace() {
			want[ClaimCapacity][x.ID] = x.MentorOrg
			want[ClaimMatch][x.ID] = x.RequestID
		}
	}
	for _, r := range s.requests {
		if r.State == StateOpen {
			want[ClaimOpenRequest][r.ID] = r.OrgID
		}
	}
	s.mu.RUnlock()

	limits := map[ClaimKind]int{ClaimOpenRequest: MaxOpenRequests, ClaimMatch: 1}
	for _, kind := range []ClaimKind{ClaimCapacity, ClaimOpenRequest, ClaimMatch} {
		claims, err := s.st.Claims(ctx, kind)
		if err != nil {
			errs = append(errs, fmt.Errorf("exchange: repair claims: %w", err))
			continue
		}
		held := map[string]bool{}
		taken := map[string]int{} // owner → claims kept
		for _, c := range claims {
			if valid(c) || now.Sub(c.At) < claimGrace {
				held[c.Holder] = true
				taken[c.Owner]++
				continue
			}
			if err := s.st.Unclaim(ctx, c); err != nil {
				errs = append(errs, fmt.Errorf("exchange: repair claims: %w", err))
				continue
			}
			rep.Deleted++
			s.log.WarnContext(ctx, "deleted a stale claim", "kind", kind, "holder", c.Holder)
		}
		for holder, owner := range want[kind] {
			if held[holder] {
				continue
			}
			n, ok := limits[kind]
			if !ok { // capacity: one of these slots is free, whatever the capacity is now
				n = taken[owner] + 1
			}
			err := s.claimFirst(ctx, kind, owner, n, holder)
			if errors.Is(err, ErrSlotTaken) {
				err = fmt.Errorf("%w: no free %s slot of %s for %s", err, kind, owner, holder)
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("exchange: repair claims: %w", err))
				continue
			}
			taken[owner]++
			rep.Restored++
			s.log.WarnContext(ctx, "restored a missing claim", "kind", kind, "holder", holder)
		}
	}
	return rep, errors.Join(errs...)
}
