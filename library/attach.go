package library

import (
	"context"
	"fmt"
	"slices"
)

// party reports whether orgID takes part in exchange xID.
func (s *Service) party(ctx context.Context, orgID, xID string) error {
	if !slices.Contains(s.cfg.Exchanges.Parties(ctx, xID), orgID) {
		return fmt.Errorf("exchange %s: %w", xID, ErrNotFound)
	}
	return nil
}

// Attached returns the resources attached to exchange xID of orgID that the viewer
// sees (attachment makes them readable by the exchange's parties). Errors: ErrNotFound.
func (s *Service) Attached(ctx context.Context, userID, orgID, xID string) ([]View, error) {
	if err := s.party(ctx, orgID, xID); err != nil {
		return nil, err
	}
	v := s.viewer(ctx, userID)
	out := []View{}
	for _, r := range s.all() {
		if slices.Contains(r.Exchanges, xID) && s.sees(ctx, v, r) {
			out = append(out, s.view(ctx, v, r))
		}
	}
	return out, nil
}

// Attach attaches resource id, which the viewer must see, to exchange xID of orgID (the
// route decides who may work in it). Attaching twice is no error.
// Errors: ErrNotFound, *ValidationError (too many exchanges).
func (s *Service) Attach(ctx context.Context, userID, orgID, xID, id string) (View, error) {
	return s.attachment(ctx, userID, orgID, xID, id, true)
}

// Detach undoes Attach. Errors: ErrNotFound (also when it is not attached).
func (s *Service) Detach(ctx context.Context, userID, orgID, xID, id string) error {
	_, err := s.attachment(ctx, userID, orgID, xID, id, false)
	return err
}

func (s *Service) attachment(ctx context.Context, userID, orgID, xID, id string, on bool) (View, error) {
	if err := s.party(ctx, orgID, xID); err != nil {
		return View{}, err
	}
	v := s.viewer(ctx, userID)
	r, err := s.visible(ctx, v, id)
	if err != nil {
		return View{}, err
	}
	unlock := s.lockOwner(r.Org)
	defer unlock()
	if r, err = s.current(id); err != nil {
		return View{}, err
	}
	has := slices.Contains(r.Exchanges, xID)
	switch {
	case on && has:
		return s.view(ctx, v, r), nil
	case !on && !has:
		return View{}, fmt.Errorf("resource %s is not attached to %s: %w", id, xID, ErrNotFound)
	case on && len(r.Exchanges) >= MaxExchanges:
		return View{}, invalid("resource", "a resource is attached to at most %d exchanges", MaxExchanges)
	case on:
		r.Exchanges = append(r.Exchanges, xID)
	default:
		r.Exchanges = slices.DeleteFunc(r.Exchanges, func(x string) bool { return x == xID })
	}
	if err := s.cfg.Store.SaveResource(ctx, r); err != nil {
		return View{}, fmt.Errorf("library: save %s: %w", id, err)
	}
	s.put(r)
	s.tell(ctx, id)
	return s.view(ctx, v, r), nil
}
