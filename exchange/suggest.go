package exchange

import (
	"context"
	"fmt"

	"github.com/cascade-platform/cascade/matching"
	"github.com/cascade-platform/cascade/org"
)

// Suggestion is a mentor organisation suggested for a request, with the points that
// explain its score.
type Suggestion struct {
	Mentor string  `json:"mentor"`
	Name   string  `json:"name"`
	Score  float64 `json:"score"`
	Points []Point `json:"points"`
}

// Exclusion is a mentor organisation the hard filters left out: why (a matching.Reason
// code) and the values it names (docs/matching.md), for a client to say in its language.
type Exclusion struct {
	Mentor string         `json:"mentor"`
	Name   string         `json:"name"`
	Reason string         `json:"reason"`
	Params map[string]any `json:"params"`
}

// Ranking is what Suggestions answers: the suggestions, best first, and the organisations
// left out, by id.
type Ranking struct {
	Suggestions []Suggestion `json:"suggestions"`
	Excluded    []Exclusion  `json:"excluded"`
}

// DefaultSuggestions is how many suggestions a request gets.
const DefaultSuggestions = 10

// Suggestions ranks the approved, available established organisations for a request of
// orgID, best first, with their explanations, and says why the others that could have
// been candidates were left out. It reads only memory.
// Errors: ErrNotFound.
func (s *Service) Suggestions(ctx context.Context, orgID, requestID string, k int) (Ranking, error) {
	r, xs, err := s.Request(ctx, orgID, requestID)
	if err != nil {
		return Ranking{}, err
	}
	mr, err := s.matchRequest(ctx, r)
	if err != nil {
		return Ranking{}, err
	}
	mentors, names := s.mentors(ctx)
	rank, err := matching.Rank(mr, mentors, matching.Rules{Declined: declined(xs)}, s.w, k)
	if err != nil {
		return Ranking{}, fmt.Errorf("exchange: rank: %w", err)
	}
	out := Ranking{Suggestions: make([]Suggestion, len(rank.Suggestions)), Excluded: make([]Exclusion, len(rank.Excluded))}
	for i, sg := range rank.Suggestions {
		out.Suggestions[i] = Suggestion{Mentor: sg.Mentor, Name: names[sg.Mentor], Score: sg.Score, Points: pointsOf(sg)}
	}
	byID := make(map[string]*matching.Mentor, len(mentors))
	for i := range mentors {
		byID[mentors[i].ID] = &mentors[i]
	}
	for i, x := range rank.Excluded {
		out.Excluded[i] = Exclusion{Mentor: x.Mentor, Name: names[x.Mentor], Reason: string(x.Reason), Params: whyNotParams(x.Reason, byID[x.Mentor])}
	}
	return out, nil
}

// whyNotParams are the values a reason names: what the mentor has where the request found
// nothing in common (their languages, formats or capacity), so a client can say which.
func whyNotParams(r matching.Reason, m *matching.Mentor) map[string]any {
	switch r {
	case matching.ReasonNoSharedLanguage:
		return map[string]any{"languages": m.Languages}
	case matching.ReasonNoSharedFormat:
		formats := make([]string, len(m.Formats))
		for i, f := range m.Formats {
			formats[i] = string(f)
		}
		return map[string]any{"formats": formats}
	case matching.ReasonNoCapacity:
		return map[string]any{"places": m.FreeCapacity + m.ActiveExchanges} // all taken
	}
	return map[string]any{}
}

// declined lists the pairs of a request that a mentor already declined.
func declined(xs []Exchange) []matching.Pair {
	var out []matching.Pair
	for _, x := range xs {
		if x.State == StateDeclined {
			out = append(out, matching.Pair{Request: x.RequestID, Mentor: x.MentorOrg})
		}
	}
	return out
}

// matchRequest is a request as the matching package sees it: the request's needs and ways
// of working, with the place and populations of the organisation that asks.
// ErrNotFound when that organisation is gone or not approved.
func (s *Service) matchRequest(ctx context.Context, r Request) (matching.Request, error) {
	o, err := s.orgs.Get(ctx, r.OrgID)
	if err != nil || o.Status != org.StatusApproved {
		// Only approved organisations take part: no suggestions, proposals or rounds.
		return matching.Request{}, fmt.Errorf("exchange: organisation of request %s: %w", r.ID, ErrNotFound)
	}
	mr := matching.Request{
		ID: r.ID, OrgID: r.OrgID, Languages: r.Languages, AcceptsInterpretation: r.AcceptsInterpretation,
		Country: o.Profile.Country, Region: o.Profile.Region,
	}
	for _, n := range r.Needs {
		mr.Needs = append(mr.Needs, matching.Need{Topic: n.Topic, Priority: n.Priority})
	}
	for _, f := range r.Formats {
		mr.Formats = append(mr.Formats, matching.Format(f))
	}
	for _, p := range o.Profile.Populations {
		mr.Populations = append(mr.Populations, string(p))
	}
	return mr, nil
}

// mentors returns every approved, available established organisation as a matching.Mentor,
// with its free places and track record from memory, its confirmed host on Cascade (whose
// offers matching counts apart), and their names by id.
func (s *Service) mentors(ctx context.Context) ([]matching.Mentor, map[string]string) {
	dir := s.orgs.Directory(ctx)
	out := make([]matching.Mentor, 0, len(dir))
	names := make(map[string]string, len(dir))
	listed := make(map[string]*org.DirectoryEntry, len(dir))
	for i := range dir {
		listed[dir[i].ID] = &dir[i]
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, e := range dir {
		if e.Stage != org.StageEstablished || !e.Available || e.Capacity <= 0 {
			continue
		}
		load := s.load[e.ID]
		m := matching.Mentor{
			ID: e.ID, Languages: e.Languages, Country: e.Country, Region: e.Region,
			FreeCapacity: max(e.Capacity-load, 0), ActiveExchanges: load, Track: s.track[e.ID],
		}
		for _, x := range e.Offers {
			m.Offers = append(m.Offers, matching.Offer{Topic: string(x.Topic), Level: x.Level})
		}
		for _, f := range e.Formats {
			m.Formats = append(m.Formats, matching.Format(f))
		}
		for _, p := range e.Populations {
			m.Populations = append(m.Populations, string(p))
		}
		m.Host = s.matchHost(ctx, e.ID, listed)
		out = append(out, m)
		names[e.ID] = e.Name
	}
	return out, names
}

// matchHost is the confirmed host on Cascade of mentor orgID as matching counts it, from
// the directory (a host that counts is approved, so listed); nil for none.
func (s *Service) matchHost(ctx context.Context, orgID string, listed map[string]*org.DirectoryEntry) *matching.Host {
	if s.hosts == nil {
		return nil
	}
	id, _, ok := s.hosts.ConfirmedHost(ctx, orgID)
	e := listed[id]
	if !ok || e == nil {
		return nil
	}
	h := &matching.Host{ID: id, Name: e.Name}
	for _, x := range e.Offers {
		h.Offers = append(h.Offers, matching.Offer{Topic: string(x.Topic), Level: x.Level})
	}
	return h
}
