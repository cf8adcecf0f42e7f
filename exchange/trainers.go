package exchange

import "context"

// KindTrainerNamed: a lead of the reader's organisation named them one of a training's
// trainers; they consent to being named, or decline (issue 13 §2).
const KindTrainerNamed Kind = "trainer_named"

// TrainerNamed tells userID that a lead of orgID named them a trainer (training.Notifier).
func (s *Service) TrainerNamed(ctx context.Context, userID, orgID string) {
	s.deliver(ctx, userID, Notification{Kind: KindTrainerNamed, OrgID: orgID})
}
