package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/training"
)

// Trainings is what the API needs for the cascade's trainings. Every method taking an
// organisation answers only what that organisation may see (else training.ErrNotFound).
type Trainings interface {
	Record(ctx context.Context, orgID string, in training.Input) (training.Training, error)
	RecordInSession(ctx context.Context, orgID, exchangeID, sessionID string, in training.Input) (training.Training, error)
	Of(ctx context.Context, orgID string) []training.Training
	InExchange(ctx context.Context, orgID, exchangeID string) ([]training.Training, error)
	Linkable(ctx context.Context, orgID string) []training.Training
}

// listTrainings answers an organisation's trainings and its own reach per generation.
func (s *server) listTrainings(c *fiber.Ctx) error {
	ts := s.Trainings.Of(c.UserContext(), c.Params("org"))
	return c.JSON(fiber.Map{"trainings": orEmpty(ts), "reach": training.Aggregate(ts, training.ByGeneration)})
}

func (s *server) recordTraining(c *fiber.Ctx) error {
	var in training.Input
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	t, err := s.Trainings.Record(c.UserContext(), c.Params("org"), in)
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
	return c.JSON(fiber.Map{"trainings": orEmpty(ts)})
}

func (s *server) recordSessionTraining(c *fiber.Ctx) error {
	var in training.Input
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	t, err := s.Trainings.RecordInSession(c.UserContext(), c.Params("org"), c.Params("exchange"), c.Params("session"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}
