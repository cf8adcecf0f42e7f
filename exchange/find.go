package exchange

import "context"

// Find returns exchange id whichever organisation asks, for the exchange's room, whose
// people and writability follow from its parties and state. Errors: ErrNotFound.
func (s *Service) Find(ctx context.Context, id string) (Exchange, error) {
	return s.find(ctx, id)
}
