package exchange

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the work in an exchange.
const (
	MaxGoalText       = 300
	MaxGoals          = 30
	MaxSessionMinutes = 24 * 60
	MaxLearnedText    = 2000
)

// Exchanges returns the exchanges orgID is a party to (either side) or takes part in as a
// host, newest first. Pending proposals to orgID are left out: those are Proposals.
func (s *Service) Exchanges(ctx context.Context, orgID string) []Exchange {
	s.mu.RLock()
	var out []Exchange
	for _, x := range s.exchanges {
		if x.RequestOrg == orgID || (x.MentorOrg == orgID && !x.pending()) || x.HostOrg == orgID {
			out = append(out, x.clone())
		}
	}
	s.mu.RUnlock()
	out = slices.DeleteFunc(out, func(x Exchange) bool { return x.side(orgID) == "" && !s.hostOf(ctx, x, orgID) })
	for i := range out {
		out[i] = s.derived(ctx, out[i])
	}
	slices.SortFunc(out, func(a, b Exchange) int { return cmp.Or(b.Proposed.Compare(a.Proposed), cmp.Compare(a.ID, b.ID)) })
	return out
}

// Exchange returns one exchange orgID is a party to, or takes part in as a host (to read);
// ErrNotFound otherwise.
func (s *Service) Exchange(ctx context.Context, orgID, id string) (Exchange, error) {
	x, err := s.find(ctx, id)
	if err != nil || (x.side(orgID) == "" && !s.hostOf(ctx, x, orgID)) {
		return Exchange{}, fmt.Errorf("exchange %s: %w", id, ErrNotFound)
	}
	return s.derived(ctx, x), nil
}

// locked returns exchange id that party orgID is in, read again under its request's
// lock, with the unlock.
func (s *Service) locked(ctx context.Context, orgID, id string) (Exchange, func(), error) {
	x, err := s.party(ctx, orgID, id)
	if err != nil {
		return Exchange{}, nil, err
	}
	end, err := s.begin(ctx, x.RequestID)
	if err != nil {
		return Exchange{}, nil, err
	}
	if x, err = s.exchange(id); err != nil {
		end()
		return Exchange{}, nil, err
	}
	return x, end, nil
}

// work applies edit to an accepted or active exchange orgID is a party to, under the
// request's lock; the first piece of work makes an accepted exchange active. A paused
// exchange takes no work (ErrPaused).
func (s *Service) work(ctx context.Context, orgID, id string, edit func(x *Exchange, side Actor) error) (Exchange, error) {
	x, end, err := s.locked(ctx, orgID, id)
	if err != nil {
		return Exchange{}, err
	}
	defer end()
	if !x.Running() {
		if x.Paused {
			return Exchange{}, fmt.Errorf("exchange %s: %w", id, ErrPaused)
		}
		return Exchange{}, fmt.Errorf("exchange %s is %s: %w", id, x.State, ErrInvalidTransition)
	}
	if x.State == StateAccepted {
		if err := checkTransition(x.State, StateActive, ActorSystem); err != nil {
			return Exchange{}, err
		}
		x.State = StateActive
	}
	if err := edit(&x, x.side(orgID)); err != nil {
		return Exchange{}, err
	}
	x.Updated = s.clock()
	if err := s.st.SaveExchange(ctx, x); err != nil {
		return Exchange{}, fmt.Errorf("exchange: update %s: %w", id, err)
	}
	s.put(x)
	return s.derived(ctx, x.clone()), nil
}

// AddGoal adds a goal to the checklist.
// Errors: ErrNotFound, *ValidationError, ErrInvalidTransition, ErrPaused.
func (s *Service) AddGoal(ctx context.Context, orgID, id, userID, text string) (Exchange, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > MaxGoalText {
		return Exchange{}, invalid("text", "write 1 to %d characters", MaxGoalText)
	}
	return s.work(ctx, orgID, id, func(x *Exchange, _ Actor) error {
		if len(x.Goals) >= MaxGoals {
			return invalid("text", "at most %d goals", MaxGoals)
		}
		x.Goals = append(x.Goals, Goal{ID: newID(), Text: text, AddedBy: userID})
		return nil
	})
}

// TickGoal marks a goal done (or not done again).
// Errors: ErrNotFound, ErrInvalidTransition, ErrPaused.
func (s *Service) TickGoal(ctx context.Context, orgID, id, goalID, userID string, done bool) (Exchange, error) {
	now := s.clock()
	return s.work(ctx, orgID, id, func(x *Exchange, _ Actor) error {
		i := slices.IndexFunc(x.Goals, func(g Goal) bool { return g.ID == goalID })
		if i < 0 {
			return fmt.Errorf("goal %s: %w", goalID, ErrNotFound)
		}
		g := &x.Goals[i]
		g.DoneBy, g.DoneAt = "", nil
		if done {
			g.DoneBy, g.DoneAt = userID, &now
		}
		return nil
	})
}

// SessionInput is a session as a participant logs it.
type SessionInput struct {
	Date            string `json:"date"`
	DurationMinutes int    `json:"duration_minutes"`
	Format          string `json:"format"`
}

// LogSession adds a session held.
// Errors: ErrNotFound, *ValidationError, ErrInvalidTransition, ErrPaused.
func (s *Service) LogSession(ctx context.Context, orgID, id, userID string, in SessionInput) (Exchange, error) {
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		return Exchange{}, invalid("date", "write the date as YYYY-MM-DD")
	}
	if in.DurationMinutes < 1 || in.DurationMinutes > MaxSessionMinutes {
		return Exchange{}, invalid("duration_minutes", "not in 1–%d", MaxSessionMinutes)
	}
	if err := (RequestInput{Formats: []string{in.Format}}).validateFormats(); err != nil {
		return Exchange{}, err
	}
	return s.work(ctx, orgID, id, func(x *Exchange, _ Actor) error {
		x.Sessions = append(x.Sessions, Session{ID: newID(), Date: in.Date, DurationMinutes: in.DurationMinutes, Format: in.Format, LoggedBy: userID, Logged: s.clock()})
		return nil
	})
}

// FeedbackInput is what a side says when it marks the exchange complete.
type FeedbackInput struct {
	Usefulness int    `json:"usefulness"`
	Respect    int    `json:"respect"`
	Learned    string `json:"learned"`
}

// Complete marks the exchange complete for orgID's side with its feedback. When both sides
// have, the exchange is completed, its place is given back and the requester's feedback
// joins the mentor's track record; until then the other side's leads are asked.
// Errors: ErrNotFound, *ValidationError, ErrInvalidTransition, ErrDuplicate, ErrPaused.
func (s *Service) Complete(ctx context.Context, orgID, id, userID string, in FeedbackInput) (Exchange, error) {
	in.Learned = strings.TrimSpace(in.Learned)
	for field, v := range map[string]int{"usefulness": in.Usefulness, "respect": in.Respect} {
		if v < 1 || v > 5 {
			return Exchange{}, invalid(field, "rate 1 to 5")
		}
	}
	if utf8.RuneCountInString(in.Learned) > MaxLearnedText {
		return Exchange{}, invalid("learned", "at most %d characters", MaxLearnedText)
	}
	fb := &Feedback{By: userID, Usefulness: in.Usefulness, Respect: in.Respect, Learned: in.Learned, Given: s.clock()}
	x, err := s.work(ctx, orgID, id, func(x *Exchange, side Actor) error {
		mine := &x.RequesterFeedback
		if side == ActorMentor {
			mine = &x.MentorFeedback
		}
		if *mine != nil {
			return fmt.Errorf("exchange %s: feedback: %w", id, ErrDuplicate)
		}
		*mine = fb
		if x.RequesterFeedback != nil && x.MentorFeedback != nil {
			if err := checkTransition(x.State, StateCompleted, ActorSystem); err != nil {
				return err
			}
			x.State = StateCompleted
		}
		return nil
	})
	if err != nil {
		return Exchange{}, err
	}
	if x.State == StateCompleted {
		s.release(ctx, ClaimCapacity, x.ID)
		return x, nil
	}
	other := x.MentorOrg
	if x.side(orgID) == ActorMentor {
		other = x.RequestOrg
	}
	s.notify(ctx, other, KindCompletionAsked, x)
	return x, nil
}

// CancelExchange cancels a pending proposal (requesting side) or an accepted or active
// exchange (either side) with a reason; the other side's leads are told and the mentor's
// place, if taken, is given back. Errors: ErrNotFound, *ValidationError,
// ErrInvalidTransition, ErrNotAllowed.
func (s *Service) CancelExchange(ctx context.Context, orgID, id string, reason Reason, text string) (Exchange, error) {
	text, err := checkReason(reason, text, CancelReasons)
	if err != nil {
		return Exchange{}, err
	}
	x, end, err := s.locked(ctx, orgID, id)
	if err != nil {
		return Exchange{}, err
	}
	defer end()
	side := x.side(orgID)
	held := x.holdsPlace()
	if err := s.setState(ctx, x, StateCancelled, side, reason, text); err != nil {
		return Exchange{}, err
	}
	if held {
		s.release(ctx, ClaimCapacity, x.ID)
	}
	other := x.MentorOrg
	if side == ActorMentor {
		other = x.RequestOrg
	}
	s.notify(ctx, other, KindExchangeCancelled, x)
	if reason == ReasonSafetyConcern {
		s.AlertAdmins(ctx, Notification{Kind: KindSafetyConcern, OrgID: orgID, RequestID: x.RequestID, ExchangeID: x.ID, Reason: reason})
	}
	x, err = s.exchange(id)
	return s.derived(ctx, x), err
}
