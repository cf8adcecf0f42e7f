package rooms

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Store keeps room descriptions.
type Store interface {
	InsertRoom(ctx context.Context, r Room) error
	UpdateRoom(ctx context.Context, r Room) error
	Rooms(ctx context.Context) ([]Room, error)
	// Room returns room id, or ErrNotFound.
	Room(ctx context.Context, id string) (Room, error)
}

// Roles grants and reads room roles; rooms do not import authz.
type Roles interface {
	Grant(userID, role, dom string) error
	Revoke(userID, role, dom string) error
	Roles(userID, dom string) []string
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
	st    Store
	roles Roles
	now   func() time.Time

	mu    sync.Mutex // serialises writes: updates are not atomic on the embedded store
	rooms map[string]Room
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

// NewService loads the rooms. now may be nil (time.Now).
func NewService(ctx context.Context, st Store, roles Roles, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	list, err := st.Rooms(ctx)
	if err != nil {
		return nil, fmt.Errorf("rooms: load: %w", err)
	}
	s := &Service{st: st, roles: roles, now: now, rooms: make(map[string]Room, len(list))}
	for _, r := range list {
		s.rooms[r.ID] = r
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
	return r, nil
}

// OpenExchangeRoom makes sure the room of an exchange exists and that every one of
// members may use it. Calling it again adds members and changes nothing else.
func (s *Service) OpenExchangeRoom(ctx context.Context, exchangeID, title string, members []string) (Room, error) {
	id := "x" + exchangeID
	r, err := s.Get(ctx, id)
	if err != nil {
		r = Room{ID: id, Kind: KindExchange, Title: clean(title), Access: AccessInvite, Created: s.now().UTC()}
		if err := s.insert(ctx, r); err != nil {
			return Room{}, err
		}
	}
	for _, m := range members {
		if err := s.roles.Grant(m, RoleMember, Domain(id)); err != nil {
			return Room{}, err
		}
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

// Join makes userID a member of an open community space.
func (s *Service) Join(ctx context.Context, userID, id string) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if r.Kind != KindSpace || r.Access != AccessOpen {
		return ErrClosed
	}
	return s.roles.Grant(userID, RoleMember, Domain(id))
}

// AddMember lets userID into room id (an owner's decision, checked by the caller).
func (s *Service) AddMember(ctx context.Context, id, userID string) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	return s.roles.Grant(userID, RoleMember, Domain(id))
}

// Leave removes userID's membership of room id.
func (s *Service) Leave(ctx context.Context, userID, id string) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	return s.roles.Revoke(userID, RoleMember, Domain(id))
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

// ForUser lists the rooms userID belongs to, and the open spaces they could join.
func (s *Service) ForUser(_ context.Context, userID string) (mine, joinable []Room) {
	s.mu.Lock()
	all := make([]Room, 0, len(s.rooms))
	for _, r := range s.rooms {
		all = append(all, r)
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b Room) int { return strings.Compare(a.Title+a.ID, b.Title+b.ID) })
	mine, joinable = []Room{}, []Room{}
	for _, r := range all {
		switch roles := s.roles.Roles(userID, Domain(r.ID)); {
		case slices.Contains(roles, RoleMember):
			mine = append(mine, r)
		case r.Kind == KindSpace && r.Access == AccessOpen:
			joinable = append(joinable, r)
		}
	}
	return mine, joinable
}

func clean(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }
