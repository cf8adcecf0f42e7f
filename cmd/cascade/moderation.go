package main

import (
	"context"
	"time"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store"
)

var (
	_ chat.Gate         = (*moderation.Gate)(nil)
	_ moderation.Chat   = (*chat.Hub)(nil)
	_ moderation.Roles  = (*authz.Enforcer)(nil)
	_ moderation.Access = (*authz.Enforcer)(nil)
	_ moderation.Store  = (*store.DB)(nil)
)

// moderationSweep is how often each instance lifts the mutes that ran out and reads the
// room controls (lock, slow mode) set on other instances.
const moderationSweep = time.Second

func sweepModeration(ctx context.Context, mod *moderation.Service) {
	tick := time.NewTicker(moderationSweep)
	defer tick.Stop()
	mod.RunSweeper(ctx, tick.C)
}
