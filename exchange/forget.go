package exchange

import (
	"context"
	"fmt"
)

// ForgetPerson takes userID out of every request and exchange, in the store and in
// memory: the author of a request, of a goal, of a logged session and of feedback
// becomes "" (a former member); what they wrote stays, since it is the organisations'
// shared work. Their notifications are dropped from memory (the caller deletes them
// from the store). Errors: the store's; doing it again finishes what an error left.
func (s *Service) ForgetPerson(ctx context.Context, userID string) error {
	s.mu.RLock()
	var ids []string
	for id, r := range s.requests {
		if r.CreatedBy == userID {
			ids = append(ids, id)
			continue
		}
		for _, xid := range s.byRequest[id] {
			if x := s.exchanges[xid]; x != nil && mentions(x, userID) {
				ids = append(ids, id)
				break
			}
		}
	}
	s.mu.RUnlock()
	for _, id := range ids {
		if err := s.forgetIn(ctx, id, userID); err != nil {
			return err
		}
	}
	s.ForgetNotes(userID)
	return nil
}

// ForgetNotes drops userID's notifications from memory: the account was deleted (on
// another instance, which deleted them from the store).
func (s *Service) ForgetNotes(userID string) {
	s.notes.mu.Lock()
	defer s.notes.mu.Unlock()
	delete(s.notes.byUser, userID)
}

// forgetIn takes userID out of request id and its exchanges.
func (s *Service) forgetIn(ctx context.Context, id, userID string) error {
	end, err := s.begin(ctx, id)
	if err != nil {
		return err
	}
	defer end()
	if r, err := s.request(id); err == nil && r.CreatedBy == userID {
		r.CreatedBy = ""
		if err := s.st.SaveRequest(ctx, r); err != nil {
			return fmt.Errorf("exchange: forget: %w", err)
		}
		s.putRequest(r)
	}
	for _, x := range s.exchangesOf(id) {
		if !mentions(&x, userID) {
			continue
		}
		forget(&x, userID)
		if err := s.st.SaveExchange(ctx, x); err != nil {
			return fmt.Errorf("exchange: forget: %w", err)
		}
		s.put(x)
	}
	return nil
}

// mentions reports whether x names userID as the author of something.
func mentions(x *Exchange, userID string) bool {
	for _, f := range []*Feedback{x.RequesterFeedback, x.MentorFeedback} {
		if f != nil && f.By == userID {
			return true
		}
	}
	for _, g := range x.Goals {
		if g.AddedBy == userID || g.DoneBy == userID {
			return true
		}
	}
	for _, ss := range x.Sessions {
		if ss.LoggedBy == userID {
			return true
		}
	}
	return false
}

// forget blanks userID wherever x names them; x owns its slices and feedback (a clone).
func forget(x *Exchange, userID string) {
	for _, f := range []*Feedback{x.RequesterFeedback, x.MentorFeedback} {
		if f != nil && f.By == userID {
			f.By = ""
		}
	}
	for i := range x.Goals {
		if x.Goals[i].AddedBy == userID {
			x.Goals[i].AddedBy = ""
		}
		if x.Goals[i].DoneBy == userID {
			x.Goals[i].DoneBy = ""
		}
	}
	for i := range x.Sessions {
		if x.Sessions[i].LoggedBy == userID {
			x.Sessions[i].LoggedBy = ""
		}
	}
}
