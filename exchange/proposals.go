package exchange

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cascade-platform/cascade/matching"
)

// Send proposes an open request of orgID to a mentor organisation, which must pass the
// hard filters (it would be among the suggestions). The mentor's leads are told.
// Errors: ErrNotFound, ErrInvalidTransition (request not open), *NotCandidateError,
// ErrDuplicate (a proposal to that mentor is pending).
func (s *Service) Send(ctx context.Context, orgID, requestID, mentorID string) (Exchange, error) {
	end, err := s.begin(ctx, requestID)
	if err != nil {
		return Exchange{}, err
	}
	defer end()
	r, xs, err := s.requestOf(orgID, requestID)
	if err != nil {
		return Exchange{}, err
	}
	x, err := s.propose(ctx, r, xs, mentorID, ActorRequester, SourceLead, "")
	if err != nil {
		return Exchange{}, err
	}
	s.notify(ctx, mentorID, KindProposalReceived, x)
	return x, nil
}

// propose creates a proposal of r to mentorID, explained by its score. The caller holds
// the request's lock.
func (s *Service) propose(ctx context.Context, r Request, xs []Exchange, mentorID string, by Actor, src Source, roundID string) (Exchange, error) {
	if err := checkTransition(r.State, StateProposed, by); err != nil {
		return Exchange{}, err
	}
	if slices.ContainsFunc(xs, func(x Exchange) bool { return x.MentorOrg == mentorID && x.pending() }) {
		return Exchange{}, fmt.Errorf("exchange: propose to %s: %w", mentorID, ErrDuplicate)
	}
	mr, err := s.matchRequest(ctx, r)
	if err != nil {
		return Exchange{}, err
	}
	mentors, _ := s.mentors(ctx)
	i := slices.IndexFunc(mentors, func(m matching.Mentor) bool { return m.ID == mentorID })
	if i < 0 {
		return Exchange{}, fmt.Errorf("exchange: mentor %s: %w", mentorID, ErrNotFound)
	}
	sg, reason := matching.Score(mr, mentors[i], matching.Rules{Declined: declined(xs)}, s.w)
	if reason != "" {
		return Exchange{}, &NotCandidateError{Reason: string(reason)}
	}
	now := s.clock()
	x := Exchange{
		ID: newID(), RequestID: r.ID, RequestOrg: r.OrgID, MentorOrg: mentorID,
		State: StateProposed, Source: src, RoundID: roundID, Score: sg.Score, Points: pointsOf(sg),
		Goals: []Goal{}, Sessions: []Session{}, Proposed: now, Updated: now,
	}
	if err := s.st.SaveExchange(ctx, x); err != nil {
		return Exchange{}, fmt.Errorf("exchange: propose: %w", err)
	}
	s.put(x)
	return x.clone(), nil
}

// Proposals returns the proposals sent to mentor organisation orgID, newest first.
func (s *Service) Proposals(ctx context.Context, orgID string) []Exchange {
	s.mu.RLock()
	var out []Exchange
	for _, x := range s.exchanges {
		if x.MentorOrg == orgID {
			out = append(out, x.clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b Exchange) int { return cmp.Or(b.Proposed.Compare(a.Proposed), cmp.Compare(a.ID, b.ID)) })
	return out
}

// Accept accepts a proposal to mentor organisation orgID. It takes, in order, the request's
// one match claim and a free place of the mentor (claims under unique keys, so concurrent
// accepts can never exceed the capacity), then withdraws the request's other pending
// proposals and tells everyone concerned. A proposal from an organisation that is not
// approved is not found.
// Errors: ErrNotFound, ErrInvalidTransition, ErrNoCapacity.
func (s *Service) Accept(ctx context.Context, orgID, exchangeID string) (Exchange, error) {
	x, err := s.find(ctx, exchangeID)
	if err != nil || x.side(orgID) != ActorMentor {
		return Exchange{}, fmt.Errorf("exchange %s: %w", exchangeID, ErrNotFound)
	}
	end, err := s.begin(ctx, x.RequestID)
	if err != nil {
		return Exchange{}, err
	}
	defer end()
	if x, err = s.exchange(exchangeID); err != nil {
		return Exchange{}, err
	}
	r, err := s.request(x.RequestID)
	if err != nil {
		return Exchange{}, err
	}
	if !s.approved(ctx, x.RequestOrg) {
		return Exchange{}, fmt.Errorf("exchange %s: %w", exchangeID, ErrNotFound)
	}
	if err := checkTransition(x.State, StateAccepted, ActorMentor); err != nil {
		return Exchange{}, err
	}
	if err := checkTransition(r.State, StateAccepted, ActorSystem); err != nil {
		return Exchange{}, err
	}
	if err := s.claimPlace(ctx, x); err != nil {
		return Exchange{}, err
	}
	if err := s.setState(ctx, x, StateAccepted, ActorMentor, "", ""); err != nil {
		s.release(ctx, ClaimCapacity, x.ID)
		s.release(ctx, ClaimMatch, x.ID)
		return Exchange{}, err
	}
	r.State, r.Updated = StateAccepted, s.clock()
	if err := s.st.SaveRequest(ctx, r); err != nil {
		return Exchange{}, fmt.Errorf("exchange: accept: %w", err)
	}
	s.putRequest(r)
	s.release(ctx, ClaimOpenRequest, r.ID)
	for _, o := range s.exchangesOf(r.ID) {
		if o.pending() {
			if err := s.setState(ctx, o, StateCancelled, ActorSystem, ReasonWithdrawn, ""); err != nil {
				return Exchange{}, err
			}
			s.notify(ctx, o.MentorOrg, KindProposalWithdrawn, o)
		}
	}
	s.notify(ctx, x.RequestOrg, KindProposalAccepted, x)
	return s.exchange(x.ID)
}

// claimPlace takes the request's match claim and a free place of the mentor for x.
func (s *Service) claimPlace(ctx context.Context, x Exchange) error {
	err := s.st.Claim(ctx, Claim{Kind: ClaimMatch, Owner: x.RequestID, Holder: x.ID, At: s.clock()})
	if errors.Is(err, ErrSlotTaken) {
		return fmt.Errorf("exchange: request %s already matched: %w", x.RequestID, ErrInvalidTransition)
	}
	if err != nil {
		return err
	}
	capacity := 0
	if o, err := s.orgs.Get(ctx, x.MentorOrg); err == nil && o.Profile.Available {
		capacity = o.Profile.Capacity
	}
	if err := s.claimFirst(ctx, ClaimCapacity, x.MentorOrg, capacity, x.ID); err != nil {
		s.release(ctx, ClaimMatch, x.ID)
		if errors.Is(err, ErrSlotTaken) {
			return fmt.Errorf("exchange: accept %s: %w", x.ID, ErrNoCapacity)
		}
		return err
	}
	return nil
}

// Decline declines a proposal to mentor organisation orgID with a reason; the requesting
// leads are told. Errors: ErrNotFound, *ValidationError, ErrInvalidTransition.
func (s *Service) Decline(ctx context.Context, orgID, exchangeID string, reason Reason, text string) (Exchange, error) {
	text, err := checkReason(reason, text, DeclineReasons)
	if err != nil {
		return Exchange{}, err
	}
	x, err := s.find(ctx, exchangeID)
	if err != nil || x.side(orgID) != ActorMentor {
		return Exchange{}, fmt.Errorf("exchange %s: %w", exchangeID, ErrNotFound)
	}
	end, err := s.begin(ctx, x.RequestID)
	if err != nil {
		return Exchange{}, err
	}
	defer end()
	if x, err = s.exchange(exchangeID); err != nil {
		return Exchange{}, err
	}
	if err := s.setState(ctx, x, StateDeclined, ActorMentor, reason, text); err != nil {
		return Exchange{}, err
	}
	s.notify(ctx, x.RequestOrg, KindProposalDeclined, x)
	return s.exchange(x.ID)
}
