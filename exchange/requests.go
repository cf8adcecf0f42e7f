package exchange

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
)

// CreateRequest stores a new open request of orgID. It first takes one of the organisation's
// MaxOpenRequests open-request claims, so concurrent creations cannot exceed the limit.
// Errors: *ValidationError, ErrOpenRequestLimit.
func (s *Service) CreateRequest(ctx context.Context, orgID, userID string, in RequestInput) (Request, error) {
	in = in.normalize()
	if err := in.validate(); err != nil {
		return Request{}, err
	}
	now := s.clock()
	r := Request{ID: newID(), OrgID: orgID, CreatedBy: userID, RequestInput: in, State: StateOpen, Created: now, Updated: now}
	defer s.lock(r.ID)()
	if err := s.claimFirst(ctx, ClaimOpenRequest, orgID, MaxOpenRequests, r.ID); err != nil {
		if errors.Is(err, ErrSlotTaken) {
			return Request{}, fmt.Errorf("exchange: create request: %w", ErrOpenRequestLimit)
		}
		return Request{}, err
	}
	if err := s.st.SaveRequest(ctx, r); err != nil {
		s.release(ctx, ClaimOpenRequest, r.ID)
		return Request{}, fmt.Errorf("exchange: create request: %w", err)
	}
	s.putRequest(r)
	if s.shared() {
		s.changes.RequestChanged(ctx, r.ID)
	}
	return r.clone(), nil
}

// claimFirst takes the first free slot in [0, n) of owner; ErrSlotTaken when all are taken.
func (s *Service) claimFirst(ctx context.Context, kind ClaimKind, owner string, n int, holder string) error {
	for slot := range n {
		err := s.st.Claim(ctx, Claim{Kind: kind, Owner: owner, Slot: slot, Holder: holder, At: s.clock()})
		if !errors.Is(err, ErrSlotTaken) {
			return err
		}
	}
	return ErrSlotTaken
}

// release gives a claim back. A failure leaves a slot taken, which is safe (never too many),
// so it is logged rather than failing the change that is already stored.
func (s *Service) release(ctx context.Context, kind ClaimKind, holder string) {
	if err := s.st.Release(ctx, kind, holder); err != nil {
		s.log.ErrorContext(ctx, "release claim", "kind", kind, "err", err)
	}
}

// Requests returns an organisation's requests, newest first.
func (s *Service) Requests(ctx context.Context, orgID string) []Request {
	s.mu.RLock()
	var out []Request
	for _, r := range s.requests {
		if r.OrgID == orgID {
			out = append(out, r.clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b Request) int { return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(a.ID, b.ID)) })
	return out
}

// Request returns one request of orgID with its proposals; ErrNotFound when it is not theirs.
func (s *Service) Request(ctx context.Context, orgID, id string) (Request, []Exchange, error) {
	if err := s.lookup(ctx, id); err != nil {
		return Request{}, nil, err
	}
	r, xs, err := s.requestOf(orgID, id)
	for i := range xs {
		xs[i] = s.derived(ctx, xs[i])
	}
	return r, xs, err
}

// requestOf is Request from memory only, for a caller that holds the request's lock.
func (s *Service) requestOf(orgID, id string) (Request, []Exchange, error) {
	r, err := s.request(id)
	if err != nil || r.OrgID != orgID {
		return Request{}, nil, fmt.Errorf("request %s: %w", id, ErrNotFound)
	}
	return r, s.exchangesOf(id), nil
}

// CancelRequest cancels an open request of orgID and its pending proposals.
// Errors: ErrNotFound, *ValidationError, ErrRequestAccepted (an accepted request ends
// with its exchange), ErrInvalidTransition.
func (s *Service) CancelRequest(ctx context.Context, orgID, id string, reason Reason, text string) (Request, error) {
	text, err := checkReason(reason, text, CancelReasons)
	if err != nil {
		return Request{}, err
	}
	end, err := s.begin(ctx, id)
	if err != nil {
		return Request{}, err
	}
	defer end()
	r, _, err := s.requestOf(orgID, id)
	if err != nil {
		return Request{}, err
	}
	if r.State == StateAccepted {
		// The table's accepted → cancelled is the exchange's: the request cancelled alone
		// would leave its exchange running.
		return Request{}, fmt.Errorf("request %s: %w", id, ErrRequestAccepted)
	}
	if err := checkTransition(r.State, StateCancelled, ActorRequester); err != nil {
		return Request{}, err
	}
	for _, x := range s.exchangesOf(id) {
		if x.pending() {
			if err := s.setState(ctx, x, StateCancelled, ActorRequester, reason, text); err != nil {
				return Request{}, err
			}
			s.notify(ctx, x.MentorOrg, KindProposalWithdrawn, x)
		}
	}
	r.State, r.Reason, r.ReasonText, r.Updated = StateCancelled, reason, text, s.clock()
	if err := s.st.SaveRequest(ctx, r); err != nil {
		return Request{}, fmt.Errorf("exchange: cancel request: %w", err)
	}
	s.putRequest(r)
	s.release(ctx, ClaimOpenRequest, id)
	return r.clone(), nil
}

// setState moves x to a new state after checking the table, stores it and publishes it.
// The caller holds the request's lock.
func (s *Service) setState(ctx context.Context, x Exchange, to State, by Actor, reason Reason, text string) error {
	if err := checkTransition(x.State, to, by); err != nil {
		return err
	}
	x.State, x.Updated = to, s.clock()
	x.Paused = x.Paused && x.holdsPlace() // only a running exchange is paused
	if reason != "" {
		x.Reason, x.ReasonText = reason, text
	}
	if err := s.st.SaveExchange(ctx, x); err != nil {
		return fmt.Errorf("exchange: %s → %s: %w", x.ID, to, err)
	}
	s.put(x)
	return nil
}
