// Package accounttest holds a behaviour suite for account.Service that runs against any
// account.Store (the in-memory fake and the real store), and a fake clock.
package accounttest

import (
	"sync"
	"time"
)

// Clock is a fake clock for account.Options.Now; it moves only when told.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at a fixed, millisecond-aligned instant.
func NewClock() *Clock { return &Clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
