package matching

// NewRound builds the instance of a matching round from profiles: each
// request against each mentor organisation, with a mentor's FreeCapacity
// as its capacity. Every pair that passes the hard filters (bans and
// declines included) is scored with w; preferences on both sides are
// derived from those scores, so Stable and Optimal run on the same data.
// Locks and bans come from rules. Use Score on an assigned pair for its
// explanation.
//
// Errors: those of the Validate methods, and of NewInstance
// (ErrDuplicateID, ErrLockConflict, ErrUnknownID for rules naming
// unknown ids).
func NewRound(requests []Request, mentors []Mentor, rules Rules, w Weights) (*Instance, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	in := Input{
		Requests: make([]RequestPrefs, len(requests)),
		Mentors:  make([]MentorPrefs, len(mentors)),
		Locked:   rules.Locked,
		Banned:   rules.Banned,
	}
	for i := range mentors {
		if err := mentors[i].Validate(); err != nil {
			return nil, err
		}
		in.Mentors[i] = MentorPrefs{ID: mentors[i].ID, Capacity: mentors[i].FreeCapacity}
	}
	rs := newRuleSet(&rules)
	for i := range requests {
		req := &requests[i]
		if err := req.Validate(); err != nil {
			return nil, err
		}
		in.Requests[i] = RequestPrefs{ID: req.ID}
		for j := range mentors {
			m := &mentors[j]
			if filter(req, m, &rs) != "" {
				continue
			}
			p := scorePair(req, m, &w)
			in.Scores = append(in.Scores, PairScore{Request: req.ID, Mentor: m.ID, Score: p.sum()})
		}
	}
	return NewInstance(in)
}
