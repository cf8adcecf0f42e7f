package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/training"
)

// Trainings is what the API needs for the cascade's trainings. Every method taking an
// organisation answers only what that organisation may see (else training.ErrNotFound).
type Trainings interface {
	Record(ctx context.Context, orgID, recorder string, in training.Input) (training.Training, error)
	RecordInSession(ctx context.Context, orgID, recorder, exchangeID, sessionID string, in training.Input) (training.Training, error)
	Of(ctx context.Context, orgID string) []training.Training
	InExchange(ctx context.Context, orgID, exchangeID string) ([]training.Training, error)
	Linkable(ctx context.Context, orgID string) []training.Training
	Trainers(ctx context.Context, ts []training.Training) (map[string][]string, error)
	NamedIn(ctx context.Context, userID string) ([]training.Named, error)
	Answer(ctx context.Context, userID, id string, consent bool) (training.Naming, error)
}

// trainingView is a training with the pseudonyms of the trainers who consented to being
// named (nobody else is named).
type trainingView struct {
	training.Training
	NamedTrainers []string `json:"named_trainers,omitempty"`
}

// withTrainers adds to ts the trainers who consented to being named, by pseudonym.
func (s *server) withTrainers(c *fiber.Ctx, ts []training.Training) ([]trainingView, error) {
	who, err := s.Trainings.Trainers(c.UserContext(), ts)
	if err != nil {
		return nil, err
	}
	out := make([]trainingView, len(ts))
	for i, t := range ts {
		out[i].Training = t
		for _, id := range who[t.ID] {
			if u, err := s.accounts.User(c.UserContext(), id); err == nil {
				out[i].NamedTrainers = append(out[i].NamedTrainers, u.Pseudonym)
			}
		}
	}
	return out, nil
}

// listTrainings answers an organisation's trainings and its own reach per generation.
func (s *server) listTrainings(c *fiber.Ctx) error {
	ts := s.Trainings.Of(c.UserContext(), c.Params("org"))
	views, err := s.withTrainers(c, ts)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"trainings": views, "reach": training.Aggregate(ts, training.ByGeneration)})
}

func (s *server) recordTraining(c *fiber.Ctx) error {
	var in training.Input
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	t, err := s.Trainings.Record(c.UserContext(), c.Params("org"), currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}

func (s *server) linkableTrainings(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"trainings": orEmpty(s.Trainings.Linkable(c.UserContext(), c.Params("org")))})
}

func (s *server) exchangeTrainings(c *fiber.Ctx) error {
	ts, err := s.Trainings.InExchange(c.UserContext(), c.Params("org"), c.Params("exchange"))
	if err != nil {
		return err
	}
	views, err := s.withTrainers(c, ts)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"trainings": views})
}

func (s *server) recordSessionTraining(c *fiber.Ctx) error {
	var in training.Input
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	t, err := s.Trainings.RecordInSession(c.UserContext(), c.Params("org"), currentUser(c).ID, c.Params("exchange"), c.Params("session"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}

// myNamings lists the trainings a lead named the user a trainer of, with their answers.
func (s *server) myNamings(c *fiber.Ctx) error {
	ns, err := s.Trainings.NamedIn(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"namings": orEmpty(ns)})
}

// answerNaming records the user's consent to being named a trainer, or its refusal.
func (s *server) answerNaming(consent bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		n, err := s.Trainings.Answer(c.UserContext(), currentUser(c).ID, c.Params("id"), consent)
		if err != nil {
			return err
		}
		return c.JSON(n)
	}
}
