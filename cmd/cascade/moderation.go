package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store"
)

var (
	_ chat.Gate         = (*moderation.Gate)(nil)
	_ moderation.Chat   = (*chat.Hub)(nil)
	_ moderation.Roles  = (*authz.Enforcer)(nil)
	_ moderation.Access = (*authz.Enforcer)(nil)
	_ moderation.Store  = (*store.DB)(nil)
	_ moderation.Alerts = (*exchange.Service)(nil)
)

// moderationSweep is how often each instance lifts the mutes that ran out and reads the
// room controls (lock, slow mode) set on other instances.
const moderationSweep = time.Second

func sweepModeration(ctx context.Context, mod *moderation.Service) {
	tick := time.NewTicker(moderationSweep)
	defer tick.Stop()
	mod.RunSweeper(ctx, tick.C)
}

// waitingSweep is how often each instance looks for reports open for more than a day: the
// staff's alert comes at most this much after the day is over.
const waitingSweep = 5 * time.Minute

// alertWaitingReports alerts of the reports that waited while no instance ran before it
// returns, then every waitingSweep in the background until ctx ends.
func alertWaitingReports(ctx context.Context, background *sync.WaitGroup, mod *moderation.Service, log *slog.Logger) {
	alert := func(ctx context.Context) {
		if err := mod.AlertWaiting(ctx); err != nil && ctx.Err() == nil {
			log.Warn("alerting of waiting reports", "err", err)
		}
	}
	alert(ctx)
	background.Go(func() { every(ctx, waitingSweep, alert) })
}
