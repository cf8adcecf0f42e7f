package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/org"
)

// inviteSweepInterval is how often expired invites are deleted: they are unusable and
// unlisted from the moment they expire, so this only bounds how long they stay on disk.
const inviteSweepInterval = time.Hour

// expiredInvites deletes the invites that expired before a time, with their claims.
type expiredInvites interface {
	DeleteExpiredInvites(ctx context.Context, before time.Time) (int64, error)
}

// repeat runs job on every tick until ctx ends: the loop every periodic job shares.
func repeat(ctx context.Context, tick <-chan time.Time, job func(context.Context)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			job(ctx)
		}
	}
}

// every runs job every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, job func(context.Context)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	repeat(ctx, tick.C, job)
}

// sweepInvites deletes expired invites on every tick until ctx ends: the embedded
// store has no TTL indexes, so nothing else would remove them.
func sweepInvites(ctx context.Context, st expiredInvites, now func() time.Time, tick <-chan time.Time, log *slog.Logger) {
	repeat(ctx, tick, func(ctx context.Context) {
		if n, err := st.DeleteExpiredInvites(ctx, now()); err != nil && ctx.Err() == nil {
			log.Warn("sweeping expired invites", "err", err)
		} else if n > 0 {
			log.Debug("swept expired invites", "count", n)
		}
	})
}

// purgeSessions deletes expired sessions every interval until ctx ends: the
// embedded store has no TTL indexes, so nothing else would remove them.
func purgeSessions(ctx context.Context, accounts *account.Service, interval time.Duration, log *slog.Logger) {
	every(ctx, interval, func(ctx context.Context) {
		if n, err := accounts.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purging expired sessions", "err", err)
		} else if n > 0 {
			log.Debug("purged expired sessions", "count", n)
		}
	})
}

// expireApplications deletes the applications nobody decided on in time, with their
// accounts, at start and then every interval until ctx ends.
func expireApplications(ctx context.Context, orgs *org.Service, interval time.Duration, log *slog.Logger) {
	expire := func(ctx context.Context) {
		if n, err := orgs.ExpireApplications(ctx); err != nil && ctx.Err() == nil {
			log.Warn("expiring applications", "err", err)
		} else if n > 0 {
			log.Info("expired applications", "count", n)
		}
	}
	expire(ctx)
	every(ctx, interval, expire)
}
