package library

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/cascade-platform/cascade/org"
)

// memStore is a Store in memory; fail makes the named method fail once.
type memStore struct {
	mu        sync.Mutex
	resources map[string]Resource
	files     map[string][]byte
	fail      map[string]bool
	scrubs    int // deletions made unrecoverable
}

func newMemStore() *memStore {
	return &memStore{resources: map[string]Resource{}, files: map[string][]byte{}, fail: map[string]bool{}}
}

var errStore = errors.New("store down")

func (m *memStore) failing(op string) error {
	if m.fail[op] {
		delete(m.fail, op)
		return errStore
	}
	return nil
}

func (m *memStore) Resources(ctx context.Context) ([]Resource, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Resource
	for _, r := range m.resources {
		out = append(out, r.clone())
	}
	return out, nil
}

func (m *memStore) Resource(ctx context.Context, id string) (Resource, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.resources[id]
	if !ok {
		return Resource{}, ErrNotFound
	}
	return r.clone(), nil
}

func (m *memStore) InsertResource(ctx context.Context, r Resource) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.failing("insert"); err != nil {
		return err
	}
	m.resources[r.ID] = r.clone()
	return nil
}

func (m *memStore) SaveResource(ctx context.Context, r Resource) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resources[r.ID] = r.clone()
	return nil
}

func (m *memStore) DeleteResource(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.resources, id)
	return nil
}

func (m *memStore) PutFile(ctx context.Context, id string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[id] = slices.Clone(data[:len(data)/2]) // a failure may leave part of it
	if err := m.failing("put"); err != nil {
		return err
	}
	m.files[id] = slices.Clone(data)
	return nil
}

func (m *memStore) ReadFile(ctx context.Context, id string, size int64) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[id]
	if !ok || int64(len(data)) != size {
		return nil, fmt.Errorf("file %s: missing", id)
	}
	return slices.Clone(data), nil
}

func (m *memStore) DeleteFile(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.files, id)
	return nil
}

func (m *memStore) Scrub(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.scrubs++
	return nil
}

func (m *memStore) SweepFiles(ctx context.Context, keep func(string) bool) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id := range m.files {
		if !keep(id) {
			delete(m.files, id)
			n++
		}
	}
	return n, nil
}

// world is a small set of organisations, memberships, roles and exchanges.
type world struct {
	mu       sync.Mutex
	orgs     map[string]org.Organisation
	members  map[string]map[string][]string // user → org → roles
	admins   map[string]bool
	staff    map[string]bool
	partners map[string][]string
	parties  map[string][]string // exchange → organisations
}

func newWorld() *world {
	return &world{orgs: map[string]org.Organisation{}, members: map[string]map[string][]string{}, admins: map[string]bool{},
		staff: map[string]bool{}, partners: map[string][]string{}, parties: map[string][]string{}}
}

func (w *world) addOrg(id string, status org.Status) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.orgs[id] = org.Organisation{ID: id, Status: status, Profile: org.Profile{Name: "Org " + id}}
}

func (w *world) join(user, orgID string, roles ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.members[user] == nil {
		w.members[user] = map[string][]string{}
	}
	w.members[user][orgID] = append([]string{org.RoleMember}, roles...)
}

func (w *world) Get(ctx context.Context, id string) (org.Organisation, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	o, ok := w.orgs[id]
	if !ok {
		return org.Organisation{}, org.ErrNotFound
	}
	return o, nil
}

func (w *world) OrganisationsOf(ctx context.Context, userID string) []org.Membership {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []org.Membership
	for id, roles := range w.members[userID] {
		out = append(out, org.Membership{Org: w.orgs[id], Roles: roles})
	}
	return out
}

func (w *world) SetContributor(ctx context.Context, orgID, userID string, on bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	roles, ok := w.members[userID][orgID]
	if !ok {
		return org.ErrNotFound
	}
	roles = slices.DeleteFunc(roles, func(r string) bool { return r == org.RoleContributor })
	if on {
		roles = append(roles, org.RoleContributor)
	}
	w.members[userID][orgID] = roles
	return nil
}

// Allowed is the policy's library lines, by hand.
func (w *world) Allowed(userID, dom, obj, act string) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if dom == domainPlatform {
		switch {
		case obj == objLibrary && act == actPublish:
			return w.admins[userID], nil
		case obj == objReports && act == actHandle:
			return w.staff[userID] || w.admins[userID], nil
		}
		return false, nil
	}
	roles := w.members[userID][strings.TrimPrefix(dom, "org:")]
	switch {
	case obj == objLibrary && act == actAdd:
		return slices.Contains(roles, org.RoleLead) || slices.Contains(roles, org.RoleContributor), nil
	case obj == objLibrary && act == actManage:
		return slices.Contains(roles, org.RoleLead), nil
	}
	return false, nil
}

func (w *world) Partners(ctx context.Context, orgID string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.partners[orgID])
}

func (w *world) Parties(ctx context.Context, xID string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.parties[xID])
}

// cleaner accepts files that start with "OK" and strips everything after "|META".
func cleaner(data []byte) (Cleaned, error) {
	if !strings.HasPrefix(string(data), "OK") {
		return Cleaned{}, errUnsupported
	}
	clean, _, _ := strings.Cut(string(data), "|META")
	return Cleaned{Data: []byte(clean), ContentType: "application/pdf", Ext: ".pdf"}, nil
}

var errUnsupported = errors.New("unsupported")
