package exchange

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/matching"
	"github.com/cascade-platform/cascade/org"
)

// ClaimKind names what a claim guards.
type ClaimKind string

// The claims. Each is a document under a unique (kind, owner, slot) key.
const (
	ClaimOpenRequest ClaimKind = "open_request" // owner: organisation; slot in [0, MaxOpenRequests)
	ClaimCapacity    ClaimKind = "capacity"     // owner: mentor organisation; slot in [0, capacity)
	ClaimMatch       ClaimKind = "match"        // owner: request; slot 0: its one accepted proposal
)

// Claim takes one slot of an owner for a holder (a request or an exchange id).
type Claim struct {
	Kind   ClaimKind
	Owner  string
	Slot   int
	Holder string
	At     time.Time
}

// Store keeps requests, exchanges, rounds, notifications and claims. Saves replace the
// whole document (they are serialised in the process per request). Reads of one document
// return ErrNotFound when there is none.
type Store interface {
	SaveRequest(ctx context.Context, r Request) error
	Request(ctx context.Context, id string) (Request, error)
	Requests(ctx context.Context) ([]Request, error)
	SaveExchange(ctx context.Context, x Exchange) error
	Exchange(ctx context.Context, id string) (Exchange, error)
	ExchangesOf(ctx context.Context, requestID string) ([]Exchange, error)
	Exchanges(ctx context.Context) ([]Exchange, error)
	SaveRound(ctx context.Context, r Round) error
	Round(ctx context.Context, id string) (Round, error)
	Rounds(ctx context.Context) ([]Round, error)
	SaveNotification(ctx context.Context, n Notification) error
	NotificationsOf(ctx context.Context, userID string) ([]Notification, error)
	Notifications(ctx context.Context) ([]Notification, error)
	// DeleteNotificationsBefore deletes the notifications created before a time.
	DeleteNotificationsBefore(ctx context.Context, before time.Time) (int64, error)
	// Claim inserts a claim; ErrSlotTaken when (kind, owner, slot) is taken. Exactly one of
	// any number of concurrent callers for one key succeeds.
	Claim(ctx context.Context, c Claim) error
	// Release deletes the holder's claim of that kind; releasing nothing is not an error.
	Release(ctx context.Context, kind ClaimKind, holder string) error
	// Claims returns every claim of a kind.
	Claims(ctx context.Context, kind ClaimKind) ([]Claim, error)
	// Unclaim deletes the claim of (kind, owner, slot) if its holder is still holder.
	Unclaim(ctx context.Context, c Claim) error
}

// Orgs is what the service reads about organisations, all from memory.
type Orgs interface {
	Get(ctx context.Context, id string) (org.Organisation, error)
	Directory(ctx context.Context) []org.DirectoryEntry
	Members(ctx context.Context, orgID string) []org.Member
}

// Options tune a Service; zero values take the defaults.
type Options struct {
	Now         func() time.Time  // default time.Now
	Weights     *matching.Weights // default matching.DefaultWeights()
	ProposalTTL time.Duration     // default DefaultProposalTTL
	Logger      *slog.Logger      // default slog.Default()
	Admins      func() []string   // the platform admins, whom alerts are for; default none
	Moderators  func() []string   // the platform moderators, alerted of reports with the admins; default none
	Hosts       Hosts             // who hosts whom; default nobody
}

// DefaultProposalTTL is how long a proposal waits for an answer before it expires.
const DefaultProposalTTL = 14 * 24 * time.Hour

// Service runs requests, proposals, exchanges, rounds and notifications. Everything is held
// in memory and written through to the store before memory changes.
type Service struct {
	st   Store
	orgs Orgs
	now  func() time.Time
	w    matching.Weights
	ttl  time.Duration
	log  *slog.Logger
	// admins names the users AlertAdmins tells; AlertStaff tells them and the moderators.
	admins, moderators func() []string
	hosts              Hosts
	// hostChanged is told when a host joins or leaves an exchange (OnHostChange); may be nil.
	hostChanged func(ctx context.Context, x Exchange, hostOrg string)

	// locks serialise every change to one request and its exchanges (updates on the
	// embedded store are not atomic, so the process must not race itself).
	locks sync.Map // request id → *sync.Mutex

	mu        sync.RWMutex
	requests  map[string]*Request
	exchanges map[string]*Exchange
	byRequest map[string][]string             // request id → its exchange ids, oldest first
	load      map[string]int                  // mentor org → exchanges holding a place
	track     map[string]matching.TrackRecord // mentor org → feedback of completed exchanges

	rounds roundBook
	notes  noteBook

	// changes is told about every change, for the other instances (OnChange); nil on one.
	changes Changes
	// notified is told about notifications, for the users' sockets (OnNotify); may be nil.
	notified Notified
}

// NewService loads everything from the store.
func NewService(ctx context.Context, st Store, orgs Orgs, opt Options) (*Service, error) {
	s := &Service{
		st: st, orgs: orgs, now: opt.Now, ttl: opt.ProposalTTL, log: opt.Logger, admins: opt.Admins, moderators: opt.Moderators, hosts: opt.Hosts,
		w:         matching.DefaultWeights(),
		requests:  map[string]*Request{},
		exchanges: map[string]*Exchange{},
		byRequest: map[string][]string{},
		load:      map[string]int{},
		track:     map[string]matching.TrackRecord{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ttl <= 0 {
		s.ttl = DefaultProposalTTL
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if opt.Weights != nil {
		s.w = *opt.Weights
	}
	if err := s.w.Validate(); err != nil {
		return nil, err
	}
	reqs, err := st.Requests(ctx)
	if err != nil {
		return nil, fmt.Errorf("exchange: load requests: %w", err)
	}
	for _, r := range reqs {
		s.requests[r.ID] = &r
	}
	xs, err := st.Exchanges(ctx)
	if err != nil {
		return nil, fmt.Errorf("exchange: load exchanges: %w", err)
	}
	for _, x := range sortByProposed(xs) {
		s.put(x)
	}
	if err := s.rounds.load(ctx, st); err != nil {
		return nil, err
	}
	if err := s.notes.load(ctx, st); err != nil {
		return nil, err
	}
	return s, nil
}

// clock returns the current time as the store keeps it (UTC, milliseconds).
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// newID returns a random, URL-safe identifier.
func newID() string { return strings.ToLower(rand.Text()) }

// lock takes the write lock of one request and returns its unlock.
func (s *Service) lock(requestID string) func() {
	m, _ := s.locks.LoadOrStore(requestID, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// put publishes an exchange in memory, keeping the load and track record in step with it.
func (s *Service) put(x Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.exchanges[x.ID]
	if !ok {
		s.byRequest[x.RequestID] = append(s.byRequest[x.RequestID], x.ID)
	} else if old.holdsPlace() {
		s.load[old.MentorOrg]--
	}
	if x.holdsPlace() {
		s.load[x.MentorOrg]++
	}
	if x.State == StateCompleted && (!ok || old.State != StateCompleted) && x.RequesterFeedback != nil {
		t := s.track[x.MentorOrg]
		t.Ratings++
		t.Sum += x.RequesterFeedback.rating()
		s.track[x.MentorOrg] = t
	}
	s.exchanges[x.ID] = &x
}

// putRequest publishes a request in memory.
func (s *Service) putRequest(r Request) {
	s.mu.Lock()
	s.requests[r.ID] = &r
	s.mu.Unlock()
}

// request returns a copy of a request, or ErrNotFound.
func (s *Service) request(id string) (Request, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.requests[id]
	if !ok {
		return Request{}, fmt.Errorf("request %s: %w", id, ErrNotFound)
	}
	return r.clone(), nil
}

// exchange returns a copy of an exchange, or ErrNotFound.
func (s *Service) exchange(id string) (Exchange, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	x, ok := s.exchanges[id]
	if !ok {
		return Exchange{}, fmt.Errorf("exchange %s: %w", id, ErrNotFound)
	}
	return x.clone(), nil
}

// exchangesOf returns copies of a request's exchanges, oldest first.
func (s *Service) exchangesOf(requestID string) []Exchange {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := s.byRequest[requestID]
	out := make([]Exchange, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.exchanges[id].clone())
	}
	return out
}

// leads returns the user ids of an organisation's leads.
func (s *Service) leads(ctx context.Context, orgID string) []string {
	var out []string
	for _, m := range s.orgs.Members(ctx, orgID) {
		for _, r := range m.Roles {
			if r == org.RoleLead {
				out = append(out, m.UserID)
			}
		}
	}
	return out
}
