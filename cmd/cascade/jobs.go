package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/org"
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

// expireApplications deletes the applications nobody decided on in time, with their
// accounts, at start and then every interval until ctx ends.
func expireApplications(ctx context.Context, orgs *org.Service, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := orgs.ExpireApplications(ctx); err != nil && ctx.Err() == nil {
			log.Warn("expiring applications", "err", err)
		} else if n > 0 {
			log.Info("expired applications", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
