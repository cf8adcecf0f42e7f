package oversight

import (
	"context"
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/training"
)

// Orgs is what oversight reads about organisations, from memory.
type Orgs interface {
	List(ctx context.Context, status org.Status) []org.Organisation
}

// Exchanges is what oversight reads about requests and exchanges, from memory.
type Exchanges interface {
	Programme(ctx context.Context) ([]exchange.Request, []exchange.Exchange)
}

// Trainings is what oversight reads about the cascade's trainings, from memory.
type Trainings interface {
	All(ctx context.Context) []training.Training
}

// Service answers the admins' questions about the programme from what the organisation
// and exchange services hold in memory: no store query per request.
type Service struct {
	orgs Orgs
	xs   Exchanges
	ts   Trainings
	now  func() time.Time
}

// NewService reads from orgs, xs and ts; now nil means time.Now.
func NewService(orgs Orgs, xs Exchanges, ts Trainings, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{orgs: orgs, xs: xs, ts: ts, now: now}
}

func (s *Service) input(ctx context.Context) Input {
	reqs, xs := s.xs.Programme(ctx)
	return Input{Orgs: s.orgs.List(ctx, ""), Requests: reqs, Exchanges: xs, Trainings: s.ts.All(ctx)}
}

// Dashboard computes the programme dashboard as it is now.
func (s *Service) Dashboard(ctx context.Context) Dashboard {
	return Build(s.input(ctx), s.now().UTC().Truncate(time.Second))
}

// Exchanges lists the exchanges in state ("" for all), newest proposed first.
func (s *Service) Exchanges(ctx context.Context, state exchange.State) []ExchangeRow {
	return List(s.input(ctx), state)
}
