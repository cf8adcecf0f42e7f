package exchange

import (
	"context"
	"time"
)

// Sweep expires every proposal left unanswered for the proposal TTL and tells the
// requesting leads. It returns how many expired; errors are logged and the rest go on.
func (s *Service) Sweep(ctx context.Context) int {
	deadline := s.now().Add(-s.ttl)
	s.mu.RLock()
	var due []Exchange
	for _, x := range s.exchanges {
		if x.pending() && !x.Proposed.After(deadline) {
			due = append(due, x.clone())
		}
	}
	s.mu.RUnlock()
	n := 0
	for _, x := range due {
		if s.expire(ctx, x.ID) {
			n++
		}
	}
	return n
}

// expire expires one proposal if it is still pending (it may have been answered meanwhile).
func (s *Service) expire(ctx context.Context, id string) bool {
	x, err := s.exchange(id)
	if err != nil {
		return false
	}
	end, err := s.begin(ctx, x.RequestID)
	if err != nil {
		s.log.ErrorContext(ctx, "expire proposal", "err", err)
		return false
	}
	defer end()
	// Another instance's sweeper may have expired it, or someone answered it, meanwhile.
	if x, err = s.exchange(id); err != nil || !x.pending() {
		return false
	}
	if err := s.setState(ctx, x, StateExpired, ActorSystem, ReasonExpired, ""); err != nil {
		s.log.ErrorContext(ctx, "expire proposal", "err", err)
		return false
	}
	s.notify(ctx, x.RequestOrg, KindProposalExpired, x)
	return true
}

// RunSweeper calls Sweep and PruneNotifications every interval until ctx ends.
func (s *Service) RunSweeper(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.Sweep(ctx)
		if _, err := s.PruneNotifications(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "prune notifications", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
