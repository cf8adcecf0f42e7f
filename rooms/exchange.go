package rooms

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
)

// Exchanges finds the exchange behind an exchange room.
type Exchanges interface {
	// Find returns exchange id whichever organisation asks, or exchange.ErrNotFound.
	Find(ctx context.Context, id string) (exchange.Exchange, error)
}

// Orgs reads the party organisations of an exchange room.
type Orgs interface {
	Get(ctx context.Context, id string) (org.Organisation, error)
}

// The policy's questions that derive a person's place in an exchange room from their
// roles in a party organisation (authz/policy.csv).
const (
	objExchangeRoom = "exchangeroom"
	actOwn          = "own"   // a lead: owns the room, as an owner owns a space
	actEnter        = "enter" // a mentor: a member of the room
)

// ErrNotParty: the person belongs to neither organisation of the exchange room.
var ErrNotParty = errors.New("rooms: not a member of either organisation of the exchange")

// ErrDerived: the person's place in the exchange room follows from their role in their
// organisation (lead or mentor); it ends when that role ends, not by leaving the room.
var ErrDerived = errors.New("rooms: membership follows from the organisation")

const exchangePrefix = "x"

// ExchangeRoomID is the id of exchange id's room.
func ExchangeRoomID(exchangeID string) string { return exchangePrefix + exchangeID }

// OpenExchangeRoom makes sure the room of an accepted exchange exists, titled after its
// two organisations. Nobody is granted it: who is in it follows from the organisations
// (Allowed). Calling it again changes nothing.
func (s *Service) OpenExchangeRoom(ctx context.Context, x exchange.Exchange) (Room, error) {
	id := ExchangeRoomID(x.ID)
	if r, err := s.Get(ctx, id); err == nil {
		return r, nil
	}
	var names []string
	for _, o := range []string{x.RequestOrg, x.MentorOrg} {
		if o, err := s.orgs.Get(ctx, o); err == nil {
			names = append(names, o.Profile.Name)
		}
	}
	title := "Exchange"
	if len(names) == 2 {
		title = names[0] + " × " + names[1]
	}
	r := Room{ID: id, Kind: KindExchange, Title: clean(title), Access: AccessInvite, Created: s.now().UTC()}
	if err := s.insert(ctx, r); err != nil {
		return Room{}, err
	}
	return r, nil
}

// place is where a person stands in an exchange room.
type place struct {
	role  string // RoleOwner, RoleMember, or "" when not in the room
	party string // the party organisation that puts them there
	added bool   // in the room because a lead added them, not by their own role
}

// organisations returns the organisations that put people in x's room: its two parties
// and, while it takes part (exchange.HostCounts), the host a party brought in.
func (s *Service) organisations(ctx context.Context, x exchange.Exchange) []string {
	orgs := []string{x.RequestOrg, x.MentorOrg}
	if x.HostCounts(ctx, s.hosts) {
		orgs = append(orgs, x.HostOrg)
	}
	return orgs
}

// placeIn derives userID's place in exchange room r from the party organisations and the
// host taking part: their leads own it, their mentors are members, and a member a lead
// added stays while they are a member of one of them. Only approved organisations put
// anyone in a room. The policy's answers are cached; the role lists read for a member
// without a role there are not, so they come last.
func (s *Service) placeIn(ctx context.Context, userID string, x exchange.Exchange) place {
	var parties []string
	for _, party := range s.organisations(ctx, x) {
		if o, err := s.orgs.Get(ctx, party); err == nil && o.Status == org.StatusApproved {
			parties = append(parties, party)
		}
	}
	// Leads and mentors are members (org.Service grants member first, revokes it last).
	var p place
	for _, party := range parties {
		dom := org.Domain(party)
		if ok, _ := s.roles.Allowed(userID, dom, objExchangeRoom, actOwn); ok {
			return place{role: RoleOwner, party: party}
		}
		if ok, _ := s.roles.Allowed(userID, dom, objExchangeRoom, actEnter); ok && p.role == "" {
			p = place{role: RoleMember, party: party}
		}
	}
	if p.role != "" {
		return p
	}
	for _, party := range parties {
		if slices.Contains(s.roles.Roles(userID, org.Domain(party)), org.RoleMember) {
			p.party = party
			break
		}
	}
	if p.party != "" && slices.Contains(s.roles.Roles(userID, Domain(ExchangeRoomID(x.ID))), RoleMember) {
		p.role, p.added = RoleMember, true
	}
	return p
}

// exchangeOf returns the exchange behind exchange room r.
func (s *Service) exchangeOf(ctx context.Context, r Room) (exchange.Exchange, error) {
	if r.Kind != KindExchange || s.exchanges == nil {
		return exchange.Exchange{}, ErrNotFound
	}
	x, err := s.exchanges.Find(ctx, strings.TrimPrefix(r.ID, exchangePrefix))
	if err != nil {
		return exchange.Exchange{}, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return x, nil
}

// Allowed decides whether userID may perform act on obj in dom. Questions about exchange
// rooms are derived from the party organisations (see placeIn), and writing messages
// there also needs the exchange to be running; every other question goes to the role
// policy as it is.
func (s *Service) Allowed(userID, dom, obj, act string) (bool, error) {
	id, ok := strings.CutPrefix(dom, "room:")
	if !ok || !strings.HasPrefix(id, exchangePrefix) {
		return s.roles.Allowed(userID, dom, obj, act) // not an exchange room: no lookup
	}
	r, err := s.lookup(id)
	if err != nil || r.Kind != KindExchange {
		return s.roles.Allowed(userID, dom, obj, act)
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	x, err := s.exchangeOf(ctx, r)
	if err != nil {
		return false, nil
	}
	p := s.placeIn(ctx, userID, x)
	if p.role == "" {
		return false, nil
	}
	if obj == "messages" && act == "write" && !x.Running() {
		return false, nil
	}
	return s.roles.AllowedAs(userID, p.role, dom, obj, act)
}

// lookupTimeout bounds the store reads a decision may need (a room or an exchange that
// another instance created a moment ago): decisions carry no context of their own.
const lookupTimeout = 5 * time.Second

// lookup returns room id from memory, or from the store when another instance created it
// a moment ago. Every chat frame asks, so the usual case takes a read lock only.
func (s *Service) lookup(id string) (Room, error) {
	s.mu.RLock()
	r, ok := s.rooms[id]
	s.mu.RUnlock()
	if ok {
		return r, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	return s.Get(ctx, id)
}

// ReadOnly reports whether room is an exchange room whose exchange is not running
// (completed, cancelled or paused): its history stays readable, nobody writes.
func (s *Service) ReadOnly(room string) bool {
	if !strings.HasPrefix(room, exchangePrefix) {
		return false
	}
	r, err := s.lookup(room)
	if err != nil || r.Kind != KindExchange {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	x, err := s.exchangeOf(ctx, r)
	return err == nil && !x.Running()
}

// StandingChanged makes a change of people's standing in an organisation take effect in
// its exchange rooms: the sockets of those who lost a room close on every instance, and
// the rooms' rosters are told. org.Service calls it once the change is stored.
//
// A change of roles reaches the other instances with their role reload, and RolesChanged
// closes sockets there after it, when their answer is current (a socket reconnected in
// between is closed too). An organisation that is no longer approved is not a role: the
// others learn it when they read the organisation again, so the rooms it took away are
// closed by name here, at once (RoomLeft), and decided again there once read (org.Service
// calls this again from Refresh).
func (s *Service) StandingChanged(ctx context.Context, orgID string, userIDs []string) {
	if s.revoke != nil {
		for _, u := range userIDs {
			s.revoke.RolesChanged(ctx, u)
		}
	}
	o, err := s.orgs.Get(ctx, orgID)
	approved := err == nil && o.Status == org.StatusApproved
	for _, r := range s.list() {
		x, err := s.exchangeOf(ctx, r)
		if err != nil || (x.RequestOrg != orgID && x.MentorOrg != orgID && x.HostOrg != orgID) {
			continue
		}
		// A host's place is no role either: it follows the relationship and the status
		// of both organisations, which the others learn when they read them again.
		byName := !approved || (x.HostOrg == orgID && x.RequestOrg != orgID && x.MentorOrg != orgID)
		for _, u := range userIDs {
			s.forgetAdded(ctx, r.ID, u, x)
			if byName && s.revoke != nil && s.placeIn(ctx, u, x).role == "" {
				s.revoke.RoomLeft(ctx, u, r.ID)
			}
			s.memberChanged(ctx, r.ID, u)
		}
	}
}

// ExchangeHostChanged makes a host joining or leaving exchange x take effect in its room:
// the sockets of hostOrg's people who lost the room close on every instance, and the
// room's roster is told. exchange.Service calls it once the change is stored.
func (s *Service) ExchangeHostChanged(ctx context.Context, x exchange.Exchange, hostOrg string) {
	id := ExchangeRoomID(x.ID)
	if _, err := s.Get(ctx, id); err != nil {
		return // an exchange without a room (not accepted yet) puts nobody anywhere
	}
	for _, u := range s.roles.Users(org.RoleMember, org.Domain(hostOrg)) {
		s.forgetAdded(ctx, id, u, x)
		if s.revoke != nil && s.placeIn(ctx, u, x).role == "" {
			s.revoke.RoomLeft(ctx, u, id)
		}
		s.memberChanged(ctx, id, u)
	}
}

// dropCopiedGrants removes the room grants that exchange rooms were given before their
// people were derived: every lead and mentor at the accept was granted the room, and a
// grant nobody revokes kept people thrown out of an organisation in its room. A member a
// lead added has the date of the addition (MarkMember); a copied grant has none.
func (s *Service) dropCopiedGrants(ctx context.Context) error {
	for _, r := range s.list() {
		if r.Kind != KindExchange {
			continue
		}
		users := s.roles.Users(RoleMember, Domain(r.ID))
		if len(users) == 0 {
			continue
		}
		since, err := s.st.MembersSince(ctx, r.ID)
		if err != nil {
			return fmt.Errorf("rooms: exchange room %s: %w", r.ID, err)
		}
		for _, u := range users {
			if _, added := since[u]; added {
				continue
			}
			if err := s.roles.Revoke(u, RoleMember, Domain(r.ID)); err != nil {
				return fmt.Errorf("rooms: exchange room %s: %w", r.ID, err)
			}
		}
	}
	return nil
}

// forgetAdded takes back a lead's addition of userID to exchange room id once they are a
// member of none of its organisations (the host's counting only while it takes part): it
// no longer counts (placeIn), and joining again later must not bring the room back
// without a lead adding them again. A party's suspension keeps it; a host's does not.
func (s *Service) forgetAdded(ctx context.Context, id, userID string, x exchange.Exchange) {
	for _, party := range s.organisations(ctx, x) {
		if slices.Contains(s.roles.Roles(userID, org.Domain(party)), org.RoleMember) {
			return
		}
	}
	if slices.Contains(s.roles.Roles(userID, Domain(id)), RoleMember) {
		// The grant is inert already; a failure leaves it so, and the next change retries.
		_ = s.roles.Revoke(userID, RoleMember, Domain(id))
	}
}
