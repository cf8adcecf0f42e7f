package exchange

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/matching"
)

// RoundState says whether a round is still a draft or has been published.
type RoundState string

// The round states.
const (
	RoundDraft     RoundState = "draft"
	RoundPublished RoundState = "published"
)

// Pair names a request and a mentor organisation.
type Pair struct {
	Request string `json:"request" bson:"request"`
	Mentor  string `json:"mentor" bson:"mentor"`
}

// RoundRules are an admin's locks and bans for a round.
type RoundRules struct {
	Locked []Pair `json:"locked" bson:"locked"`
	Banned []Pair `json:"banned" bson:"banned"`
}

func matchingPairs(ps []Pair) []matching.Pair {
	out := make([]matching.Pair, len(ps))
	for i, p := range ps {
		out[i] = matching.Pair{Request: p.Request, Mentor: p.Mentor}
	}
	return out
}

// RoundProposal is one pair a round assigns, with the explanation of its score.
type RoundProposal struct {
	Request    string  `json:"request" bson:"request"`
	RequestOrg string  `json:"request_org" bson:"request_org"`
	Mentor     string  `json:"mentor" bson:"mentor"`
	Score      float64 `json:"score" bson:"score"`
	Points     []Point `json:"points" bson:"points"`
	Locked     bool    `json:"locked" bson:"locked"`
}

// RoundUnmatched is a request a round left without a mentor, and why.
type RoundUnmatched struct {
	Request    string `json:"request" bson:"request"`
	RequestOrg string `json:"request_org" bson:"request_org"`
	Reason     string `json:"reason" bson:"reason"`
}

// Round is an admin's matching round over all open requests.
type Round struct {
	ID            string           `json:"id" bson:"id"`
	Mode          matching.Mode    `json:"mode" bson:"mode"`
	State         RoundState       `json:"state" bson:"state"`
	Rules         RoundRules       `json:"rules" bson:"rules"`
	Proposals     []RoundProposal  `json:"proposals" bson:"proposals"`
	Unmatched     []RoundUnmatched `json:"unmatched" bson:"unmatched"`
	TotalScore    float64          `json:"total_score" bson:"total_score"`
	BlockingPairs int              `json:"blocking_pairs" bson:"blocking_pairs"`
	Created       time.Time        `json:"created" bson:"created"`
	Updated       time.Time        `json:"updated" bson:"updated"`
}

// roundBook keeps rounds in memory; mu also serialises runs and publishing.
type roundBook struct {
	mu   sync.Mutex
	byID map[string]*Round
}

func (b *roundBook) load(ctx context.Context, st Store) error {
	all, err := st.Rounds(ctx)
	if err != nil {
		return fmt.Errorf("exchange: load rounds: %w", err)
	}
	b.byID = map[string]*Round{}
	for _, r := range all {
		b.byID[r.ID] = &r
	}
	return nil
}

// Rounds returns every round, newest first.
func (s *Service) Rounds(ctx context.Context) []Round {
	s.rounds.mu.Lock()
	out := make([]Round, 0, len(s.rounds.byID))
	for _, r := range s.rounds.byID {
		out = append(out, *r)
	}
	s.rounds.mu.Unlock()
	slices.SortFunc(out, func(a, b Round) int { return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(a.ID, b.ID)) })
	return out
}

// Round returns one round; ErrNotFound if there is none.
func (s *Service) Round(ctx context.Context, id string) (Round, error) {
	s.rounds.mu.Lock()
	defer s.rounds.mu.Unlock()
	r, err := s.roundLocked(ctx, id, false)
	if err != nil {
		return Round{}, err
	}
	return *r, nil
}

// RunRound solves a new draft round (id "") or re-runs a draft with new mode and rules,
// over every open request and every available mentor organisation as they are now, both
// of approved organisations only.
// Errors: ErrNotFound, *ValidationError (unknown mode, or rules the instance rejects),
// ErrInvalidTransition (the round is published).
func (s *Service) RunRound(ctx context.Context, id string, mode matching.Mode, rules RoundRules) (Round, error) {
	if mode != matching.ModeStable && mode != matching.ModeOptimal {
		return Round{}, invalid("mode", "choose stable or optimal")
	}
	s.rounds.mu.Lock()
	defer s.rounds.mu.Unlock()
	now := s.clock()
	r := Round{ID: newID(), Created: now}
	if id != "" {
		old, err := s.roundLocked(ctx, id, s.shared())
		if err != nil {
			return Round{}, err
		}
		if old.State != RoundDraft {
			return Round{}, fmt.Errorf("round %s is published: %w", id, ErrInvalidTransition)
		}
		r = *old
	}
	if rules.Locked == nil {
		rules.Locked = []Pair{}
	}
	if rules.Banned == nil {
		rules.Banned = []Pair{}
	}
	r.Mode, r.State, r.Rules, r.Updated = mode, RoundDraft, rules, now
	if err := s.solve(ctx, &r); err != nil {
		return Round{}, err
	}
	if err := s.st.SaveRound(ctx, r); err != nil {
		return Round{}, fmt.Errorf("exchange: save round: %w", err)
	}
	s.rounds.byID[r.ID] = &r
	s.roundChanged(ctx, r.ID)
	return r, nil
}

func (s *Service) roundChanged(ctx context.Context, id string) {
	if s.shared() {
		s.changes.RoundChanged(ctx, id)
	}
}

// solve fills r's proposals and unmatched requests.
func (s *Service) solve(ctx context.Context, r *Round) error {
	var reqs []matching.Request
	var decl []matching.Pair
	orgOf := map[string]string{}
	s.mu.RLock()
	open := make([]Request, 0)
	for _, q := range s.requests {
		if q.State == StateOpen {
			open = append(open, q.clone())
		}
	}
	s.mu.RUnlock()
	for _, q := range open {
		mr, err := s.matchRequest(ctx, q)
		if err != nil {
			continue // its organisation is gone or not approved; nothing to match
		}
		reqs = append(reqs, mr)
		orgOf[q.ID] = q.OrgID
		decl = append(decl, declined(s.exchangesOf(q.ID))...)
	}
	mentors, _ := s.mentors(ctx)
	rules := matching.Rules{Locked: matchingPairs(r.Rules.Locked), Banned: matchingPairs(r.Rules.Banned), Declined: decl}
	inst, err := matching.NewRound(reqs, mentors, rules, s.w)
	if err != nil {
		return &ValidationError{Field: "rules", Reason: err.Error()}
	}
	res := matching.Stable(inst)
	if r.Mode == matching.ModeOptimal {
		res = matching.Optimal(inst)
	}
	reqByID := make(map[string]matching.Request, len(reqs))
	for _, q := range reqs {
		reqByID[q.ID] = q
	}
	menByID := make(map[string]matching.Mentor, len(mentors))
	for _, m := range mentors {
		menByID[m.ID] = m
	}
	r.Proposals, r.Unmatched = []RoundProposal{}, []RoundUnmatched{}
	for _, a := range res.Assignments {
		p := RoundProposal{Request: a.Request, RequestOrg: orgOf[a.Request], Mentor: a.Mentor, Score: a.Score, Locked: a.Locked, Points: []Point{}}
		// A locked pair may fail the hard filters; then it has no explanation beyond the lock.
		if sg, reason := matching.Score(reqByID[a.Request], menByID[a.Mentor], matching.Rules{}, s.w); reason == "" {
			p.Points = pointsOf(sg)
		}
		r.Proposals = append(r.Proposals, p)
	}
	for _, u := range res.Unmatched {
		r.Unmatched = append(r.Unmatched, RoundUnmatched{Request: u.Request, RequestOrg: orgOf[u.Request], Reason: string(u.Reason)})
	}
	r.TotalScore, r.BlockingPairs = res.TotalScore, res.BlockingPairs
	return nil
}

// PublishRound sends every proposal of a draft round whose request is still open to its
// mentor organisation, whose leads are told, and marks the round published. Proposals that
// no longer fit (request matched meanwhile, a pending proposal to that mentor, the mentor
// filtered out now) are skipped; it returns how many were sent.
// Errors: ErrNotFound, ErrInvalidTransition (already published).
func (s *Service) PublishRound(ctx context.Context, id string) (Round, int, error) {
	s.rounds.mu.Lock()
	defer s.rounds.mu.Unlock()
	// On a shared store another instance may have published it already.
	old, err := s.roundLocked(ctx, id, s.shared())
	if err != nil {
		return Round{}, 0, err
	}
	if old.State != RoundDraft {
		return Round{}, 0, fmt.Errorf("round %s is published: %w", id, ErrInvalidTransition)
	}
	sent := 0
	for _, p := range old.Proposals {
		if s.publishOne(ctx, id, p) {
			sent++
		}
	}
	r := *old
	r.State, r.Updated = RoundPublished, s.clock()
	if err := s.st.SaveRound(ctx, r); err != nil {
		return Round{}, sent, fmt.Errorf("exchange: publish round: %w", err)
	}
	s.rounds.byID[id] = &r
	s.roundChanged(ctx, id)
	return r, sent, nil
}

func (s *Service) publishOne(ctx context.Context, roundID string, p RoundProposal) bool {
	end, err := s.begin(ctx, p.Request)
	if err != nil {
		s.log.ErrorContext(ctx, "publish round proposal", "err", err)
		return false
	}
	defer end()
	q, err := s.request(p.Request)
	if err != nil {
		return false
	}
	x, err := s.propose(ctx, q, s.exchangesOf(q.ID), p.Mentor, ActorAdmin, SourceRound, roundID)
	if err != nil {
		return false
	}
	s.notify(ctx, p.Mentor, KindProposalReceived, x)
	return true
}
