package tips

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
	"github.com/cascade-platform/cascade/org"
)

// Store keeps the tips (store.DB).
type Store interface {
	// Tips returns every stored tip.
	Tips(ctx context.Context) ([]Tip, error)
	// SaveTip stores t, replacing the tip of the same id.
	SaveTip(ctx context.Context, t Tip) error
	// DeleteTips deletes the tips with these ids; ids not there are no error.
	DeleteTips(ctx context.Context, ids []string) error
}

// Exchanges finds an exchange an organisation is a party to (exchange.Service).
type Exchanges interface {
	Exchange(ctx context.Context, orgID, id string) (exchange.Exchange, error)
}

// Orgs tells an organisation's name and standing (org.Service).
type Orgs interface {
	Get(ctx context.Context, id string) (org.Organisation, error)
}

// Config wires a Service; Now may be nil.
type Config struct {
	Store     Store
	Exchanges Exchanges
	Orgs      Orgs
	Now       func() time.Time
}

// Service writes and reads tips.
type Service struct {
	st     Store
	xs     Exchanges
	orgs   Orgs
	topics []string // the taxonomy's topic codes
	now    func() time.Time

	mu   sync.RWMutex
	tips map[string]Tip
}

// NewService loads every tip from the store.
func NewService(ctx context.Context, cfg Config) (*Service, error) {
	s := &Service{st: cfg.Store, xs: cfg.Exchanges, orgs: cfg.Orgs, now: cfg.Now, tips: map[string]Tip{}}
	if s.now == nil {
		s.now = time.Now
	}
	for _, t := range org.Taxonomy().Topics {
		s.topics = append(s.topics, t.ID)
	}
	list, err := s.st.Tips(ctx)
	if err != nil {
		return nil, fmt.Errorf("tips: load: %w", err)
	}
	for _, t := range list {
		s.tips[t.ID] = t
	}
	return s, nil
}

// Writer is who writes or changes a tip: a user acting for an organisation in which
// they are a lead or a mentor (the caller checks), and whether they lead it.
type Writer struct {
	User string
	Org  string
	Lead bool
}

// Write stores a new tip of w.Org about exchange exchangeID, which w.Org must be a party
// to and which must be completed. Errors: ErrNotFound, ErrNotCompleted, ErrInvalid.
func (s *Service) Write(ctx context.Context, w Writer, exchangeID string, in Input) (Tip, error) {
	x, err := s.xs.Exchange(ctx, w.Org, exchangeID)
	if err != nil {
		return Tip{}, fmt.Errorf("tips: exchange %s: %w", exchangeID, ErrNotFound)
	}
	if x.State != exchange.StateCompleted {
		return Tip{}, ErrNotCompleted
	}
	in, err = check(in, s.topics)
	if err != nil {
		return Tip{}, err
	}
	now := s.clock()
	t := Tip{ID: strings.ToLower(rand.Text()), Exchange: x.ID, Org: w.Org, Author: w.User,
		Title: in.Title, Body: in.Body, Topics: in.Topics, Named: in.Named, Created: now, Updated: now}
	return t, s.save(ctx, t)
}

// Update changes tip id: its author or a lead of its organisation may. Errors:
// ErrNotFound, ErrInvalid.
func (s *Service) Update(ctx context.Context, w Writer, id string, in Input) (Tip, error) {
	t, err := s.mine(w, id)
	if err != nil {
		return Tip{}, err
	}
	if in, err = check(in, s.topics); err != nil {
		return Tip{}, err
	}
	t.Title, t.Body, t.Topics, t.Named, t.Updated = in.Title, in.Body, in.Topics, in.Named, s.clock()
	return t, s.save(ctx, t)
}

// Delete deletes tip id: its author or a lead of its organisation may. Errors: ErrNotFound.
func (s *Service) Delete(ctx context.Context, w Writer, id string) error {
	if _, err := s.mine(w, id); err != nil {
		return err
	}
	return s.remove(ctx, []string{id})
}

// TakeDown deletes tip id whoever wrote it: staff acting on a report. Errors: ErrNotFound.
func (s *Service) TakeDown(ctx context.Context, id string) error {
	if _, err := s.tip(id); err != nil {
		return err
	}
	return s.remove(ctx, []string{id})
}

// DeleteOrganisation deletes every tip of an organisation that is offboarded.
func (s *Service) DeleteOrganisation(ctx context.Context, orgID string) error {
	var ids []string
	s.mu.RLock()
	for _, t := range s.tips {
		if t.Org == orgID {
			ids = append(ids, t.ID)
		}
	}
	s.mu.RUnlock()
	if len(ids) == 0 {
		return nil
	}
	return s.remove(ctx, ids)
}

// ForgetAuthor takes a deleted account out of the tips it wrote: they stay their
// organisation's, with no author (its leads may still change them).
func (s *Service) ForgetAuthor(ctx context.Context, userID string) error {
	for _, t := range s.WrittenBy(ctx, userID) {
		t.Author = ""
		if err := s.save(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// WrittenBy returns the tips userID wrote, oldest first, for their export.
func (s *Service) WrittenBy(ctx context.Context, userID string) []Tip {
	var out []Tip
	s.mu.RLock()
	for _, t := range s.tips {
		if userID != "" && t.Author == userID {
			out = append(out, t.clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b Tip) int { return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID)) })
	return out
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// mine returns tip id if w may change it.
func (s *Service) mine(w Writer, id string) (Tip, error) {
	t, err := s.tip(id)
	if err != nil {
		return Tip{}, err
	}
	if t.Org != w.Org || (t.Author != w.User && !w.Lead) {
		return Tip{}, fmt.Errorf("tips: %s: %w", id, ErrNotFound)
	}
	return t, nil
}

func (s *Service) tip(id string) (Tip, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.tips[id]
	if !ok {
		return Tip{}, fmt.Errorf("tips: %s: %w", id, ErrNotFound)
	}
	return t.clone(), nil
}

// save stores t, then publishes it in memory.
func (s *Service) save(ctx context.Context, t Tip) error {
	if err := s.st.SaveTip(ctx, t); err != nil {
		return fmt.Errorf("tips: save: %w", err)
	}
	s.mu.Lock()
	s.tips[t.ID] = t.clone()
	s.mu.Unlock()
	return nil
}

// remove deletes ids from the store, then from memory.
func (s *Service) remove(ctx context.Context, ids []string) error {
	if err := s.st.DeleteTips(ctx, ids); err != nil {
		return fmt.Errorf("tips: delete: %w", err)
	}
	s.mu.Lock()
	for _, id := range ids {
		delete(s.tips, id)
	}
	s.mu.Unlock()
	return nil
}

func (t Tip) clone() Tip {
	t.Topics = slices.Clone(t.Topics)
	return t
}
