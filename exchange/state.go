package exchange

import "fmt"

// State is where a request or an exchange is in its life. A request is open until one of
// its proposals is accepted (then it is accepted) or it is cancelled; an exchange starts
// proposed and moves on from there.
type State string

// The states.
const (
	StateOpen      State = "open"
	StateProposed  State = "proposed"
	StateAccepted  State = "accepted"
	StateActive    State = "active"
	StateCompleted State = "completed"
	StateDeclined  State = "declined"
	StateCancelled State = "cancelled"
	StateExpired   State = "expired"
)

// States lists every state, for tests and documentation.
var States = []State{StateOpen, StateProposed, StateAccepted, StateActive, StateCompleted, StateDeclined, StateCancelled, StateExpired}

// Actor is who makes a transition.
type Actor string

// The actors.
const (
	ActorRequester Actor = "requesting_lead" // a lead of the organisation that asked
	ActorMentor    Actor = "mentor_lead"     // a lead of the mentor organisation
	ActorAdmin     Actor = "admin"           // a platform admin
	ActorSystem    Actor = "system"          // Cascade itself: expiry, withdrawal, completion
)

// Actors lists every actor, for tests and documentation.
var Actors = []Actor{ActorRequester, ActorMentor, ActorAdmin, ActorSystem}

// transitions is the one table of who may move what from one state to another. Anything
// not listed is forbidden.
var transitions = map[[2]State][]Actor{
	// A request is sent to a mentor organisation by its lead, or by an admin publishing a round.
	{StateOpen, StateProposed}: {ActorRequester, ActorAdmin},
	// A request is matched when one of its proposals is accepted.
	{StateOpen, StateAccepted}: {ActorSystem},
	// The system withdraws the open requests of an organisation that is suspended.
	{StateOpen, StateCancelled}: {ActorRequester, ActorAdmin, ActorSystem},

	{StateProposed, StateAccepted}: {ActorMentor},
	{StateProposed, StateDeclined}: {ActorMentor},
	// The system withdraws the other proposals of a request when one is accepted.
	{StateProposed, StateCancelled}: {ActorRequester, ActorAdmin, ActorSystem},
	{StateProposed, StateExpired}:   {ActorSystem},

	// The first goal or session logged makes an accepted exchange active.
	{StateAccepted, StateActive}:    {ActorSystem},
	{StateAccepted, StateCancelled}: {ActorRequester, ActorMentor, ActorAdmin},
	// An exchange completes when both sides have marked it complete with feedback.
	{StateActive, StateCompleted}: {ActorSystem},
	{StateActive, StateCancelled}: {ActorRequester, ActorMentor, ActorAdmin},
}

// CanTransition reports whether by may move something from one state to another.
func CanTransition(from, to State, by Actor) bool { return checkTransition(from, to, by) == nil }

// checkTransition returns ErrInvalidTransition when the table has no such transition and
// ErrNotAllowed when it has one but not for this actor.
func checkTransition(from, to State, by Actor) error {
	actors, ok := transitions[[2]State{from, to}]
	if !ok {
		return fmt.Errorf("%s → %s: %w", from, to, ErrInvalidTransition)
	}
	for _, a := range actors {
		if a == by {
			return nil
		}
	}
	return fmt.Errorf("%s → %s by %s: %w", from, to, by, ErrNotAllowed)
}

// Reason is why a proposal was declined or something was cancelled: a fixed code clients
// translate, plus optional free text.
type Reason string

// Reasons people choose from.
const (
	ReasonNoCapacityNow   Reason = "no_capacity_now"
	ReasonTopicNotAFit    Reason = "topic_not_a_fit"
	ReasonLanguageBarrier Reason = "language_barrier"
	ReasonTiming          Reason = "timing"
	ReasonNoLongerNeeded  Reason = "no_longer_needed"
	ReasonFoundSupport    Reason = "found_other_support"
	ReasonSafetyConcern   Reason = "safety_concern"
	ReasonOther           Reason = "other"
)

// Reasons only Cascade gives.
const (
	ReasonWithdrawn Reason = "withdrawn_other_accepted"
	ReasonExpired   Reason = "unanswered"
	// ReasonSuspended: one of the organisations was suspended.
	ReasonSuspended Reason = "organisation_suspended"
)

// DeclineReasons and CancelReasons are the lists people choose from.
var (
	DeclineReasons = []Reason{ReasonNoCapacityNow, ReasonTopicNotAFit, ReasonLanguageBarrier, ReasonTiming, ReasonOther}
	CancelReasons  = []Reason{ReasonNoLongerNeeded, ReasonFoundSupport, ReasonTiming, ReasonSafetyConcern, ReasonOther}
)

// MaxReasonText is the longest optional text with a reason, in characters.
const MaxReasonText = 500
