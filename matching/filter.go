package matching

// Reason is a stable code saying why a candidate was filtered out or why a
// request stayed unmatched. Clients translate it; never change a value.
type Reason string

// Hard-filter reasons, checked in this order; a candidate gets the first
// that applies.
const (
	ReasonSameOrganisation Reason = "same_organisation"
	ReasonBanned           Reason = "banned"
	ReasonDeclined         Reason = "declined"
	ReasonNoCapacity       Reason = "no_capacity"
	ReasonNoSharedLanguage Reason = "no_shared_language"
	ReasonNoSharedFormat   Reason = "no_shared_format"
	// ReasonNoSharedTopic: the mentor offers none of the needed topics
	// (only when the request names any).
	ReasonNoSharedTopic Reason = "no_shared_topic"
)

// Reasons a round leaves a request unmatched.
const (
	// ReasonNoAcceptableMentor: no mentor is acceptable for the request in
	// the round's mode.
	ReasonNoAcceptableMentor Reason = "no_acceptable_mentor"
	// ReasonMentorsFull: every acceptable mentor is full (in stable mode:
	// with requests it prefers).
	ReasonMentorsFull Reason = "mentors_full"
	// ReasonNoGain: (optimal mode) a mentor with a free place is acceptable
	// but the pair scores 0, so assigning it adds nothing.
	ReasonNoGain Reason = "no_gain"
)

// filter applies the hard filters and returns the first failing reason, or
// "" when m is a candidate for req.
func filter(req *Request, m *Mentor, rs *ruleSet) Reason {
	p := Pair{Request: req.ID, Mentor: m.ID}
	switch {
	case req.OrgID != "" && req.OrgID == m.ID:
		return ReasonSameOrganisation
	case rs.isBanned(p):
		return ReasonBanned
	case rs.isDeclined(p):
		return ReasonDeclined
	case m.FreeCapacity <= 0:
		return ReasonNoCapacity
	case !req.AcceptsInterpretation && !intersects(req.Languages, m.Languages):
		return ReasonNoSharedLanguage
	case !intersects(req.Formats, m.Formats):
		return ReasonNoSharedFormat
	case len(req.Needs) > 0 && !offersAny(m, req.Needs):
		return ReasonNoSharedTopic
	}
	return ""
}

// intersects reports whether a and b share an element. Profiles list a few
// values each, so the quadratic loop beats building a set.
func intersects[T comparable](a, b []T) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func offersAny(m *Mentor, needs []Need) bool {
	for _, n := range needs {
		if m.level(n.Topic) > 0 {
			return true
		}
	}
	return false
}

// level is the level at which m offers topic, 0 when it does not.
func (m *Mentor) level(topic string) int { return levelIn(m.Offers, topic) }

// level is the level the host offers topic at, 0 if it does not.
func (h *Host) level(topic string) int { return levelIn(h.Offers, topic) }

func levelIn(offers []Offer, topic string) int {
	for _, o := range offers {
		if o.Topic == topic {
			return o.Level
		}
	}
	return 0
}
