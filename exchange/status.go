package exchange

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cascade-platform/cascade/org"
)

// Only approved organisations take part in exchanges. FollowStatus is what keeps the
// exchanges in line when an organisation's status changes: the organisation service calls
// it (through a hook set in the wiring) on the instance that made the change, and the
// changes it makes reach the other instances like any other (OnChange).

// approved reports whether organisation id exists and is approved.
func (s *Service) approved(ctx context.Context, id string) bool {
	o, err := s.orgs.Get(ctx, id)
	return err == nil && o.Status == org.StatusApproved
}

// FollowStatus brings every request and exchange of organisation orgID in line with the
// status of the organisations concerned, as they are now:
//   - an open request of an organisation that is not approved is withdrawn (cancelled,
//     reason organisation_suspended) with its pending proposals, whose mentors' leads are told;
//   - a pending proposal to such an organisation is cancelled and the requesting leads are told;
//   - a running exchange is paused while either organisation is not approved, and resumes
//     when both are approved again.
//
// It is idempotent: calling it again changes nothing. It works through what this instance
// holds in memory (which other instances' changes reach through Refresh). Errors: the
// store's, joined; what could be done is done.
func (s *Service) FollowStatus(ctx context.Context, orgID string) error {
	s.mu.RLock()
	var ids []string
	for _, r := range s.requests {
		if r.OrgID == orgID {
			ids = append(ids, r.ID)
		}
	}
	for _, x := range s.exchanges {
		if x.MentorOrg == orgID {
			ids = append(ids, x.RequestID)
		}
	}
	s.mu.RUnlock()
	return s.follow(ctx, ids)
}

// Repair follows the statuses wherever a request or an exchange is out of line with them,
// as after a crash between a status change and its FollowStatus. Call it at start, once
// OnChange is set. Errors: the store's, joined.
func (s *Service) Repair(ctx context.Context) error {
	s.mu.RLock()
	reqs := make([]Request, 0, len(s.requests))
	for _, r := range s.requests {
		reqs = append(reqs, *r)
	}
	xs := make([]Exchange, 0, len(s.exchanges))
	for _, x := range s.exchanges {
		xs = append(xs, *x)
	}
	s.mu.RUnlock()
	status := map[string]bool{}
	ok := func(id string) bool {
		v, seen := status[id]
		if !seen {
			v = s.approved(ctx, id)
			status[id] = v
		}
		return v
	}
	var ids []string
	for _, r := range reqs {
		if r.State == StateOpen && !ok(r.OrgID) {
			ids = append(ids, r.ID)
		}
	}
	for _, x := range xs {
		both := ok(x.RequestOrg) && ok(x.MentorOrg)
		if (x.pending() && !both) || (x.holdsPlace() && x.Paused == both) {
			ids = append(ids, x.RequestID)
		}
	}
	return s.follow(ctx, ids)
}

// follow brings each of the requests in line, once each.
func (s *Service) follow(ctx context.Context, ids []string) error {
	slices.Sort(ids)
	var errs []error
	for _, id := range slices.Compact(ids) {
		errs = append(errs, s.followRequest(ctx, id))
	}
	return errors.Join(errs...)
}

// followRequest brings one request and its exchanges in line with the status of their
// organisations, under the request's lock.
func (s *Service) followRequest(ctx context.Context, id string) error {
	end, err := s.begin(ctx, id)
	if err != nil {
		return err
	}
	defer end()
	r, err := s.request(id)
	if err != nil {
		return err
	}
	ok := map[string]bool{r.OrgID: s.approved(ctx, r.OrgID)}
	for _, x := range s.exchangesOf(id) {
		if _, seen := ok[x.MentorOrg]; !seen {
			ok[x.MentorOrg] = s.approved(ctx, x.MentorOrg)
		}
		switch {
		case x.pending() && (!ok[x.RequestOrg] || !ok[x.MentorOrg]):
			if err := s.setState(ctx, x, StateCancelled, ActorSystem, ReasonSuspended, ""); err != nil {
				return err
			}
			// The side that is still approved is told; a suspended one reads nothing here.
			if ok[x.MentorOrg] {
				s.notifyWhy(ctx, x.MentorOrg, KindProposalWithdrawn, x, ReasonSuspended)
			}
			if ok[x.RequestOrg] {
				s.notifyWhy(ctx, x.RequestOrg, KindExchangeCancelled, x, ReasonSuspended)
			}
		case x.holdsPlace() && x.Paused != (!ok[x.RequestOrg] || !ok[x.MentorOrg]):
			x.Paused, x.Updated = !x.Paused, s.clock()
			if err := s.st.SaveExchange(ctx, x); err != nil {
				return fmt.Errorf("exchange: pause %s: %w", x.ID, err)
			}
			s.put(x)
		}
	}
	if r.State != StateOpen || ok[r.OrgID] {
		return nil
	}
	if err := checkTransition(r.State, StateCancelled, ActorSystem); err != nil {
		return err
	}
	r.State, r.Reason, r.ReasonText, r.Updated = StateCancelled, ReasonSuspended, "", s.clock()
	if err := s.st.SaveRequest(ctx, r); err != nil {
		return fmt.Errorf("exchange: withdraw request %s: %w", id, err)
	}
	s.putRequest(r)
	s.release(ctx, ClaimOpenRequest, id)
	return nil
}
