package library

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/org"
)

// Store keeps resources' metadata and file bytes. A file's bytes are written before
// the metadata that names them and deleted after it, so that no record ever names
// bytes that are not there; SweepFiles removes bytes a failure left without a record.
type Store interface {
	Resources(ctx context.Context) ([]Resource, error)
	// Resource returns one resource; ErrNotFound if there is none.
	Resource(ctx context.Context, id string) (Resource, error)
	InsertResource(ctx context.Context, r Resource) error
	SaveResource(ctx context.Context, r Resource) error
	DeleteResource(ctx context.Context, id string) error
	PutFile(ctx context.Context, fileID string, data []byte) error
	ReadFile(ctx context.Context, fileID string, size int64) ([]byte, error)
	DeleteFile(ctx context.Context, fileID string) error
	// SweepFiles deletes the bytes of every file keep does not name, and says how many.
	SweepFiles(ctx context.Context, keep func(fileID string) bool) (int, error)
	// Scrub makes what was deleted unrecoverable from the store's files (store.DB.Scrub).
	Scrub(ctx context.Context) error
}

// Orgs is what the library needs from the organisations.
type Orgs interface {
	Get(ctx context.Context, id string) (org.Organisation, error)
	OrganisationsOf(ctx context.Context, userID string) []org.Membership
	SetContributor(ctx context.Context, orgID, userID string, on bool) error
}

// Roles decides what a user may do; the policy names the library's objects and actions.
type Roles interface {
	Allowed(userID, dom, obj, act string) (bool, error)
}

// Exchanges tells which organisations work together.
type Exchanges interface {
	// Partners returns the organisations that have or had an accepted exchange with orgID.
	Partners(ctx context.Context, orgID string) []string
	// Parties returns the organisations taking part in an accepted (or later) exchange, or nil.
	Parties(ctx context.Context, exchangeID string) []string
}

// Cleaned is a file with its metadata stripped, as the cleaner found it to be.
type Cleaned struct {
	Data        []byte
	ContentType string
	Ext         string
}

// Cleaner strips metadata from an uploaded file; its errors pass through unchanged
// (unsupported, malformed, too large).
type Cleaner func(data []byte) (Cleaned, error)

// Lease takes a lease that holds across every instance sharing the store, until released.
type Lease func(ctx context.Context, key string) (release func() error, err error)

// Reported tells whether a report names the resource, which lets staff open it.
type Reported func(ctx context.Context, resourceID string) (bool, error)

// Config is what the service is built from.
type Config struct {
	Store     Store
	Orgs      Orgs
	Roles     Roles
	Exchanges Exchanges
	Clean     Cleaner
	Reported  Reported
	Quota     int64 // bytes per organisation (and for programme material)
	// Lease, with other instances, keeps one change of an owner's use at a time across
	// them all; nil on one instance, where the owner's lock in memory does.
	Lease Lease
	Log   *slog.Logger
	Now   func() time.Time
}

// DefaultQuota is the storage quota of an organisation unless configured otherwise.
const DefaultQuota = 1 << 30

// Service is the library. Its directory (metadata) is in memory, written through to
// the store before memory changes; changes to one owner's resources are serialised.
type Service struct {
	cfg Config

	owners sync.Map // owner org ("" for programme) → *sync.Mutex

	mu        sync.RWMutex
	resources map[string]*Resource

	// changed is told of every change once stored, for the other instances (OnChange).
	changed func(ctx context.Context, id string)
}

// OnChange sets what is told, once a change is stored, that resource id was added,
// changed or deleted: other instances sharing the store read it again (Refresh). Call
// it before the service is used.
func (s *Service) OnChange(fn func(ctx context.Context, id string)) { s.changed = fn }

func (s *Service) tell(ctx context.Context, id string) {
	if s.changed != nil {
		s.changed(ctx, id)
	}
}

// Refresh reads resource id again from the store, where another instance changed it.
func (s *Service) Refresh(ctx context.Context, id string) error {
	r, err := s.cfg.Store.Resource(ctx, id)
	if errors.Is(err, ErrNotFound) {
		s.mu.Lock()
		delete(s.resources, id)
		s.mu.Unlock()
		return nil
	}
	if err != nil {
		return fmt.Errorf("library: refresh %s: %w", id, err)
	}
	s.put(r)
	return nil
}

// New loads the directory and removes file bytes that no resource names (an upload
// that failed between its bytes and its record).
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Quota <= 0 {
		cfg.Quota = DefaultQuota
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	list, err := cfg.Store.Resources(ctx)
	if err != nil {
		return nil, fmt.Errorf("library: load: %w", err)
	}
	s := &Service{cfg: cfg, resources: make(map[string]*Resource, len(list))}
	files := map[string]bool{}
	for _, r := range list {
		s.resources[r.ID] = &r
		if r.File != nil {
			files[r.File.ID] = true
		}
	}
	n, err := cfg.Store.SweepFiles(ctx, func(id string) bool { return files[id] })
	if err != nil {
		return nil, fmt.Errorf("library: sweep files: %w", err)
	}
	if n > 0 {
		cfg.Log.Info("library: removed file bytes without a resource", "files", n)
	}
	return s, nil
}

func newID() string { return strings.ToLower(rand.Text()) }

// lockOwner serialises the changes to one owner's resources (quota, edits, attachments).
func (s *Service) lockOwner(owner string) func() {
	m, _ := s.owners.LoadOrStore(owner, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

func (s *Service) resource(id string) (Resource, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.resources[id]
	if !ok {
		return Resource{}, false
	}
	return r.clone(), true
}

func (s *Service) put(r Resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := r.clone()
	s.resources[r.ID] = &c
}

func (s *Service) all() []Resource {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Resource, 0, len(s.resources))
	for _, r := range s.resources {
		out = append(out, r.clone())
	}
	slices.SortFunc(out, func(a, b Resource) int { return cmp.Or(b.Created.Compare(a.Created), strings.Compare(a.ID, b.ID)) })
	return out
}

// holdOwner serialises the changes to owner's use of its quota and returns what it uses
// now, with the release. In this process the owner's lock does it; with other instances
// (Config.Lease) a lease in the store does too, and the use is read from the store, where
// another instance's upload is before it reaches this one's memory.
func (s *Service) holdOwner(ctx context.Context, owner string) (int64, func(), error) {
	unlock := s.lockOwner(owner)
	if s.cfg.Lease == nil {
		return s.used(owner), unlock, nil
	}
	free, err := s.cfg.Lease(ctx, "library-quota:"+owner)
	if err != nil {
		unlock()
		return 0, nil, fmt.Errorf("library: quota lease: %w", err)
	}
	release := func() {
		if err := free(); err != nil {
			s.cfg.Log.Warn("library: release the quota lease", "err", err)
		}
		unlock()
	}
	all, err := s.cfg.Store.Resources(ctx)
	if err != nil {
		release()
		return 0, nil, fmt.Errorf("library: read the use of the quota: %w", err)
	}
	var used int64
	for _, r := range all {
		if r.Org == owner {
			used += r.Size()
		}
	}
	return used, release, nil
}

// Used returns the bytes owner's resources hold.
func (s *Service) used(owner string) int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var n int64
	for _, r := range s.resources {
		if r.Org == owner {
			n += r.Size()
		}
	}
	return n
}

// Usage is an organisation's storage: what it uses and its quota.
type Usage struct {
	Used  int64 `json:"used_bytes"`
	Quota int64 `json:"quota_bytes"`
}

// Usage returns orgID's storage use (the route decides who may ask).
func (s *Service) Usage(ctx context.Context, orgID string) Usage {
	return Usage{Used: s.used(orgID), Quota: s.cfg.Quota}
}

// SetContributor lets a member of orgID add resources (on) or stops them. The route
// decides who may ask. Errors: org.ErrNotFound if userID is not a member.
func (s *Service) SetContributor(ctx context.Context, orgID, userID string, on bool) error {
	return s.cfg.Orgs.SetContributor(ctx, orgID, userID, on)
}
