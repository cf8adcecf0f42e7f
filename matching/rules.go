package matching

// Pair names a request and a mentor organisation.
type Pair struct {
	Request string
	Mentor  string
}

// Rules are an admin's decisions about pairs.
type Rules struct {
	// Locked pairs are forced into every round (they override the hard
	// filters but not bans).
	Locked []Pair
	// Banned pairs are never suggested nor assigned.
	Banned []Pair
	// Declined pairs were already declined by the mentor; never suggested
	// again for that request.
	Declined []Pair
}

// ruleSet is Rules indexed for the per-candidate lookups of Rank.
type ruleSet struct {
	banned, declined map[Pair]struct{}
}

func newRuleSet(r *Rules) ruleSet {
	rs := ruleSet{}
	if len(r.Banned) > 0 {
		rs.banned = make(map[Pair]struct{}, len(r.Banned))
		for _, p := range r.Banned {
			rs.banned[p] = struct{}{}
		}
	}
	if len(r.Declined) > 0 {
		rs.declined = make(map[Pair]struct{}, len(r.Declined))
		for _, p := range r.Declined {
			rs.declined[p] = struct{}{}
		}
	}
	return rs
}

func (rs *ruleSet) isBanned(p Pair) bool {
	_, ok := rs.banned[p]
	return ok
}

func (rs *ruleSet) isDeclined(p Pair) bool {
	_, ok := rs.declined[p]
	return ok
}
