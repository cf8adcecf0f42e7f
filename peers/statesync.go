package peers

import (
	"context"
	"log/slog"
	"time"
)

// StateSync keeps the organisations and exchanges of this instance as current as those of
// the others sharing the store: it tells them over the bus what changed here
// (org.Service and exchange.Service call it, as exchange.Changes) and reads again what
// changed there. On a single instance (no bus) it does nothing.
type StateSync struct {
	bus       Bus // nil on a single instance
	roles     roleReloader
	orgs      orgRefresher
	exchanges exchangeRefresher
	library   resourceRefresher // nil: no library to keep in step
	log       *slog.Logger
	pending   *queue[Event] // to read again
}

type roleReloader interface{ Reload() error }

type orgRefresher interface {
	Refresh(ctx context.Context, id string) error
}

type exchangeRefresher interface {
	Refresh(ctx context.Context, requestID string) error
	RefreshRound(ctx context.Context, id string) error
	RefreshNotes(ctx context.Context, userID string) error
}

type resourceRefresher interface {
	Refresh(ctx context.Context, id string) error
}

// FollowLibrary keeps the training library's directory in step too. Call it before Run.
func (s *StateSync) FollowLibrary(l resourceRefresher) { s.library = l }

// ResourceChanged tells the others that library resource id was added, changed or deleted.
func (s *StateSync) ResourceChanged(ctx context.Context, id string) {
	s.publish(ctx, Event{Kind: KindResourceChanged, Resource: id})
}

// NewStateSync returns the state sync of one instance; bus is nil on a single instance.
func NewStateSync(bus Bus, roles roleReloader, orgs orgRefresher, exchanges exchangeRefresher, log *slog.Logger) *StateSync {
	return &StateSync{bus: bus, roles: roles, orgs: orgs, exchanges: exchanges, log: log, pending: newQueue[Event]()}
}

// OrgChanged tells the others that organisation id, its members or their roles changed.
func (s *StateSync) OrgChanged(ctx context.Context, id string) {
	s.publish(ctx, Event{Kind: KindOrgChanged, Org: id})
}

// RequestChanged tells the others that a request or one of its exchanges changed.
func (s *StateSync) RequestChanged(ctx context.Context, id string) {
	s.publish(ctx, Event{Kind: KindExchangeChanged, Request: id})
}

// RoundChanged tells the others that a matching round changed.
func (s *StateSync) RoundChanged(ctx context.Context, id string) {
	s.publish(ctx, Event{Kind: KindRoundChanged, Round: id})
}

// NotesChanged tells the others that a user's notifications changed.
func (s *StateSync) NotesChanged(ctx context.Context, userID string) {
	s.publish(ctx, Event{Kind: KindNotesChanged, User: userID})
}

// RolesStored tells the others to reload roles, so that a change stored here (a new
// member of a space, an organisation or an exchange room; an admin) takes effect there;
// their revoker reloads and closes nothing. authz.Enforcer calls it after each change.
func (s *StateSync) RolesStored() {
	s.publish(context.Background(), Event{Kind: KindRolesChanged})
}

func (s *StateSync) publish(ctx context.Context, c Event) {
	if s.bus == nil {
		return
	}
	if err := publish(ctx, s.bus, c); err != nil {
		// The others go on with their copy until the next change of the same thing;
		// changes made there read the store first, so they do not undo this one.
		s.log.Warn("control: publish", "kind", c.Kind, "err", err)
	}
}

// apply takes a change another instance made. Reading it again means store reads, and a
// role reload for an organisation, so Run does that, off the bus's goroutine.
func (s *StateSync) apply(c Event) {
	switch c.Kind {
	case KindOrgChanged, KindExchangeChanged, KindRoundChanged, KindNotesChanged:
	case KindResourceChanged:
		if s.library == nil {
			return
		}
	default:
		return // the revoker's
	}
	s.pending.add(c)
}

// Run reads again what other instances change until ctx ends; changes that come while
// it reads are read together by the next round. Without a bus it returns at once.
func (s *StateSync) Run(ctx context.Context) {
	s.pending.serve(ctx, s.bus, s.log, s.apply, func(batch map[Event]bool) { s.refresh(ctx, batch) })
}

// refresh reads again what batch names. Organisations come last, after one role reload:
// their members and the participant role are roles, which the instance that made the
// change has stored and this one must know before it indexes them.
func (s *StateSync) refresh(ctx context.Context, batch map[Event]bool) {
	var orgs []Event
	for c := range batch {
		if c.Kind == KindOrgChanged {
			orgs = append(orgs, c)
			continue
		}
		s.read(ctx, c)
	}
	if len(orgs) == 0 {
		return
	}
	if err := s.roles.Reload(); err != nil {
		// The organisations are still worth reading; their members follow the next reload.
		s.log.Error("control: reload roles", "err", err)
	}
	for _, c := range orgs {
		s.read(ctx, c)
	}
}

// read reads one changed thing again, bounded in time so a slow store cannot stall the rest.
func (s *StateSync) read(ctx context.Context, c Event) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var err error
	switch c.Kind {
	case KindOrgChanged:
		err = s.orgs.Refresh(ctx, c.Org)
	case KindExchangeChanged:
		err = s.exchanges.Refresh(ctx, c.Request)
	case KindRoundChanged:
		err = s.exchanges.RefreshRound(ctx, c.Round)
	case KindNotesChanged:
		err = s.exchanges.RefreshNotes(ctx, c.User)
	case KindResourceChanged:
		err = s.library.Refresh(ctx, c.Resource)
	}
	if err != nil {
		s.log.Warn("control: read again", "kind", c.Kind, "err", err)
	}
}
