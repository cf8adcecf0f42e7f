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
	// Shared is set when other instances share the store: reads take this instance's
	// copy if it is younger than Shared and read the store again otherwise, and every
	// change reads the store first. Zero: this instance is the only writer and trusts
	// its memory.
	Shared time.Duration
}

// Service writes and reads tips.
type Service struct {
	st     Store
	xs     Exchanges
	orgs   Orgs
	topics []string // the taxonomy's topic codes
	now    func() time.Time
	shared time.Duration

	loading sync.Mutex // one reload at a time
	mu      sync.RWMutex
	tips    map[string]Tip
	loaded  time.Time // when tips were read from the store
}

// NewService loads every tip from the store.
func NewService(ctx context.Context, cfg Config) (*Service, error) {
	s := &Service{st: cfg.Store, xs: cfg.Exchanges, orgs: cfg.Orgs, now: cfg.Now, shared: cfg.Shared}
	if s.now == nil {
		s.now = time.Now
	}
	for _, t := range org.Taxonomy().Topics {
		s.topics = append(s.topics, t.ID)
	}
	if err := s.load(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// load reads every tip from the store into memory.
func (s *Service) load(ctx context.Context) error {
	at := s.now()
	list, err := s.st.Tips(ctx)
	if err != nil {
		return fmt.Errorf("tips: load: %w", err)
	}
	tips := make(map[string]Tip, len(list))
	for _, t := range list {
		tips[t.ID] = t
	}
	s.mu.Lock()
	s.tips, s.loaded = tips, at
	s.mu.Unlock()
	return nil
}

// sync reads the store again when other instances share it and this copy is older
// than Shared, or always before a change (change): what others wrote is then known.
func (s *Service) sync(ctx context.Context, change bool) error {
	if s.shared <= 0 {
		return nil
	}
	s.loading.Lock()
	defer s.loading.Unlock()
	s.mu.RLock()
	young := s.now().Sub(s.loaded) < s.shared
	s.mu.RUnlock()
	if young && !change {
		return nil
	}
	return s.load(ctx)
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
	t, err := s.mine(ctx, w, id)
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
	if _, err := s.mine(ctx, w, id); err != nil {
		return err
	}
	return s.remove(ctx, []string{id})
}

// TakeDown deletes tip id whoever wrote it: staff acting on a report. Errors: ErrNotFound.
func (s *Service) TakeDown(ctx context.Context, id string) error {
	if err := s.sync(ctx, true); err != nil {
		return err
	}
	if _, err := s.tip(id); err != nil {
		return err
	}
	return s.remove(ctx, []string{id})
}

// DeleteOrganisation deletes every tip of an organisation that is offboarded.
func (s *Service) DeleteOrganisation(ctx context.Context, orgID string) error {
	if err := s.sync(ctx, true); err != nil {
		return err
	}
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
	if err := s.sync(ctx, true); err != nil {
		return err
	}
	for _, t := range s.written(userID) {
		t.Author = ""
		if err := s.save(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// WrittenBy returns the tips userID wrote, oldest first, for their export. If the store
// cannot be read again (Shared), it answers from this instance's copy.
func (s *Service) WrittenBy(ctx context.Context, userID string) []Tip {
	_ = s.sync(ctx, false)
	return s.written(userID)
}

func (s *Service) written(userID string) []Tip {
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

// mine returns tip id, as stored, if w may change it.
func (s *Service) mine(ctx context.Context, w Writer, id string) (Tip, error) {
	if err := s.sync(ctx, true); err != nil {
		return Tip{}, err
	}
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
