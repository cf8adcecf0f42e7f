package training

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cascade-platform/cascade/org"
)

// NamingState is where a naming is: asked, agreed or refused.
type NamingState string

// The naming states.
const (
	NamingPending   NamingState = "pending"
	NamingConsented NamingState = "consented"
	NamingDeclined  NamingState = "declined"
)

// MaxNamed bounds the trainer accounts named in one training.
const MaxNamed = 50

// Naming is a lead's naming of a member of its organisation as one of a training's
// trainers. Nobody but that member sees it until they consent; they may decline, or
// withdraw their consent, at any time. It is kept in the store only (never in memory), so
// that deleting the member's account (store.ForgetUser) leaves nothing behind.
type Naming struct {
	Training string      `json:"training" bson:"training"`
	User     string      `json:"-" bson:"user"`
	Org      string      `json:"org" bson:"org"`
	State    NamingState `json:"state" bson:"state"`
	Named    time.Time   `json:"named" bson:"named"`
	Answered *time.Time  `json:"answered,omitempty" bson:"answered"`
}

// Orgs is what the service reads about organisations, from memory.
type Orgs interface {
	Members(ctx context.Context, orgID string) []org.Member
}

// Notifier tells a member they were named a trainer (an in-app notification).
type Notifier interface {
	TrainerNamed(ctx context.Context, userID, orgID string)
}

// checkNamed checks the trainer accounts a recorder names: only a lead of orgID names,
// only members of orgID, each once, no more than trainers trained nor MaxNamed.
func (s *Service) checkNamed(ctx context.Context, orgID, recorder string, in Input) error {
	if len(in.Trainers) == 0 {
		return nil
	}
	members := s.orgs.Members(ctx, orgID)
	isLead := slices.ContainsFunc(members, func(m org.Member) bool {
		return m.UserID == recorder && slices.Contains(m.Roles, org.RoleLead)
	})
	if !isLead {
		return invalid("trainers", CodeLeadsOnly)
	}
	if len(in.Trainers) > min(in.TrainersTrained, MaxNamed) {
		return invalid("trainers", CodeTooManyTrainers)
	}
	seen := map[string]bool{}
	for _, u := range in.Trainers {
		if seen[u] || !slices.ContainsFunc(members, func(m org.Member) bool { return m.UserID == u }) {
			return invalid("trainers", CodeNotMember)
		}
		seen[u] = true
	}
	return nil
}

// name stores a pending naming of each trainer of t and tells them.
func (s *Service) name(ctx context.Context, t Training, trainers []string) error {
	for _, u := range trainers {
		if err := s.st.SaveNaming(ctx, Naming{Training: t.ID, User: u, Org: t.Org, State: NamingPending, Named: t.Recorded}); err != nil {
			return fmt.Errorf("training: name a trainer: %w", err)
		}
	}
	for _, u := range trainers {
		s.notify.TrainerNamed(ctx, u, t.Org)
	}
	return nil
}

// Named is a naming of the reader with the training it is about.
type Named struct {
	Naming
	Training Training `json:"training"`
}

// NamedIn returns the namings of userID, newest first, each with its training.
func (s *Service) NamedIn(ctx context.Context, userID string) ([]Named, error) {
	ns, err := s.st.NamingsOf(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("training: namings: %w", err)
	}
	out := make([]Named, 0, len(ns))
	for _, n := range ns {
		if t, err := s.get(ctx, n.Training); err == nil {
			out = append(out, Named{Naming: n, Training: t})
		}
	}
	slices.SortFunc(out, func(a, b Named) int { return b.Named.Compare(a.Named) })
	return out, nil
}

// Answer records userID's consent to being named a trainer of training id (or its
// refusal, which also withdraws a consent given). Errors: ErrNotFound (no such naming).
func (s *Service) Answer(ctx context.Context, userID, id string, consent bool) (Naming, error) {
	ns, err := s.st.NamingsOf(ctx, userID)
	if err != nil {
		return Naming{}, fmt.Errorf("training: namings: %w", err)
	}
	i := slices.IndexFunc(ns, func(n Naming) bool { return n.Training == id })
	if i < 0 {
		return Naming{}, fmt.Errorf("naming %s: %w", id, ErrNotFound)
	}
	n := ns[i]
	n.State = NamingDeclined
	if consent {
		n.State = NamingConsented
	}
	at := s.now().UTC().Truncate(time.Millisecond)
	n.Answered = &at
	if err := s.st.SaveNaming(ctx, n); err != nil {
		return Naming{}, fmt.Errorf("training: answer: %w", err)
	}
	return n, nil
}

// Trainers returns, per training of ts, the user ids of the trainers who consented to
// being named; the others are not there.
func (s *Service) Trainers(ctx context.Context, ts []Training) (map[string][]string, error) {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	ns, err := s.st.Consented(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("training: named trainers: %w", err)
	}
	out := map[string][]string{}
	for _, n := range ns {
		out[n.Training] = append(out[n.Training], n.User)
	}
	return out, nil
}
