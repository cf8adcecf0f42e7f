package rooms

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/cascade-platform/cascade/exchange"
)

// Store keeps room descriptions.
type Store interface {
	InsertRoom(ctx context.Context, r Room) error
	UpdateRoom(ctx context.Context, r Room) error
	Rooms(ctx context.Context) ([]Room, error)
	// Room returns room id, or ErrNotFound.
	Room(ctx context.Context, id string) (Room, error)
	// MarkMember records when userID became a member of room (an earlier record is kept),
	// UnmarkMember forgets it, MembersSince returns the records of room: the longest-
	// standing member of a space takes it over when its last owner leaves.
	MarkMember(ctx context.Context, room, userID string, at time.Time) error
	UnmarkMember(ctx context.Context, room, userID string) error
	MembersSince(ctx context.Context, room string) (map[string]time.Time, error)
}

// Roles grants, reads and decides roles; rooms do not import authz.
type Roles interface {
	Grant(userID, role, dom string) error
	Revoke(userID, role, dom string) error
	Roles(userID, dom string) []string
	Users(role, dom string) []string
	Allowed(userID, dom, obj, act string) (bool, error)
	// AllowedAs decides as though userID also held the room role in dom (derived).
	AllowedAs(userID, role, dom, obj, act string) (bool, error)
}

// Revocations makes a loss of access take effect on every instance: the user's sockets
// close (1008) within a second.
type Revocations interface {
	// RoomLeft: userID left room, was removed from it, or lost what put them there; their
	// sockets in it close everywhere at once.
	RoomLeft(ctx context.Context, userID, room string)
	// RolesChanged: userID's roles changed; every instance reloads roles, then closes the
	// user's sockets in rooms they may no longer read.
	RolesChanged(ctx context.Context, userID string)
}

// Roster tells a room's open sockets that its members changed, on every instance.
type Roster interface {
	MemberChanged(ctx context.Context, room, userID string)
}

// Config wires a Service. Store and Roles are required; Exchanges and Orgs are needed
// for exchange rooms.
type Config struct {
	Store     Store
	Roles     Roles
	Exchanges Exchanges
	Orgs      Orgs
	Hosts     exchange.Hosts   // who hosts whom; nil: no host takes part in an exchange
	Now       func() time.Time // default time.Now
}

// Announce sets who is told about changes of membership: revocations closes the sockets
// of people who lost a room, roster tells the rooms' sockets. The chat hub, which both
// need, decides through this service, so they come after it. Call it before the service
// is used; without it nothing is announced (tools, tests of one part).
func (s *Service) Announce(revocations Revocations, roster Roster) {
	s.revoke, s.roster = revocations, roster
}

// Room role names and the room domain, as the policy spells them.
const (
	RoleOwner  = "owner"
	RoleMember = "member"
)

// Domain is the policy domain of room id.
func Domain(id string) string { return "room:" + id }

// Service keeps every room description in memory (there are few, and every
// request that lists rooms would otherwise scan the table) and writes through.
type Service struct {
	st        Store
	roles     Roles
	exchanges Exchanges
	orgs      Orgs
	hosts     exchange.Hosts
	revoke    Revocations
	roster    Roster
	now       func() time.Time

	leaveMu sync.Mutex   // one space leave at a time (leaveSpace)
	mu      sync.RWMutex // serialises writes: updates are not atomic on the embedded store
	rooms   map[string]Room
	// changed is told about every room this instance creates or changes, so that other
	// instances refresh their copy (Refresh); nil on one instance.
	changed func(ctx context.Context, id string)
}

// OnChange sets what is told the id of every room this instance creates or changes.
// Call it before the service is used.
func (s *Service) OnChange(fn func(ctx context.Context, id string)) { s.changed = fn }

func (s *Service) tell(ctx context.Context, id string) {
	if s.changed != nil {
		s.changed(ctx, id)
	}
}

// Refresh reads room id again from the store: another instance created or changed it.
func (s *Service) Refresh(ctx context.Context, id string) error {
	r, err := s.st.Room(ctx, id)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case errors.Is(err, ErrNotFound):
		delete(s.rooms, id)
	case err != nil:
		return err
	default:
		s.rooms[id] = r
	}
	return nil
}

// NewService loads the rooms.
func NewService(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	list, err := cfg.Store.Rooms(ctx)
	if err != nil {
		return nil, fmt.Errorf("rooms: load: %w", err)
	}
	s := &Service{st: cfg.Store, roles: cfg.Roles, exchanges: cfg.Exchanges, orgs: cfg.Orgs, hosts: cfg.Hosts,
		now: cfg.Now, rooms: make(map[string]Room, len(list))}
	for _, r := range list {
		s.rooms[r.ID] = r
	}
	if err := s.dropCopiedGrants(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Get returns room id or ErrNotFound. A room not known here is read from the store:
// another instance may have created it a moment ago.
func (s *Service) Get(ctx context.Context, id string) (Room, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.rooms[id]; ok {
		return r, nil
	}
	r, err := s.st.Room(ctx, id)
	if err != nil {
		return Room{}, err
	}
	s.rooms[id] = r
	return r, nil
}

// CreateSpace creates a community space owned by ownerID.
func (s *Service) CreateSpace(ctx context.Context, ownerID, title, about string, access Access) (Room, error) {
	title, about = clean(title), clean(about)
	if err := checkText("title", title, 3, 80); err != nil {
		return Room{}, err
	}
	if err := checkText("about", about, 0, 1000); err != nil {
		return Room{}, err
	}
	if access != AccessOpen && access != AccessInvite {
		return Room{}, fmt.Errorf("%w: access must be open or invite", ErrInvalid)
	}
	r := Room{ID: "s" + strings.ToLower(rand.Text()[:16]), Kind: KindSpace, Title: title, About: about, Access: access, Created: s.now().UTC()}
	if err := s.insert(ctx, r); err != nil {
		return Room{}, err
	}
	for _, role := range []string{RoleOwner, RoleMember} {
		if err := s.roles.Grant(ownerID, role, Domain(r.ID)); err != nil {
			return Room{}, err
		}
	}
	if err := s.st.MarkMember(ctx, r.ID, ownerID, r.Created); err != nil {
		return Room{}, err
	}
	return r, nil
}

func (s *Service) insert(ctx context.Context, r Room) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.rooms[r.ID]; ok {
		return nil
	}
	if err := s.st.InsertRoom(ctx, r); err != nil {
		return err
	}
	s.rooms[r.ID] = r
	s.tell(ctx, r.ID)
	return nil
}

// SetRetention sets how many days room id keeps messages (0, 1, 7 or 30).
func (s *Service) SetRetention(ctx context.Context, id string, days int) (Room, error) {
	if err := checkRetention(days); err != nil {
		return Room{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.rooms[id]
	if !ok {
		return Room{}, ErrNotFound
	}
	r.RetentionDays = days
	if err := s.st.UpdateRoom(ctx, r); err != nil {
		return Room{}, err
	}
	s.rooms[id] = r
	s.tell(ctx, id)
	return r, nil
}

// Retentions returns the rooms that keep messages for a limited time, by id.
func (s *Service) Retentions() map[string]time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]time.Duration{}
	for id, r := range s.rooms {
		if r.RetentionDays > 0 {
			out[id] = r.Retention()
		}
	}
	return out
}

func clean(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }
