// Package authz decides who may do what in Cascade: casbin RBAC with domains and
// deny-override. The model and the policy lines ship in the binary; role assignments
// (casbin g and g2 lines) come from a persist.Adapter.
package authz

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
)

//go:embed model.conf
var modelConf string

//go:embed policy.csv
var policyCSV []byte

// Enforcer answers authorisation questions and changes role assignments.
// It is safe for concurrent use.
//
// Changes are written to the adapter first and applied in memory only when the write
// succeeded, so a failed save never leaves a grant in force. The adapter is called
// outside casbin's lock: a slow database delays the change, never Allowed.
type Enforcer struct {
	adapter persist.Adapter // nil: grants live in memory only
	policy  [][]string

	// mu orders changes and reloads, so the database and memory see them in one order.
	mu  sync.Mutex
	cur atomic.Pointer[casbin.SyncedEnforcer]
}

// New returns an Enforcer with the embedded model and policy and the role assignments
// loaded from adapter. A nil adapter keeps assignments in memory only (tests, tools).
// It fails when the adapter fails or holds a malformed or policy (p) line.
func New(adapter persist.Adapter) (*Enforcer, error) {
	policy, err := parsePolicy(policyCSV)
	if err != nil {
		return nil, err
	}
	return newEnforcer(policy, adapter)
}

func newEnforcer(policy [][]string, adapter persist.Adapter) (*Enforcer, error) {
	e := &Enforcer{adapter: adapter, policy: policy}
	se, err := e.load()
	if err != nil {
		return nil, err
	}
	e.cur.Store(se)
	return e, nil
}

// load builds a fresh casbin enforcer from the policy and the adapter's grants.
func (e *Enforcer) load() (*casbin.SyncedEnforcer, error) {
	m, err := model.NewModelFromString(modelConf)
	if err != nil {
		return nil, fmt.Errorf("authz: model: %w", err)
	}
	se, err := casbin.NewSyncedEnforcer(m, source{policy: e.policy, grants: e.adapter})
	if err != nil {
		return nil, fmt.Errorf("authz: load: %w", err)
	}
	// The source is read-only; Grant and friends persist through e.adapter themselves.
	se.EnableAutoSave(false)
	return se, nil
}

// Allowed reports whether the user may perform act on obj in dom.
// It returns an error wrapping ErrInvalid for a malformed user id or domain.
func (e *Enforcer) Allowed(userID, dom, obj, act string) (bool, error) {
	if err := checkUser(userID); err != nil {
		return false, err
	}
	if _, err := domainKind(dom); err != nil {
		return false, err
	}
	ok, err := e.cur.Load().Enforce(Subject(userID), dom, obj, act)
	if err != nil {
		return false, fmt.Errorf("authz: enforce: %w", err)
	}
	return ok, nil
}

// Grant gives the user role in dom (dom == Platform for platform roles). Granting a
// role the user already holds is a no-op. It returns an error wrapping ErrInvalid for a
// malformed argument or a role that is not held in that kind of domain, and the
// adapter's error, in which case nothing changed.
func (e *Enforcer) Grant(userID, role, dom string) error {
	ptype, rule, err := grantRule(userID, role, dom)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	// Written even when memory already has it: another instance may have revoked it.
	if e.adapter != nil {
		if err := e.adapter.AddPolicy("g", ptype, rule); err != nil {
			return fmt.Errorf("authz: grant: %w", err)
		}
	}
	if _, err := e.cur.Load().AddNamedGroupingPolicy(ptype, rule); err != nil {
		return fmt.Errorf("authz: grant: %w", err)
	}
	return nil
}

// Revoke takes role in dom away from the user; revoking a role the user does not hold
// is a no-op. Errors are as for Grant.
func (e *Enforcer) Revoke(userID, role, dom string) error {
	ptype, rule, err := grantRule(userID, role, dom)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.adapter != nil {
		if err := e.adapter.RemovePolicy("g", ptype, rule); err != nil {
			return fmt.Errorf("authz: revoke: %w", err)
		}
	}
	if _, err := e.cur.Load().RemoveNamedGroupingPolicy(ptype, rule); err != nil {
		return fmt.Errorf("authz: revoke: %w", err)
	}
	return nil
}

// RemoveUser takes every role away from the user, in every domain (account deletion).
// It returns an error wrapping ErrInvalid for a malformed user id, or the adapter's
// error; after an error it may have removed some grants, and calling it again is safe.
func (e *Enforcer) RemoveUser(userID string) error {
	if err := checkUser(userID); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.removeFilteredLocked(e.cur.Load(), "remove user", 0, Subject(userID), "g", "g2")
}

// RemoveDomain takes away every role held in an organisation or room domain (the
// organisation or room is gone). Platform roles are never removed wholesale: dom ==
// Platform returns an error wrapping ErrInvalid. Adapter errors are as for RemoveUser.
func (e *Enforcer) RemoveDomain(dom string) error {
	k, err := domainKind(dom)
	if err != nil {
		return err
	}
	if k == kindPlatform {
		return fmt.Errorf("%w: cannot remove the platform domain", ErrInvalid)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	se := e.cur.Load()
	if err := e.removeFilteredLocked(se, "remove domain", 2, dom, "g"); err != nil {
		return err
	}
	// Drop the domain's empty role manager too, or deleted rooms would pile up in memory.
	if err := se.GetNamedRoleManager("g").DeleteDomain(dom); err != nil {
		return fmt.Errorf("authz: remove domain: %w", err)
	}
	return nil
}

// removeFilteredLocked removes the grants whose field equals value; e.mu must be held.
func (e *Enforcer) removeFilteredLocked(se *casbin.SyncedEnforcer, op string, field int, value string, ptypes ...string) error {
	for _, ptype := range ptypes {
		if e.adapter != nil {
			if err := e.adapter.RemoveFilteredPolicy("g", ptype, field, value); err != nil {
				return fmt.Errorf("authz: %s: %w", op, err)
			}
		}
		if _, err := se.RemoveFilteredNamedGroupingPolicy(ptype, field, value); err != nil {
			return fmt.Errorf("authz: %s: %w", op, err)
		}
	}
	return nil
}

// Roles lists the roles the user holds in dom, sorted; for Platform, the platform
// roles. A malformed argument gives an empty list.
func (e *Enforcer) Roles(userID, dom string) []string {
	k, err := domainKind(dom)
	if err != nil || checkUser(userID) != nil {
		return nil
	}
	ptype, doms := "g", []string{dom}
	if k == kindPlatform {
		ptype, doms = "g2", nil
	}
	se := e.cur.Load()
	se.GetLock().RLock()
	defer se.GetLock().RUnlock()
	roles, err := se.Enforcer.GetNamedRoleManager(ptype).GetRoles(Subject(userID), doms...)
	if err != nil {
		return nil
	}
	slices.Sort(roles)
	return roles
}

// Users lists the ids of the users holding role in dom, sorted. A malformed argument
// gives an empty list.
func (e *Enforcer) Users(role, dom string) []string {
	k, err := domainKind(dom)
	if err != nil || roleKind(role, k) != k {
		return nil
	}
	ptype, doms := "g", []string{dom}
	if k == kindPlatform {
		ptype, doms = "g2", nil
	}
	se := e.cur.Load()
	se.GetLock().RLock()
	subjects, err := se.Enforcer.GetNamedRoleManager(ptype).GetUsers(role, doms...)
	se.GetLock().RUnlock()
	if err != nil {
		return nil
	}
	users := make([]string, 0, len(subjects))
	for _, s := range subjects {
		if id, ok := strings.CutPrefix(s, subjectPrefix); ok {
			users = append(users, id)
		}
	}
	slices.Sort(users)
	return users
}

// Reload replaces the role assignments in memory with the adapter's, to pick up
// changes made by other instances. Allowed keeps answering from the old assignments
// until the new ones are complete. It returns the adapter's error, leaving the old
// assignments in force.
func (e *Enforcer) Reload() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	se, err := e.load()
	if err != nil {
		return err
	}
	e.cur.Store(se)
	return nil
}

// parsePolicy reads p lines in casbin's CSV form.
func parsePolicy(data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = 6
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("authz: policy: %w", err)
	}
	policy := make([][]string, 0, len(records))
	for _, rec := range records {
		if rec[0] != "p" || (rec[5] != "allow" && rec[5] != "deny") {
			return nil, fmt.Errorf("authz: policy: bad line %q", rec)
		}
		policy = append(policy, rec[1:])
	}
	return policy, nil
}

// source is the adapter casbin loads from: the embedded policy plus the grants.
// It is read-only; changes go through Enforcer, which calls the grant adapter itself.
type source struct {
	policy [][]string
	grants persist.Adapter
}

var errReadOnly = errors.New("authz: policy source is read-only")

func (s source) LoadPolicy(m model.Model) error {
	if s.grants != nil {
		if err := s.grants.LoadPolicy(m); err != nil {
			return fmt.Errorf("load grants: %w", err)
		}
	}
	if ast, ok := m["p"]["p"]; ok && len(ast.Policy) != 0 {
		return fmt.Errorf("%w: the grant adapter returned %d policy (p) lines; the policy ships in the binary", ErrInvalid, len(ast.Policy))
	}
	for ptype, ast := range m["g"] {
		for _, rule := range ast.Policy {
			if err := checkRule(ptype, rule); err != nil {
				return err
			}
		}
	}
	for _, rule := range s.policy {
		if err := m.AddPolicy("p", "p", slices.Clone(rule)); err != nil {
			return fmt.Errorf("policy: %w", err)
		}
	}
	return nil
}

func (source) SavePolicy(model.Model) error                              { return errReadOnly }
func (source) AddPolicy(string, string, []string) error                  { return errReadOnly }
func (source) RemovePolicy(string, string, []string) error               { return errReadOnly }
func (source) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }
