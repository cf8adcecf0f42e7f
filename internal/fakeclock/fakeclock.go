// Package fakeclock is a clock for tests that moves only when told, so timeouts,
// expiry and retention are tested without waiting.
package fakeclock

import (
	"sync"
	"time"
)

// Clock is safe for concurrent use; pass its Now wherever a service takes a clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock stopped at a fixed, millisecond-aligned instant.
func New() *Clock { return &Clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
