// Package privacy lets a person see and take everything Cascade holds about them (an
// export through a one-time link) and make it disappear (deleting their account). It
// holds no data of its own beyond the links: it asks the services that own each fact.
package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/rooms"
)

// Errors of the privacy service.
var (
	// ErrLinkInvalid: no such export link, it was used, it expired, or it is someone else's.
	ErrLinkInvalid = errors.New("privacy: this export link is not valid")
	// ErrLastLead: the account leads an organisation alone; someone else must lead it, or
	// the organisation be offboarded, before the account can go.
	ErrLastLead = errors.New("privacy: the only lead of an organisation cannot delete the account")
	// ErrLastAdmin: the account is the platform's only admin; the platform would have
	// nobody to approve organisations.
	ErrLastAdmin = errors.New("privacy: the only admin cannot delete the account")
	// ErrInvalid: the request names no choice for the messages.
	ErrInvalid = errors.New("privacy: invalid request")
)

// Store is what the privacy service keeps and erases directly (store.DB).
type Store interface {
	// MessagesBy returns every record author wrote, in every room.
	MessagesBy(ctx context.Context, author string) ([]chat.Message, error)
	SaveExportLink(ctx context.Context, hash, userID string, expires time.Time) error
	// UseExportLink claims a link once; ErrLinkInvalid if it is not there or was used.
	UseExportLink(ctx context.Context, hash string) (userID string, expires time.Time, err error)
	DeleteExportLinks(ctx context.Context, before time.Time) error
	// EraseAuthor rewrites userID's records as written by as; with wipe, without text.
	EraseAuthor(ctx context.Context, userID, as string, wipe bool) error
	// ForgetUser deletes the user's read markers, room dates, notifications and links.
	ForgetUser(ctx context.Context, userID string) error
	// Scrub makes deleted data unrecoverable from the store's files where it can.
	Scrub(ctx context.Context) error
}

// Accounts is the account service.
type Accounts interface {
	User(ctx context.Context, id string) (account.User, error)
	Sessions(ctx context.Context, userID string) ([]account.Session, error)
	CheckPassword(ctx context.Context, userID, password string) error
	// Delete removes the account, its sessions and recovery codes.
	Delete(ctx context.Context, userID string) error
}

// Orgs is the organisation service.
type Orgs interface {
	OrganisationsOf(ctx context.Context, userID string) []org.Membership
	Members(ctx context.Context, orgID string) []org.Member
	RemoveMember(ctx context.Context, orgID, userID string) error
	// OnlyHere reports whether offboarding orgID deletes userID's account.
	OnlyHere(userID, orgID string) bool
	// Offboard deletes the organisation, its roles and the accounts only it held.
	Offboard(ctx context.Context, orgID string) error
}

// Roles are the role assignments (authz.Enforcer).
type Roles interface {
	Roles(userID, dom string) []string
	Users(role, dom string) []string
	// RemoveUser takes every role away from the user, in every domain.
	RemoveUser(userID string) error
}

// Rooms is the rooms service.
type Rooms interface {
	ForUser(ctx context.Context, userID string) (mine, joinable []rooms.Room)
	Get(ctx context.Context, id string) (rooms.Room, error)
	// Leave takes the user out of a room; a space they owned alone goes to its
	// longest-standing member.
	Leave(ctx context.Context, userID, id string) error
	// ForgetOrganisation retitles the exchange rooms of an offboarded organisation.
	ForgetOrganisation(ctx context.Context, orgID string) error
}

// Exchanges is the exchange service.
type Exchanges interface {
	Requests(ctx context.Context, orgID string) []exchange.Request
	Exchanges(ctx context.Context, orgID string) []exchange.Exchange
	Notifications(ctx context.Context, userID string) []exchange.Notification
	ForgetPerson(ctx context.Context, userID string) error
}

// Moderation is what the moderation side keeps about a person: the reports they filed, the
// copies of their messages in reports others filed, audit entries about them. Nil until
// that side exists.
type Moderation interface {
	// ReportsBy returns the reports userID filed, as they may see them, for the export.
	ReportsBy(ctx context.Context, userID string) ([]json.RawMessage, error)
	// ForgetPerson takes userID out of every report: as reporter, and as the author of
	// reported copies, rewritten as EraseAuthor rewrites messages (author as; with wipe,
	// no text). Audit entries about them keep the action and an opaque id only.
	ForgetPerson(ctx context.Context, userID, as string, wipe bool) error
}

// Announcer makes a deletion take effect on every instance (peers.Revoker): sockets
// close, cached sessions and in-memory records of the account are forgotten.
type Announcer interface {
	AccountErased(ctx context.Context, userID, as string, wipe bool)
}

// Config wires a Service; Now defaults to time.Now.
type Config struct {
	Store     Store
	Accounts  Accounts
	Orgs      Orgs
	Roles     Roles
	Rooms     Rooms
	Exchanges Exchanges
	Announcer Announcer
	// Moderation is optional (nil: there are no reports to export or erase).
	Moderation Moderation
	// Library is optional (nil: there is no library to clear of an offboarded organisation).
	Library Library
	Now     func() time.Time
}

// Library deletes an offboarded organisation's resources and their files.
type Library interface {
	ForgetOrganisation(ctx context.Context, orgID string) error
}

// Service exports and erases a person's data.
type Service struct {
	cfg Config
}

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}
