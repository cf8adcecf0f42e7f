package account_test

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cascade-platform/cascade/account"
)

// memStore is a hand-written in-memory account.Store for fast unit tests. reads counts
// session and user lookups, so tests can prove the hot path stays off the database.
type memStore struct {
	mu       sync.Mutex
	users    map[string]account.UserRecord
	sessions map[string]account.SessionRecord
	codes    map[[2]string]bool // (user, hash) → used
	reads    atomic.Int64
	touches  atomic.Int64
}

var _ account.Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{
		users:    map[string]account.UserRecord{},
		sessions: map[string]account.SessionRecord{},
		codes:    map[[2]string]bool{},
	}
}

func (m *memStore) InsertUser(_ context.Context, u account.UserRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.users {
		if o.Key == u.Key || o.Skeleton == u.Skeleton {
			return account.ErrPseudonymTaken
		}
	}
	m.users[u.ID] = u
	return nil
}

func (m *memStore) UserByKey(_ context.Context, key string) (account.UserRecord, error) {
	m.reads.Add(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.users {
		if u.Key == key {
			return u, nil
		}
	}
	return account.UserRecord{}, account.ErrNotFound
}

func (m *memStore) UserByID(_ context.Context, id string) (account.UserRecord, error) {
	m.reads.Add(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	if u, ok := m.users[id]; ok {
		return u, nil
	}
	return account.UserRecord{}, account.ErrNotFound
}

func (m *memStore) update(id string, f func(*account.UserRecord)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[id]
	if !ok {
		return account.ErrNotFound
	}
	f(&u)
	m.users[id] = u
	return nil
}

func (m *memStore) UpdatePasswordHash(_ context.Context, id, hash string) error {
	return m.update(id, func(u *account.UserRecord) { u.PasswordHash = hash })
}

func (m *memStore) SetUserDisabled(_ context.Context, id string, disabled bool) error {
	return m.update(id, func(u *account.UserRecord) { u.Disabled = disabled })
}

func (m *memStore) DeleteUser(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[id]; !ok {
		return account.ErrNotFound
	}
	delete(m.users, id)
	return nil
}

func (m *memStore) CountUsers(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return int64(len(m.users)), nil
}

func (m *memStore) InsertSession(_ context.Context, s account.SessionRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[s.Hash] = s
	return nil
}

func (m *memStore) SessionByHash(_ context.Context, hash string) (account.SessionRecord, error) {
	m.reads.Add(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.sessions[hash]; ok {
		return s, nil
	}
	return account.SessionRecord{}, account.ErrNotFound
}

func (m *memStore) TouchSession(_ context.Context, hash string, lastSeen time.Time) error {
	m.touches.Add(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.sessions[hash]; ok && s.LastSeen.Before(lastSeen) {
		s.LastSeen = lastSeen
		m.sessions[hash] = s
	}
	return nil
}

func (m *memStore) DeleteSession(_ context.Context, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, hash)
	return nil
}

func (m *memStore) DeleteUserSessions(_ context.Context, userID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	maps.DeleteFunc(m.sessions, func(_ string, s account.SessionRecord) bool { return s.UserID == userID })
	return nil
}

func (m *memStore) UserSessions(_ context.Context, userID string) ([]account.SessionRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []account.SessionRecord
	for _, s := range m.sessions {
		if s.UserID == userID {
			out = append(out, s)
		}
	}
	return out, nil
}

func (m *memStore) DeleteExpiredSessions(_ context.Context, idleBefore, createdBefore time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.sessions)
	maps.DeleteFunc(m.sessions, func(_ string, s account.SessionRecord) bool {
		return s.LastSeen.Before(idleBefore) || s.Created.Before(createdBefore)
	})
	return int64(n - len(m.sessions)), nil
}

func (m *memStore) InsertRecoveryCodes(_ context.Context, userID string, hashes []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range hashes {
		m.codes[[2]string{userID, h}] = false
	}
	return nil
}

func (m *memStore) ClaimRecoveryCode(_ context.Context, userID, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{userID, hash}
	if used, ok := m.codes[k]; !ok || used {
		return account.ErrNotFound
	}
	m.codes[k] = true
	return nil
}

func (m *memStore) DeleteRecoveryCodes(_ context.Context, userID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	maps.DeleteFunc(m.codes, func(k [2]string, _ bool) bool { return k[0] == userID })
	return nil
}

func (m *memStore) sessionCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sessions)
}
