package authz

import (
	"fmt"

	"github.com/casbin/casbin/v2"
)

// memChange applies a change to an in-memory casbin enforcer. It must be idempotent:
// Reload may replay it on assignments that already include it.
type memChange func(*casbin.SyncedEnforcer) error

// OnChange registers fn, called after every change once it is stored, even one that
// failed part-way in memory: other instances, which hold their own copy of the
// assignments, reload them when told. A Reload does not call it. Call OnChange before
// the first change.
func (e *Enforcer) OnChange(fn func()) { e.changed = fn }

// change persists a change through the adapter and then applies it in memory, in
// the order of all changes; if persisting fails, memory is left as it was.
func (e *Enforcer) change(op string, store func(adapterOps) error, mem memChange) error {
	stored, err := e.apply(op, store, mem)
	if stored && e.changed != nil {
		e.changed()
	}
	return err
}

func (e *Enforcer) apply(op string, store func(adapterOps) error, mem memChange) (stored bool, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.adapter != nil {
		if err := store(e.adapter); err != nil {
			return false, fmt.Errorf("authz: %s: %w", op, err)
		}
	}
	err = mem(e.cur.Load())
	// Even a failed change may have applied part of itself.
	e.answers.forget()
	if err != nil {
		return true, fmt.Errorf("authz: %s: %w", op, err)
	}
	if e.pending != nil {
		e.pending = append(e.pending, mem)
	}
	return true, nil
}

// adapterOps is the part of persist.Adapter that changes use.
type adapterOps interface {
	AddPolicy(sec, ptype string, rule []string) error
	RemovePolicy(sec, ptype string, rule []string) error
	RemoveFilteredPolicy(sec, ptype string, fieldIndex int, fieldValues ...string) error
}

// Grant gives the user role in dom (dom == Platform for platform roles). Granting a
// role the user already holds is a no-op. It returns an error wrapping ErrInvalid for a
// malformed argument or a role that is not held in that kind of domain, or the
// adapter's error, in which case nothing changed.
func (e *Enforcer) Grant(userID, role, dom string) error {
	ptype, rule, err := grantRule(userID, role, dom)
	if err != nil {
		return err
	}
	// Stored even when memory already has it: another instance may have revoked it.
	return e.change("grant",
		func(a adapterOps) error { return a.AddPolicy("g", ptype, rule) },
		func(se *casbin.SyncedEnforcer) error {
			_, err := se.AddNamedGroupingPolicy(ptype, rule)
			return err
		})
}

// Revoke takes role in dom away from the user; revoking a role the user does not hold
// is a no-op. Errors are as for Grant.
func (e *Enforcer) Revoke(userID, role, dom string) error {
	ptype, rule, err := grantRule(userID, role, dom)
	if err != nil {
		return err
	}
	return e.change("revoke",
		func(a adapterOps) error { return a.RemovePolicy("g", ptype, rule) },
		func(se *casbin.SyncedEnforcer) error {
			_, err := se.RemoveNamedGroupingPolicy(ptype, rule)
			return err
		})
}

// RemoveUser takes every role away from the user, in every domain (account deletion).
// It returns an error wrapping ErrInvalid for a malformed user id, or the adapter's
// error; after an error it may have removed some grants, and calling it again is safe.
func (e *Enforcer) RemoveUser(userID string) error {
	if err := checkUser(userID); err != nil {
		return err
	}
	sub := Subject(userID)
	for _, ptype := range []string{"g", "g2"} {
		err := e.change("remove user",
			func(a adapterOps) error { return a.RemoveFilteredPolicy("g", ptype, 0, sub) },
			func(se *casbin.SyncedEnforcer) error {
				_, err := se.RemoveFilteredNamedGroupingPolicy(ptype, 0, sub)
				return err
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// RemoveDomain takes away every role held in an organisation or room domain (the
// organisation or room is gone). Platform roles are never removed wholesale: dom ==
// Platform returns an error wrapping ErrInvalid. Adapter errors are as for Grant.
func (e *Enforcer) RemoveDomain(dom string) error {
	k, err := domainKind(dom)
	if err != nil {
		return err
	}
	if k == kindPlatform {
		return fmt.Errorf("%w: cannot remove the platform domain", ErrInvalid)
	}
	return e.change("remove domain",
		func(a adapterOps) error { return a.RemoveFilteredPolicy("g", "g", 2, dom) },
		func(se *casbin.SyncedEnforcer) error {
			if _, err := se.RemoveFilteredNamedGroupingPolicy("g", 2, dom); err != nil {
				return err
			}
			// Drop the domain's empty role manager too, or deleted rooms would pile
			// up in memory.
			return se.GetNamedRoleManager("g").DeleteDomain(dom)
		})
}
