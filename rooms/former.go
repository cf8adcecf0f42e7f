package rooms

import "context"

// FormerOrganisation is what an exchange room's title calls an organisation that was
// offboarded.
const FormerOrganisation = "a former organisation"

// ForgetOrganisation retitles the exchange rooms of organisation orgID, which is gone,
// so that no title names it: the other organisation's name and FormerOrganisation, in the
// order OpenExchangeRoom gave them. The rooms and their messages stay for the other
// organisation. Errors: the store's.
func (s *Service) ForgetOrganisation(ctx context.Context, orgID string) error {
	s.mu.Lock()
	var exchangeRooms []Room
	for _, r := range s.rooms {
		if r.Kind == KindExchange {
			exchangeRooms = append(exchangeRooms, r)
		}
	}
	s.mu.Unlock()
	for _, r := range exchangeRooms {
		x, err := s.exchangeOf(ctx, r)
		if err != nil || (x.RequestOrg != orgID && x.MentorOrg != orgID) {
			continue
		}
		var names []string
		for _, o := range []string{x.RequestOrg, x.MentorOrg} {
			name := FormerOrganisation
			if got, err := s.orgs.Get(ctx, o); err == nil && o != orgID {
				name = got.Profile.Name
			}
			names = append(names, name)
		}
		if err := s.retitle(ctx, r.ID, clean(names[0]+" × "+names[1])); err != nil {
			return err
		}
	}
	return nil
}

// retitle stores a new title for room id and tells the other instances.
func (s *Service) retitle(ctx context.Context, id, title string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.rooms[id]
	if !ok {
		return nil
	}
	r.Title = title
	if err := s.st.UpdateRoom(ctx, r); err != nil {
		return err
	}
	s.rooms[id] = r
	s.tell(ctx, id)
	return nil
}
