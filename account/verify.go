package account

import "context"

// CheckPassword reports whether password is userID's current one, for an act that a
// session alone must not be enough for (deleting the account). It shares the login
// back-off, so a stolen session cannot be used to guess the password. Errors:
// ErrNotFound (no such user), ErrInvalidCredentials, *ThrottledError.
func (s *Service) CheckPassword(ctx context.Context, userID, password string) error {
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if wait := s.throttle.begin(u.Key, s.now()); wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	ok, err := s.hasher.verify(ctx, u.PasswordHash, password)
	if err != nil {
		s.throttle.abandon(u.Key)
		return err
	}
	s.throttle.end(u.Key, s.now(), ok)
	if !ok {
		return ErrInvalidCredentials
	}
	return nil
}
