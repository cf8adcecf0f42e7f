// Package web is Cascade's HTTP surface: the JSON API under /api/v1, the
// embedded front end and health checks. routes.go lists every route; metrics have a
// listener of their own (MetricsHandler).
package web

import (
	"context"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/org"
)

// Accounts is what the API needs from the account service.
type Accounts interface {
	Register(ctx context.Context, pseudonym, password string) (account.User, []string, error)
	Login(ctx context.Context, pseudonym, password, userAgent, client string) (string, account.Session, error)
	SignIn(ctx context.Context, userID, userAgent string) (string, account.Session, error)
	Authenticate(ctx context.Context, token string) (account.User, account.Session, error)
	Logout(ctx context.Context, token string) error
	Sessions(ctx context.Context, userID string) ([]account.Session, error)
	RevokeSession(ctx context.Context, userID, sessionID string) error
	Recover(ctx context.Context, pseudonym, code, newPassword string) (string, error)
	ChangePassword(ctx context.Context, userID, keepSessionID, oldPassword, newPassword string) ([]string, error)
	User(ctx context.Context, id string) (account.User, error)
	SetDisabled(ctx context.Context, userID string, disabled bool) error
}

// Orgs is what the API needs from the organisation service.
type Orgs interface {
	Apply(ctx context.Context, pseudonym, password string, p org.Profile) (org.Organisation, string, []string, error)
	Get(ctx context.Context, id string) (org.Organisation, error)
	List(ctx context.Context, status org.Status) []org.Organisation
	Directory(ctx context.Context) []org.DirectoryEntry
	UpdateProfile(ctx context.Context, id string, p org.Profile) (org.Organisation, error)
	Approve(ctx context.Context, id string) (org.Organisation, error)
	Reject(ctx context.Context, id, reason string) (org.Organisation, error)
	Suspend(ctx context.Context, id, reason string) (org.Organisation, error)
	OrganisationsOf(ctx context.Context, userID string) []org.Membership
	Members(ctx context.Context, orgID string) []org.Member
	RemoveMember(ctx context.Context, orgID, userID string) error
	SetMentor(ctx context.Context, orgID, userID string, on bool) error
	CreateInvite(ctx context.Context, orgID, createdBy string) (org.Invite, string, error)
	Invites(ctx context.Context, orgID string) ([]org.Invite, error)
	RevokeInvite(ctx context.Context, orgID, inviteID string) error
	PeekInvite(ctx context.Context, token string) (org.Organisation, org.Invite, error)
	AcceptInvite(ctx context.Context, token, pseudonym, password string) (string, string, []string, error)
}

// Authorizer decides and changes roles.
type Authorizer interface {
	Allowed(userID, dom, obj, act string) (bool, error)
	Roles(userID, dom string) []string
	Grant(userID, role, dom string) error
}

// Pinger tells whether the store answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is everything the HTTP layer is built from.
type Config struct {
	Origin          string // public origin, e.g. https://cascade.example
	Accounts        Accounts
	Orgs            Orgs
	Exchanges       Exchanges
	Oversight       Oversight
	Authz           Authorizer
	Store           Pinger
	Setup           *SetupToken // nil once an admin exists
	Frontend        fs.FS
	OpenAPI         []byte
	Logger          *slog.Logger
	Registry        *prometheus.Registry
	SessionLifetime time.Duration
	Timeouts        Timeouts // zero fields take the defaults
	Sockets         Sockets
	Revocations     Revocations
	Moderation      Moderation
	Rooms           Rooms
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies whose
	// X-Forwarded-For names the client; from anyone else the header is ignored.
	TrustedProxies []string
	// Applications limits POST /api/v1/applications; zero fields take the defaults.
	Applications ApplicationLimits
	Privacy      Privacy

	Tips Tips // tips and lessons (issue 13 §3)
	// Hosting and ExchangeHosts serve hosting relationships (issue 13 §4).
	Hosting       Hosting
	ExchangeHosts ExchangeHosts
	Trainings     Trainings
	Library       Library
}

// Timeouts bound how long one connection may take to send a request, to take the
// answer, and to sit idle between requests, so slow clients cannot hold connections.
type Timeouts struct {
	Read, Write, Idle time.Duration
}

func (t Timeouts) withDefaults() Timeouts {
	if t.Read == 0 {
		t.Read = 15 * time.Second
	}
	if t.Write == 0 {
		t.Write = 30 * time.Second
	}
	if t.Idle == 0 {
		t.Idle = 60 * time.Second
	}
	return t
}

type server struct {
	Config
	accounts Accounts
	orgs     Orgs
	authz    Authorizer
	log      *slog.Logger
	gate     *socketGate
	// applications limits POST /api/v1/applications per client address and in all.
	applications *rateLimit
}

const bodyLimit = 64 << 10

// New builds the fiber app with every route of routes.go behind its decision.
func New(cfg Config) *fiber.App {
	s := &server{Config: cfg, accounts: cfg.Accounts, orgs: cfg.Orgs, authz: cfg.Authz, log: cfg.Logger, gate: &socketGate{open: map[string]int{}},
		applications: newRateLimit(cfg.Applications, time.Now)}
	timeouts := cfg.Timeouts.withDefaults()
	app := fiber.New(fiber.Config{
		AppName: "cascade",
		// Params, headers and cookies are copies, not views of fasthttp's reused buffers:
		// services keep ids from paths (an organisation id in a stored request), and a
		// view would change under them with the next request on the connection.
		Immutable:             true,
		DisableStartupMessage: true,
		ErrorHandler:          errorHandler(cfg.Logger, cfg.Origin),
		// Request bodies are streamed: read by the handler, after the guard, so nobody who
		// is not signed in can make the server hold a large body. fasthttp does not hold a
		// streamed body to BodyLimit (the largest upload, for the cases it still reads
		// whole), so limitBody holds every route but the uploads to bodyLimit before
		// anything reads the body, and readUpload reads an upload part by part into
		// memory, each part bounded, never parsed to temporary files on disk.
		BodyLimit:                    uploadLimit,
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ReadTimeout:                  timeouts.Read,
		WriteTimeout:                 timeouts.Write,
		IdleTimeout:                  timeouts.Idle,
		StrictRouting:                true,
		CaseSensitive:                true,
		ReadBufferSize:               8 << 10,
		// Limits per client address (clientKey) believe X-Forwarded-For only from these.
		ProxyHeader:             fiber.HeaderXForwardedFor,
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
		EnableIPValidation:      true,
	})
	// A WebSocket's hijack handler hands the connection to chat and returns; chat
	// closes it (web/ws.go).
	app.Server().KeepHijackedConns = true
	metrics := newMetrics(cfg.Registry)
	app.Use(metrics.middleware, securityHeaders(cfg.Origin), limitBody, csrfGuard(cfg.Origin))
	for _, r := range s.routes() {
		handlers := []fiber.Handler{checkIDs, s.guard(r.access)}
		if !takesBody[r.method+" "+r.path] {
			handlers = append(handlers, refuseBody)
		}
		app.Add(r.method, r.path, append(handlers, r.handle)...)
	}
	// Unknown API paths answer JSON 404. fiber's Use("/api") would also swallow
	// /api.js and every other file whose name starts with "api", so match the folder.
	// /metrics is served on its own listener only (MetricsHandler); here it is a 404,
	// not the app's page, so that a scraper pointed at the public address fails loudly.
	app.Use(func(c *fiber.Ctx) error {
		if strings.HasPrefix(c.Path(), "/api/") || c.Path() == "/metrics" {
			return errNotFound
		}
		return c.Next()
	})
	app.Use(s.frontend())
	return app
}
