package training

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/exchange"
)

// Store keeps trainings and the namings of their trainers. A training, once recorded, does
// not change.
type Store interface {
	SaveTraining(ctx context.Context, t Training) error
	// Training returns one training; ErrNotFound when there is none.
	Training(ctx context.Context, id string) (Training, error)
	Trainings(ctx context.Context) ([]Training, error)
	// SaveNaming stores a naming, replacing the one of the same training and user.
	SaveNaming(ctx context.Context, n Naming) error
	// NamingsOf returns every naming of one user.
	NamingsOf(ctx context.Context, userID string) ([]Naming, error)
	// Consented returns the consented namings of the trainings named.
	Consented(ctx context.Context, trainingIDs []string) ([]Naming, error)
}

// Exchanges is what the service reads about exchanges, from memory.
type Exchanges interface {
	// Exchange returns exchange id when orgID takes part in it (either party, or the host
	// it brought in while that counts); exchange.ErrNotFound otherwise.
	Exchange(ctx context.Context, orgID, id string) (exchange.Exchange, error)
}

// Service records trainings and answers who may link to which. It holds every training in
// memory (the embedded store scans a collection for any query) and writes through to the
// store before memory changes.
type Service struct {
	st     Store
	xs     Exchanges
	orgs   Orgs
	notify Notifier
	lib    Resources // nil: resource ids are not checked against a library
	now    func() time.Time

	mu   sync.RWMutex
	byID map[string]*Training

	// changes is told about every training recorded, for the other instances; nil on one.
	changes Changes
}

// Resources is what the service asks the training library (library.Service): whether the
// recording member may read a resource.
type Resources interface {
	// CanRead returns nil if userID may read resource id.
	CanRead(ctx context.Context, userID, id string) error
}

// Config is what a Service is built from; Now nil means time.Now. Resources nil (no
// library) stores a resource id as given, once it has the shape of an id.
type Config struct {
	Store     Store
	Exchanges Exchanges
	Orgs      Orgs
	Notifier  Notifier
	Resources Resources
	Now       func() time.Time
}

// NewService loads every training from the store.
func NewService(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	all, err := cfg.Store.Trainings(ctx)
	if err != nil {
		return nil, fmt.Errorf("training: load: %w", err)
	}
	s := &Service{st: cfg.Store, xs: cfg.Exchanges, orgs: cfg.Orgs, notify: cfg.Notifier, lib: cfg.Resources, now: cfg.Now, byID: make(map[string]*Training, len(all))}
	for _, t := range all {
		s.byID[t.ID] = &t
	}
	return s, nil
}

// Changes is told about every training recorded here, so that the other instances sharing
// the store read it (Refresh).
type Changes interface {
	TrainingRecorded(ctx context.Context, id string)
}

// OnChange sets what is told about every training recorded. Call it before the service is
// used, and only with other instances.
func (s *Service) OnChange(c Changes) { s.changes = c }

// Refresh reads training id from the store, recorded by another instance.
func (s *Service) Refresh(ctx context.Context, id string) error {
	t, err := s.st.Training(ctx, id)
	if err != nil {
		return fmt.Errorf("training: refresh %s: %w", id, err)
	}
	s.mu.Lock()
	s.byID[t.ID] = &t
	s.mu.Unlock()
	return nil
}

// Record records a training orgID ran on its own (outside an exchange); recorder is the
// member recording it. Errors: *ValidationError, ErrNotFound (learned_at names a training
// orgID may not see).
func (s *Service) Record(ctx context.Context, orgID, recorder string, in Input) (Training, error) {
	return s.record(ctx, orgID, recorder, Training{}, in)
}

// RecordInSession records a training orgID ran in a session of one of its exchanges, which
// must be under way. Errors: *ValidationError, ErrNotFound (no such exchange of orgID's, no
// such session, or a learned_at orgID may not see), ErrNotRunning.
func (s *Service) RecordInSession(ctx context.Context, orgID, recorder, exchangeID, sessionID string, in Input) (Training, error) {
	x, err := s.xs.Exchange(ctx, orgID, exchangeID)
	if err != nil {
		return Training{}, fmt.Errorf("exchange %s: %w", exchangeID, ErrNotFound)
	}
	if !slices.ContainsFunc(x.Sessions, func(ses exchange.Session) bool { return ses.ID == sessionID }) {
		return Training{}, fmt.Errorf("session %s: %w", sessionID, ErrNotFound)
	}
	if !x.Running() {
		return Training{}, fmt.Errorf("exchange %s: %w", exchangeID, ErrNotRunning)
	}
	return s.record(ctx, orgID, recorder, Training{Exchange: exchangeID, Session: sessionID}, in)
}

func (s *Service) record(ctx context.Context, orgID, recorder string, t Training, in Input) (Training, error) {
	now := s.now().UTC()
	if err := in.validate(now); err != nil {
		return Training{}, err
	}
	if err := s.checkNamed(ctx, orgID, recorder, in); err != nil {
		return Training{}, err
	}
	if in.Resource != "" && s.lib != nil && s.lib.CanRead(ctx, recorder, in.Resource) != nil {
		return Training{}, invalid("resource", CodeInvalidResource) // missing or not theirs: the same answer
	}
	t.Generation = 1
	if in.LearnedAt != "" {
		parent, err := s.visible(ctx, orgID, in.LearnedAt)
		if err != nil {
			return Training{}, err
		}
		if parent.TrainersTrained == 0 {
			return Training{}, invalid("learned_at", CodeParentNoTrainer)
		}
		if in.Date < parent.Date {
			return Training{}, invalid("date", CodeBeforeParent)
		}
		t.Generation = parent.Generation + 1
	}
	t.ID, t.Org, t.Topic, t.Resource, t.Date = strings.ToLower(rand.Text()), orgID, in.Topic, in.Resource, in.Date
	t.Participants, t.TrainersTrained, t.LearnedAt = in.Participants, in.TrainersTrained, in.LearnedAt
	t.Recorded = now.Truncate(time.Millisecond)
	if err := s.st.SaveTraining(ctx, t); err != nil {
		return Training{}, fmt.Errorf("training: save: %w", err)
	}
	s.mu.Lock()
	s.byID[t.ID] = &t
	s.mu.Unlock()
	if s.changes != nil {
		s.changes.TrainingRecorded(ctx, t.ID)
	}
	if err := s.name(ctx, t, in.Trainers); err != nil {
		return Training{}, err
	}
	return t, nil
}

// get returns a training from memory or, when another instance recorded it, the store.
func (s *Service) get(ctx context.Context, id string) (Training, error) {
	s.mu.RLock()
	t, ok := s.byID[id]
	s.mu.RUnlock()
	if ok {
		return *t, nil
	}
	if err := s.Refresh(ctx, id); err != nil {
		return Training{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return *s.byID[id], nil
}

// visible returns training id if orgID may see it: its own, or one held in an exchange
// orgID is a party to (its people were trained there). Anything else is ErrNotFound, the
// same as a training that does not exist.
func (s *Service) visible(ctx context.Context, orgID, id string) (Training, error) {
	t, err := s.get(ctx, id)
	if err != nil {
		return Training{}, err
	}
	if t.Org == orgID {
		return t, nil
	}
	if t.Exchange != "" {
		if _, err := s.xs.Exchange(ctx, orgID, t.Exchange); err == nil {
			return t, nil
		}
	}
	return Training{}, fmt.Errorf("training %s: %w", id, ErrNotFound)
}

// Of returns the trainings orgID recorded, newest first.
func (s *Service) Of(ctx context.Context, orgID string) []Training {
	return s.filter(func(t *Training) bool { return t.Org == orgID })
}

// InExchange returns the trainings recorded in an exchange orgID is a party to, by either
// party, newest first. Errors: ErrNotFound.
func (s *Service) InExchange(ctx context.Context, orgID, exchangeID string) ([]Training, error) {
	if _, err := s.xs.Exchange(ctx, orgID, exchangeID); err != nil {
		return nil, fmt.Errorf("exchange %s: %w", exchangeID, ErrNotFound)
	}
	return s.filter(func(t *Training) bool { return t.Exchange == exchangeID }), nil
}

// Linkable returns the trainings orgID may name as where its trainers learned: those it
// may see that trained trainers, newest first.
func (s *Service) Linkable(ctx context.Context, orgID string) []Training {
	parties := map[string]bool{} // exchange id → orgID is a party to it
	s.mu.RLock()
	var xs []string
	for _, t := range s.byID {
		if t.Org != orgID && t.Exchange != "" {
			xs = append(xs, t.Exchange)
		}
	}
	s.mu.RUnlock()
	for _, id := range xs {
		if _, seen := parties[id]; !seen {
			_, err := s.xs.Exchange(ctx, orgID, id)
			parties[id] = err == nil
		}
	}
	return s.filter(func(t *Training) bool {
		return t.TrainersTrained > 0 && (t.Org == orgID || parties[t.Exchange])
	})
}

// All returns every training, in no particular order, for the programme's aggregates.
func (s *Service) All(ctx context.Context) []Training {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Training, 0, len(s.byID))
	for _, t := range s.byID {
		out = append(out, *t)
	}
	return out
}

// filter copies the trainings keep takes, newest first (by date, then by recording).
func (s *Service) filter(keep func(*Training) bool) []Training {
	s.mu.RLock()
	var out []Training
	for _, t := range s.byID {
		if keep(t) {
			out = append(out, *t)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, newestFirst)
	return out
}

func newestFirst(a, b Training) int {
	return cmp.Or(cmp.Compare(b.Date, a.Date), b.Recorded.Compare(a.Recorded), cmp.Compare(a.ID, b.ID))
}
