package org

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A hosted organisation names its host: an organisation on Cascade, which must confirm,
// or an outside NGO, a name only the hosted organisation's leads and the admins see.
// The relationship is stored once, on the hosted organisation. Whether it counts (the
// host takes part in the hosted group's exchanges, the matching names its offers) is
// derived each time from the relationship and both organisations' status (ConfirmedHost),
// never copied into what depends on it.

// HostKind says where the host is.
type HostKind string

// The kinds of host.
const (
	HostCascade HostKind = "cascade" // an approved organisation on Cascade
	HostOutside HostKind = "outside" // an NGO outside Cascade, known by name only
)

// HostState is where a relationship with a host on Cascade stands.
type HostState string

// The states. An outside host has none: it cannot confirm.
const (
	HostRequested HostState = "requested" // the host's leads have not answered yet
	HostConfirmed HostState = "confirmed"
	HostDeclined  HostState = "declined" // with the host's reason
	HostEnded     HostState = "ended"    // the host ended it, with its reason
)

// Host is who hosts an organisation.
type Host struct {
	Kind HostKind `json:"kind"`
	Org  string   `json:"org,omitempty"`  // HostCascade: the host organisation's id
	Name string   `json:"name,omitempty"` // HostOutside: the NGO's name
	// Link identifies this relationship: naming the same host again makes a new one, so
	// what the old one let in (an exchange the host was brought into) does not come back.
	Link   string    `json:"-"`
	State  HostState `json:"state,omitempty"`
	Reason string    `json:"reason,omitempty"` // why the host declined or ended it
	Since  time.Time `json:"since"`            // when it was named or last answered
}

// HostInput is how a hosted organisation's lead names its host.
type HostInput struct {
	Kind HostKind `json:"kind"`
	Org  string   `json:"org,omitempty"`
	Name string   `json:"name,omitempty"`
}

// HostingEvent names a change of a relationship that the other side's leads are told.
type HostingEvent string

// The events, each told to the leads of the side that did not act.
const (
	HostingRequested HostingEvent = "requested" // host: confirm or decline
	HostingWithdrawn HostingEvent = "withdrawn" // host: the hosted group withdrew its request
	HostingConfirmed HostingEvent = "confirmed" // hosted group
	HostingDeclined  HostingEvent = "declined"  // hosted group
	HostingEnded     HostingEvent = "ended"     // the other side ended a confirmed relationship
)

// OnHosting sets what is told, once a change of a relationship is stored, the
// organisation whose leads should know and what happened. Call it before the service is used.
func (s *Service) OnHosting(fn func(ctx context.Context, orgID string, ev HostingEvent)) {
	s.hostingHook = fn
}

func (s *Service) tellHosting(ctx context.Context, orgID string, ev HostingEvent) {
	if s.hostingHook != nil {
		s.hostingHook(ctx, orgID, ev)
	}
}

// SetHost names the host of hosted organisation orgID, replacing any host it had. A host on
// Cascade must be another approved organisation, and orgID approved too; its leads are
// asked to confirm (naming the same host again while it waits or holds changes nothing).
// Errors: ErrNotFound, *ValidationError (kind, name, org, legal), ErrConflict (orgID is not
// approved for a host on Cascade, or was rejected).
func (s *Service) SetHost(ctx context.Context, orgID string, in HostInput) (Organisation, error) {
	h := Host{Kind: in.Kind, Since: s.clock()}
	switch in.Kind {
	case HostOutside:
		h.Name = cleanText(in.Name)
		if err := checkText("name", h.Name, 1, HostNameMaxLen, false); err != nil {
			return Organisation{}, err
		}
	case HostCascade:
		if in.Org == orgID {
			return Organisation{}, invalid("org", "an organisation cannot host itself")
		}
		if !s.isApproved(in.Org) {
			return Organisation{}, invalid("org", "not an organisation in the directory")
		}
		h.Org, h.State, h.Link = in.Org, HostRequested, newID()
	default:
		return Organisation{}, invalid("kind", "must be cascade or outside")
	}
	var before *Organisation
	o, err := s.changeHost(ctx, orgID, func(o *Organisation) error {
		switch {
		case o.Status == StatusRejected:
			return ErrConflict
		case o.Profile.Legal != LegalHosted:
			return invalid("legal", "only a hosted organisation has a host")
		case h.Kind == HostCascade && o.Status != StatusApproved:
			return fmt.Errorf("%w: an organisation names a host on Cascade once it is approved", ErrConflict)
		case h.Kind == HostCascade && o.Host != nil && o.Host.Kind == HostCascade && o.Host.Org == h.Org &&
			(o.Host.State == HostRequested || o.Host.State == HostConfirmed):
			return errUnchanged
		}
		b := o.clone()
		before = &b
		o.Host = &h
		return nil
	})
	if err != nil || before == nil {
		return o, err
	}
	if h.Kind == HostCascade {
		s.tellHosting(ctx, h.Org, HostingRequested)
	}
	s.leftHost(ctx, *before, HostingWithdrawn)
	return o, nil
}

// RemoveHost takes the host off hosted organisation orgID: it withdraws a request, ends a
// confirmed relationship (the host's leads are told) or forgets an outside name.
// Errors: ErrNotFound (also when it names no host).
func (s *Service) RemoveHost(ctx context.Context, orgID string) (Organisation, error) {
	var before Organisation
	o, err := s.changeHost(ctx, orgID, func(o *Organisation) error {
		if o.Host == nil {
			return ErrNotFound
		}
		before = o.clone()
		o.Host = nil
		return nil
	})
	if err != nil {
		return o, err
	}
	s.leftHost(ctx, before, HostingWithdrawn)
	return o, nil
}

// leftHost tells the host on Cascade that before named, if it was waiting or holding, that
// it is no longer: its leads are told, and its people's place in the hosted group's
// exchanges ends (a requested host had none).
func (s *Service) leftHost(ctx context.Context, before Organisation, ev HostingEvent) {
	h := before.Host
	if h == nil || h.Kind != HostCascade {
		return
	}
	switch h.State {
	case HostRequested:
		s.tellHosting(ctx, h.Org, ev)
	case HostConfirmed:
		s.tellHosting(ctx, h.Org, HostingEnded)
		s.hostPeopleChanged(ctx, h.Org)
	}
}

// hostPeopleChanged tells the standing hook that every member of host hostID may have
// lost (or gained) a place in the exchanges of an organisation it hosts.
func (s *Service) hostPeopleChanged(ctx context.Context, hostID string) {
	s.standingChanged(ctx, hostID, s.roles.Users(RoleMember, Domain(hostID))...)
}

// ConfirmHosting confirms, as host hostID, the request of organisation hostedID.
// Errors: ErrNotFound (no request from hostedID to hostID), ErrConflict (hostID is not
// approved).
func (s *Service) ConfirmHosting(ctx context.Context, hostID, hostedID string) (Organisation, error) {
	if !s.isApproved(hostID) {
		return Organisation{}, fmt.Errorf("%w: only an approved organisation hosts", ErrConflict)
	}
	o, err := s.answer(ctx, hostID, hostedID, HostRequested, HostConfirmed, "")
	if err != nil {
		return o, err
	}
	s.tellHosting(ctx, hostedID, HostingConfirmed)
	return o, nil
}

// DeclineHosting declines, as host hostID, the request of organisation hostedID, with a
// reason its leads read. Errors: ErrNotFound, *ValidationError (reason).
func (s *Service) DeclineHosting(ctx context.Context, hostID, hostedID, reason string) (Organisation, error) {
	reason, err := hostReason(reason)
	if err != nil {
		return Organisation{}, err
	}
	o, err := s.answer(ctx, hostID, hostedID, HostRequested, HostDeclined, reason)
	if err != nil {
		return o, err
	}
	s.tellHosting(ctx, hostedID, HostingDeclined)
	return o, nil
}

// EndHosting ends, as host hostID, its confirmed relationship with organisation hostedID,
// with a reason its leads read; the host's people leave the hosted group's exchanges at
// once. Errors: ErrNotFound, *ValidationError (reason).
func (s *Service) EndHosting(ctx context.Context, hostID, hostedID, reason string) (Organisation, error) {
	reason, err := hostReason(reason)
	if err != nil {
		return Organisation{}, err
	}
	o, err := s.answer(ctx, hostID, hostedID, HostConfirmed, HostEnded, reason)
	if err != nil {
		return o, err
	}
	s.tellHosting(ctx, hostedID, HostingEnded)
	s.hostPeopleChanged(ctx, hostID)
	return o, nil
}

func hostReason(reason string) (string, error) {
	reason = cleanText(strings.ReplaceAll(reason, "\r\n", "\n"))
	return reason, checkText("reason", reason, 1, ReasonMaxLen, true)
}

// answer moves hostedID's relationship with hostID from one state to another.
func (s *Service) answer(ctx context.Context, hostID, hostedID string, from, to HostState, reason string) (Organisation, error) {
	return s.changeHost(ctx, hostedID, func(o *Organisation) error {
		h := o.Host
		if h == nil || h.Kind != HostCascade || h.Org != hostID || h.State != from {
			return ErrNotFound
		}
		h.State, h.Reason, h.Since = to, reason, s.clock()
		return nil
	})
}

// errUnchanged stops a change that would change nothing; changeHost returns the
// organisation as it is.
var errUnchanged = errors.New("org: unchanged")

// changeHost is change for the host of an organisation; an edit that answers errUnchanged
// returns the organisation unchanged, with no error.
func (s *Service) changeHost(ctx context.Context, id string, edit func(*Organisation) error) (Organisation, error) {
	o, err := s.change(ctx, id, edit)
	if errors.Is(err, errUnchanged) {
		return s.Get(ctx, id)
	}
	return o, err
}

// isApproved reports whether organisation id is known and approved.
func (s *Service) isApproved(id string) bool {
	e := s.known(id)
	if e == nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return e.org.Status == StatusApproved
}

// ConfirmedHost returns the host on Cascade of organisation orgID and the id of their
// relationship while it counts: confirmed, and both organisations approved. This is the
// one rule every part that follows a host (exchange rooms, exchanges, matching) asks.
func (s *Service) ConfirmedHost(ctx context.Context, orgID string) (hostID, link string, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.confirmedHostLocked(orgID)
}

// confirmedHostLocked is ConfirmedHost for a caller holding s.mu.
func (s *Service) confirmedHostLocked(orgID string) (hostID, link string, ok bool) {
	e := s.orgs[orgID]
	if e == nil || e.org.Status != StatusApproved {
		return "", "", false
	}
	h := e.org.Host
	if h == nil || h.Kind != HostCascade || h.State != HostConfirmed {
		return "", "", false
	}
	if he := s.orgs[h.Org]; he == nil || he.org.Status != StatusApproved {
		return "", "", false
	}
	return h.Org, h.Link, true
}

// Hosted is one organisation that asked hostID to host it, or that it hosts, as the
// host's leads see it.
type Hosted struct {
	Org    string    `json:"org"`
	Name   string    `json:"name"`
	State  HostState `json:"state"` // requested or confirmed
	Since  time.Time `json:"since"`
	Counts bool      `json:"counts"` // confirmed, and both organisations approved
}

// Hosting returns the requests to host hostID that wait for an answer and the
// organisations it hosts, by name. Declined and ended relationships are left out: they
// are the hosted group's to read.
func (s *Service) Hosting(ctx context.Context, hostID string) []Hosted {
	s.mu.RLock()
	out := []Hosted{}
	for id, e := range s.orgs {
		h := e.org.Host
		if h == nil || h.Kind != HostCascade || h.Org != hostID || (h.State != HostRequested && h.State != HostConfirmed) {
			continue
		}
		_, _, counts := s.confirmedHostLocked(id)
		out = append(out, Hosted{Org: id, Name: e.org.Profile.Name, State: h.State, Since: h.Since, Counts: counts})
	}
	s.mu.RUnlock()
	col := collate.New(language.Und, collate.IgnoreCase)
	slices.SortFunc(out, func(a, b Hosted) int {
		return cmp.Or(col.CompareString(a.Name, b.Name), strings.Compare(a.Org, b.Org))
	})
	return out
}

// confirmedHostOf returns the host on Cascade of o that confirmed, whatever the status of
// either organisation, or "": the host whose people's place changes with o's status.
func confirmedHostOf(o Organisation) string {
	if h := o.Host; h != nil && h.Kind == HostCascade && h.State == HostConfirmed {
		return h.Org
	}
	return ""
}
