package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/docs"
	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/frontend"
	"github.com/cascade-platform/cascade/library"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/oversight"
	"github.com/cascade-platform/cascade/peers"
	"github.com/cascade-platform/cascade/privacy"
	"github.com/cascade-platform/cascade/rooms"
	"github.com/cascade-platform/cascade/tips"
	"github.com/cascade-platform/cascade/training"
	"github.com/cascade-platform/cascade/web"
)

const sessionLifetime = 12 * time.Hour

// libraryLease bounds how long an instance that dies mid-upload holds its organisation's
// quota lease: far longer than storing 25 MB takes.
const libraryLease = 2 * time.Minute

// tipsShared is how far behind the other instances one instance's tips may be.
const tipsShared = 2 * time.Second

// serve runs the server until ctx ends, then shuts down in order: stop taking
// requests, finish those in flight, close the store.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, demo bool) error {
	cfg, _, err := parseConfig("serve", args, getenv, stderr, nil)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	cfg.demo = cfg.demo || demo
	log := cfg.logger(stderr)

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	if cfg.origin == "" {
		cfg.origin = "http://" + ln.Addr().String()
	}
	log.Info("config", "addr", ln.Addr().String(), "origin", cfg.origin, "data", cfg.dataDir,
		"metrics_addr", cfg.metricsAddr, "mongodb", cfg.mongoURI != "", "db", cfg.dbName, "log_level", cfg.logLevel.String(), "demo", cfg.demo,
		"trusted_proxies", len(cfg.trustedProxies), "applications_per_hour", cfg.applications.PerAddress, "applications_per_hour_all", cfg.applications.Total, "library_quota", cfg.libraryQuota)

	db, closeStore, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeStore()
	// Background jobs end before the store closes: defers run in reverse, so
	// cancel stops them, Wait waits for them, and only then closeStore runs.
	var background sync.WaitGroup
	defer background.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	enforcer, err := authz.New(db.RoleAdapter())
	if err != nil {
		return err
	}
	accounts := account.NewService(db, account.Options{Logger: log, AbsoluteTimeout: sessionLifetime})
	registrar := newRegistrar(accounts, enforcer)
	orgAccts := &orgAccounts{r: registrar}
	orgs, err := org.NewService(ctx, db, orgAccts, enforcer, org.Options{})
	if err != nil {
		return err
	}
	admins := func() []string { return enforcer.Users(authz.RoleAdmin, authz.Platform) }
	moderators := func() []string { return enforcer.Users(authz.RoleModerator, authz.Platform) }
	exchanges, err := exchange.NewService(ctx, db, orgs, exchange.Options{Logger: log, Admins: admins, Moderators: moderators, Hosts: orgs})
	if err != nil {
		return err
	}
	orgs.OnStatus(exchanges.FollowStatus) // only approved organisations take part
	roomList, err := rooms.NewService(ctx, rooms.Config{Store: db, Roles: enforcer, Exchanges: exchanges, Orgs: orgs, Hosts: orgs})
	if err != nil {
		return err
	}
	broker, bus, closeBroker, err := openBroker(cfg, log)
	if err != nil {
		return err
	}
	defer closeBroker()
	// The training library: its directory in memory, files cleaned of metadata by sanitize;
	// chat messages refer to what their senders may see. With other instances, a lease in
	// the store keeps an organisation's uploads one at a time across them all.
	libCfg := library.Config{Store: db, Orgs: orgs, Roles: enforcer,
		Exchanges: libraryExchanges{exchanges}, Clean: cleanFile, Reported: reportedResource(db), Quota: cfg.libraryQuota, Log: log}
	if bus != nil {
		libCfg.Lease = func(ctx context.Context, key string) (func() error, error) { return db.Lease(ctx, key, libraryLease) }
	}
	lib, err := library.New(ctx, libCfg)
	if err != nil {
		return err
	}
	gate := moderation.NewGate(enforcer, roomList, nil)
	hub := chat.New(chat.Config{Store: db, Auth: roomAuthorizer{roomList}, Gate: gate, Log: log, Retention: roomRetention(roomList), Markers: db, Broker: broker, FanoutEvery: cfg.fanoutEvery, Resources: lib.CanRead})
	exchanges.OnNotify(notifySockets(hub))
	revocations := peers.NewRevoker(hub, accounts, enforcer, roomList, exchanges, bus, log)
	roomList.OnChange(revocations.RoomChanged)
	// Who is in an exchange room follows from the organisations: a change of standing
	// there is announced by the organisations, through the rooms, to every instance.
	roomList.Announce(revocations, hub)
	orgs.OnStanding(roomList)
	// Hosting (issue 13 §4): the other side's leads are told of a relationship's change;
	// a host joining or leaving an exchange changes its room's people.
	orgs.OnHosting(func(ctx context.Context, orgID string, ev org.HostingEvent) {
		exchanges.HostingChanged(ctx, orgID, string(ev))
	})
	exchanges.OnHostChange(roomList.ExchangeHostChanged)
	trainings, err := training.NewService(ctx, training.Config{Store: db, Exchanges: exchanges, Orgs: orgs, Notifier: exchanges, Resources: lib})
	if err != nil {
		return err
	}
	states := peers.NewStateSync(bus, enforcer, orgs, exchanges, trainings, log)
	if bus != nil {
		// Only with other instances: OnChange also makes the services read the store on
		// a miss and before a change, which one instance, the only writer, need not.
		orgs.OnChange(states.OrgChanged)
		exchanges.OnChange(states)
		trainings.OnChange(states)
		lib.OnChange(states.ResourceChanged)
		states.FollowLibrary(lib)
		enforcer.OnChange(states.RolesStored)
	}
	// Tips and lessons of completed exchanges; staff take reported ones down. With other
	// instances, reads are at most tipsShared behind theirs and changes read the store.
	tipsCfg := tips.Config{Store: db, Exchanges: exchanges, Orgs: orgs}
	if bus != nil {
		tipsCfg.Shared = tipsShared
	}
	tipList, err := tips.NewService(ctx, tipsCfg)
	if err != nil {
		return err
	}
	mod, err := moderation.New(ctx, moderation.Options{Store: db, Messages: db, Chat: hub, Roles: enforcer, Access: roomList, Revocations: revocations, Gate: gate, Alerts: exchanges, Log: log,
		Takedowns: map[string]moderation.Takedown{moderation.KindTip: tipList, moderation.KindResource: lib}})
	if err != nil {
		return err
	}
	background.Go(func() { sweepModeration(ctx, mod) })
	alertWaitingReports(ctx, &background, mod, log)
	background.Go(func() { revocations.Run(ctx) })
	background.Go(func() { states.Run(ctx) })
	background.Go(func() { exchanges.RunSweeper(ctx, time.Hour) })
	background.Go(func() { purgeSessions(ctx, accounts, 10*time.Minute, log) })
	// The admins are alerted of every application.
	orgs.OnApply(exchanges.ApplicationReceived)
	orgAccts.revoked = revocations.UserRevoked // before anything can delete an account
	background.Go(func() { expireApplications(ctx, orgs, time.Hour, log) })
	background.Go(func() {
		tick := time.NewTicker(inviteSweepInterval)
		defer tick.Stop()
		sweepInvites(ctx, db, time.Now, tick.C, log)
	})
	background.Go(func() {
		tick := time.NewTicker(sweepInterval)
		defer tick.Stop()
		messageSweeper{rooms: roomList, store: db, now: time.Now, log: log}.run(ctx, tick.C)
	})
	// A crash between a status change and the exchanges following it is repaired here.
	if err := exchanges.Repair(ctx); err != nil {
		return err
	}
	if _, err := exchanges.RepairClaims(ctx); err != nil {
		log.Error("repairing exchange claims", "err", err) // what could be repaired was
	}
	if cfg.demo {
		if err := seedDemo(ctx, orgs, registrar, enforcer, cfg.dataDir, stdout, log); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	var setup *web.SetupToken
	if len(enforcer.Users(authz.RoleAdmin, authz.Platform)) == 0 {
		setup = web.NewSetupToken()
		// The link is a secret: it goes to the terminal, never to the log.
		fmt.Fprintf(stdout, "No admin yet. Create the first admin at: %s/setup#%s\n", cfg.origin, setup.Value())
	}
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	app := web.New(web.Config{
		Origin:          cfg.origin,
		Accounts:        registrar,
		Orgs:            orgs,
		Exchanges:       exchangeRooms{Service: exchanges, rooms: roomList},
		Authz:           enforcer,
		Store:           db,
		Setup:           setup,
		Frontend:        frontend.Files(),
		OpenAPI:         docs.OpenAPI(),
		Logger:          log,
		Registry:        registry,
		SessionLifetime: sessionLifetime,
		Sockets:         chatSockets{hub},
		Revocations:     revocations,
		Moderation:      mod,
		Rooms:           roomList,
		TrustedProxies:  cfg.trustedProxies,
		Oversight:       oversight.NewService(orgs, exchanges, trainings, nil),
		Trainings:       trainings,
		Applications:    cfg.applications,
		Privacy: privacy.New(privacy.Config{Store: db, Accounts: accounts, Orgs: orgs, Roles: enforcer,
			Rooms: roomList, Exchanges: exchanges, Announcer: revocations, Moderation: mod, Tips: tipList, Trainings: trainings, Library: lib}),
		Tips:          tipList,
		Hosting:       orgs,
		ExchangeHosts: exchanges,
		Library:       lib,
	})

	if cfg.metricsAddr != "" {
		stop, err := serveMetrics(cfg.metricsAddr, registry, stdout)
		if err != nil {
			return err
		}
		defer stop()
	}
	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	fmt.Fprintf(stdout, "Cascade is serving on %s\n", cfg.origin)

	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := app.ShutdownWithContext(shutdownCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	<-served
	// fasthttp's shutdown does not cover hijacked connections: the hub tells every
	// socket to reconnect (1012) and waits for its goroutines and pending writes.
	if err := hub.Close(shutdownCtx); err != nil {
		log.Warn("chat shutdown", "err", err)
	}
	return nil
}
