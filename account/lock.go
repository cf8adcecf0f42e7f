package account

import "sync"

// userLocks serialises writes to one user's documents within the process: the embedded
// store applies concurrent updates of one document non-atomically, so a password change
// racing a disable could otherwise lose one of them.
type userLocks struct {
	mu sync.Mutex
	m  map[string]*userLock
}

type userLock struct {
	sync.Mutex
	waiters int
}

// lock takes userID's lock and returns its release; idle locks are freed, so the map
// holds only users being written right now.
func (l *userLocks) lock(userID string) (unlock func()) {
	l.mu.Lock()
	if l.m == nil {
		l.m = make(map[string]*userLock)
	}
	u, ok := l.m[userID]
	if !ok {
		u = &userLock{}
		l.m[userID] = u
	}
	u.waiters++
	l.mu.Unlock()
	u.Lock()
	return func() {
		u.Unlock()
		l.mu.Lock()
		if u.waiters--; u.waiters == 0 {
			delete(l.m, userID)
		}
		l.mu.Unlock()
	}
}
