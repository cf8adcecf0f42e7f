package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/account"
)

// purgeSessions deletes expired sessions every interval until ctx ends: the
// embedded store has no TTL indexes, so nothing else would remove them.
func purgeSessions(ctx context.Context, accounts *account.Service, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if n, err := accounts.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
				log.Warn("purging expired sessions", "err", err)
			} else if n > 0 {
				log.Debug("purged expired sessions", "count", n)
			}
		}
	}
}
