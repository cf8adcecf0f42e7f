package exchange

import (
	"cmp"
	"context"
	"fmt"
)

// A confirmed host on Cascade can take part in the exchanges of an organisation it hosts,
// as a third organisation, when that organisation's lead brings it in: its leads and
// mentors get the exchange room as the parties' do, and it reads the exchange. It answers
// nothing: the state machine is the two parties'. Whether it takes part is derived each
// time from the relationship (Hosts), never copied: ended, replaced, or either
// organisation no longer approved, and it is out.

// Hosts tells who hosts an organisation now (org.Service).
type Hosts interface {
	// ConfirmedHost returns orgID's host on Cascade and their relationship's id while it
	// counts (confirmed, both organisations approved); ok is false otherwise.
	ConfirmedHost(ctx context.Context, orgID string) (hostID, link string, ok bool)
}

// HostCounts reports whether x's host takes part now: it was brought in under the
// relationship that still counts.
func (x Exchange) HostCounts(ctx context.Context, h Hosts) bool {
	if x.HostOrg == "" || h == nil {
		return false
	}
	host, link, ok := h.ConfirmedHost(ctx, x.HostFor)
	return ok && host == x.HostOrg && link == x.HostLink
}

// OnHostChange sets what is told, once stored, that a host joined or left exchange x
// (the exchange room's people follow). Call it before the service is used.
func (s *Service) OnHostChange(fn func(ctx context.Context, x Exchange, hostOrg string)) {
	s.hostChanged = fn
}

// derived returns x as its readers see it: without a host that no longer takes part.
func (s *Service) derived(ctx context.Context, x Exchange) Exchange {
	if x.HostOrg != "" && !x.HostCounts(ctx, s.hosts) {
		x.HostOrg, x.HostFor, x.HostLink = "", "", ""
	}
	return x
}

// hostOf reports whether orgID takes part in x as its host now.
func (s *Service) hostOf(ctx context.Context, x Exchange, orgID string) bool {
	return orgID != "" && x.HostOrg == orgID && x.HostCounts(ctx, s.hosts)
}

// BringHost brings the confirmed host of party orgID into exchange id, which must be
// accepted or active; bringing it again changes nothing. The caller is orgID's lead: its
// consent is what lets the host in. An exchange has one host: the other party's, while it
// takes part, is not replaced. Errors: ErrNotFound, ErrNoHost (orgID has no host that
// counts, or it is the other party), ErrDuplicate (the other party's host takes part),
// ErrInvalidTransition (the exchange is not under way), ErrPaused.
func (s *Service) BringHost(ctx context.Context, orgID, id string) (Exchange, error) {
	host, link, ok := "", "", false
	if s.hosts != nil {
		host, link, ok = s.hosts.ConfirmedHost(ctx, orgID)
	}
	if !ok {
		return Exchange{}, fmt.Errorf("exchange %s: %w", id, ErrNoHost)
	}
	return s.setHost(ctx, orgID, id, func(x *Exchange) error {
		if x.side(host) != "" {
			return fmt.Errorf("exchange %s: the host is a party: %w", id, ErrNoHost)
		}
		if x.HostFor != "" && x.HostFor != orgID && x.HostCounts(ctx, s.hosts) {
			return fmt.Errorf("exchange %s: the other party's host takes part: %w", id, ErrDuplicate)
		}
		if !x.Running() {
			if x.Paused {
				return fmt.Errorf("exchange %s: %w", id, ErrPaused)
			}
			return fmt.Errorf("exchange %s is %s: %w", id, x.State, ErrInvalidTransition)
		}
		x.HostOrg, x.HostFor, x.HostLink = host, orgID, link
		return nil
	})
}

// RemoveHost takes the host that party orgID brought into exchange id out of it, in any
// state; its people leave the room at once. Errors: ErrNotFound (also when orgID brought
// no host in).
func (s *Service) RemoveHost(ctx context.Context, orgID, id string) (Exchange, error) {
	return s.setHost(ctx, orgID, id, func(x *Exchange) error {
		if x.HostOrg == "" || x.HostFor != orgID {
			return fmt.Errorf("exchange %s has no host of %s: %w", id, orgID, ErrNotFound)
		}
		x.HostOrg, x.HostFor, x.HostLink = "", "", ""
		return nil
	})
}

// setHost applies edit to exchange id that party orgID is in, under the request's lock,
// stores it and tells OnHostChange about the host that joined or left.
func (s *Service) setHost(ctx context.Context, orgID, id string, edit func(x *Exchange) error) (Exchange, error) {
	x, end, err := s.locked(ctx, orgID, id)
	if err != nil {
		return Exchange{}, err
	}
	defer end()
	former, formerLink := x.HostOrg, x.HostLink
	if err := edit(&x); err != nil {
		return Exchange{}, err
	}
	if x.HostOrg == former && x.HostLink == formerLink {
		return s.derived(ctx, x.clone()), nil
	}
	x.Updated = s.clock()
	if err := s.st.SaveExchange(ctx, x); err != nil {
		return Exchange{}, fmt.Errorf("exchange: host of %s: %w", id, err)
	}
	s.put(x)
	s.tellHost(ctx, x, former)
	return s.derived(ctx, x.clone()), nil
}

// hostMove is an exchange whose host changed, and the host it had.
type hostMove struct {
	x      Exchange
	former string
}

// tellHost tells OnHostChange that x's host changed from former: about the host it has
// now, and about the former one when that is another organisation.
func (s *Service) tellHost(ctx context.Context, x Exchange, former string) {
	if s.hostChanged == nil {
		return
	}
	s.hostChanged(ctx, x.clone(), cmp.Or(x.HostOrg, former))
	if former != "" && x.HostOrg != "" && former != x.HostOrg {
		s.hostChanged(ctx, x.clone(), former)
	}
}

// party returns exchange id when orgID is one of its two parties; ErrNotFound otherwise.
func (s *Service) party(ctx context.Context, orgID, id string) (Exchange, error) {
	x, err := s.find(ctx, id)
	if err != nil || x.side(orgID) == "" {
		return Exchange{}, fmt.Errorf("exchange %s: %w", id, ErrNotFound)
	}
	return x, nil
}

// The notifications of hosting relationships, for the leads of the side that did not act.
const (
	KindHostingRequested Kind = "hosting_requested" // host's leads: confirm or decline
	KindHostingWithdrawn Kind = "hosting_withdrawn" // host's leads: nothing to answer any more
	KindHostingConfirmed Kind = "hosting_confirmed" // hosted group's leads
	KindHostingDeclined  Kind = "hosting_declined"  // hosted group's leads: the reason is on their host
	KindHostingEnded     Kind = "hosting_ended"     // the other side's leads
)

// HostingChanged tells the leads of orgID that one of its hosting relationships changed:
// event is an org.HostingEvent ("requested", "confirmed", ...). The organisation wires
// it (org.Service.OnHosting); notifications live here.
func (s *Service) HostingChanged(ctx context.Context, orgID, event string) {
	for _, u := range s.leads(ctx, orgID) {
		s.deliver(ctx, u, Notification{Kind: Kind("hosting_" + event), OrgID: orgID})
	}
}
