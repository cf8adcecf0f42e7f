package exchange

import "context"

// Programme returns every request and every exchange this instance holds, in no particular
// order, for the admins' view of the whole programme (package oversight). It reads memory
// only and copies no slice: the values' slices are shared with the service, which never
// changes a slice in place once published, and callers must not modify them.
func (s *Service) Programme(ctx context.Context) ([]Request, []Exchange) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	reqs := make([]Request, 0, len(s.requests))
	for _, r := range s.requests {
		reqs = append(reqs, *r)
	}
	xs := make([]Exchange, 0, len(s.exchanges))
	for _, x := range s.exchanges {
		xs = append(xs, *x)
	}
	return reqs, xs
}
