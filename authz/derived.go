package authz

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/casbin/casbin/v2/model"
)

// AllowedAs reports whether the user may perform act on obj in the room domain dom if
// they held role there as well as the roles they hold: the decision for a room role
// derived from other facts (an exchange room's leads and mentors) rather than granted.
// Deny lines still apply: staff never read messages, a muted or banned grant in dom
// still mutes or bans. It returns an error wrapping ErrInvalid for a malformed user id
// or domain, or a role that is not a room role.
func (e *Enforcer) AllowedAs(userID, role, dom, obj, act string) (bool, error) {
	if err := checkUser(userID); err != nil {
		return false, err
	}
	k, err := domainKind(dom)
	if err != nil {
		return false, err
	}
	if k != kindRoom || roleKind(role, k) != kindRoom {
		return false, fmt.Errorf("%w: role %q cannot be derived in %q", ErrInvalid, role, dom)
	}
	q := question{userID, dom, obj, act, role}
	ok, cached, gen := e.answers.get(q)
	if cached {
		return ok, nil
	}
	m := strings.Replace(e.matcher, derivedHolds, "(p_sub == "+strconv.Quote(role)+" || g(r_sub, p_sub, r_dom)", 1)
	ok, err = e.cur.Load().EnforceWithMatcher(m, Subject(userID), dom, obj, act)
	if err != nil {
		return false, fmt.Errorf("authz: enforce as %s: %w", role, err)
	}
	e.answers.put(q, ok, gen)
	return ok, nil
}

// derivedHolds is the part of the matcher (as casbin escapes it) where AllowedAs adds
// one more way to hold a role: being it. Casbin compiles a matcher once per distinct
// string, and only the room roles can be derived.
const derivedHolds = "(g(r_sub, p_sub, r_dom)"

// baseMatcher returns the model's matcher as casbin escapes it.
func baseMatcher() (string, error) {
	m, err := model.NewModelFromString(modelConf)
	if err != nil {
		return "", fmt.Errorf("authz: model: %w", err)
	}
	base := m["m"]["m"].Value
	if !strings.Contains(base, derivedHolds) {
		return "", fmt.Errorf("authz: the matcher has no %q to derive a role in", derivedHolds)
	}
	return base, nil
}
