package exchange

import (
	"errors"
	"slices"
	"testing"
)

// TestTransitionTable checks every (from, to, actor) triple: the allowed ones listed here,
// every other one refused with the right error.
func TestTransitionTable(t *testing.T) {
	R, M, A, S := ActorRequester, ActorMentor, ActorAdmin, ActorSystem
	allowed := []struct {
		from, to State
		by       []Actor
	}{
		{StateOpen, StateProposed, []Actor{R, A}},
		{StateOpen, StateAccepted, []Actor{S}},
		{StateOpen, StateCancelled, []Actor{R, A, S}},
		{StateProposed, StateAccepted, []Actor{M}},
		{StateProposed, StateDeclined, []Actor{M}},
		{StateProposed, StateCancelled, []Actor{R, A, S}},
		{StateProposed, StateExpired, []Actor{S}},
		{StateAccepted, StateActive, []Actor{S}},
		{StateAccepted, StateCancelled, []Actor{R, M, A}},
		{StateActive, StateCompleted, []Actor{S}},
		{StateActive, StateCancelled, []Actor{R, M, A}},
	}
	edges := map[[2]State][]Actor{}
	for _, a := range allowed {
		edges[[2]State{a.from, a.to}] = a.by
	}
	checked := 0
	for _, from := range States {
		for _, to := range States {
			for _, by := range Actors {
				t.Run(string(from)+"→"+string(to)+"/"+string(by), func(t *testing.T) {
					checked++
					actors, edge := edges[[2]State{from, to}]
					err := checkTransition(from, to, by)
					switch {
					case edge && slices.Contains(actors, by):
						if err != nil {
							t.Errorf("got %v, want allowed", err)
						}
					case edge:
						if !errors.Is(err, ErrNotAllowed) {
							t.Errorf("got %v, want ErrNotAllowed", err)
						}
					default:
						if !errors.Is(err, ErrInvalidTransition) {
							t.Errorf("got %v, want ErrInvalidTransition", err)
						}
					}
					if got := CanTransition(from, to, by); got != (err == nil) {
						t.Errorf("CanTransition = %v, but checkTransition says %v", got, err)
					}
				})
			}
		}
	}
	if want := len(States) * len(States) * len(Actors); checked != want {
		t.Errorf("checked %d triples, want %d", checked, want)
	}
	if len(transitions) != len(allowed) {
		t.Errorf("the table has %d transitions, the test lists %d", len(transitions), len(allowed))
	}
}
