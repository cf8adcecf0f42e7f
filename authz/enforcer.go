// Package authz decides who may do what in Cascade: casbin RBAC with domains and
// deny-override. The model and the policy lines ship in the binary; role assignments
// (casbin g and g2 lines) come from a persist.Adapter.
package authz

import (
	"bytes"
	_ "embed"
	"encoding/csv"
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
	matcher string // the model's matcher, escaped, for AllowedAs

	// mu orders changes, so the database and memory see them in one order.
	mu sync.Mutex
	// pending is non-nil while Reload loads: the changes made meanwhile, which the
	// load may have missed and Reload replays on the new assignments. Guarded by mu.
	pending  []memChange
	reloadMu sync.Mutex // one Reload at a time

	// cur is swapped whole by Reload, so decisions never see a half-loaded state.
	cur atomic.Pointer[casbin.SyncedEnforcer]
	// answers caches Allowed for cur as it is; emptied after every change to it.
	answers decisions
	// changed, if set, is called after every change stored (not after a Reload).
	changed func()
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
	matcher, err := baseMatcher()
	if err != nil {
		return nil, err
	}
	e := &Enforcer{adapter: adapter, policy: policy, matcher: matcher}
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
	q := question{userID, dom, obj, act, ""}
	ok, cached, gen := e.answers.get(q)
	if cached {
		return ok, nil
	}
	ok, err := e.cur.Load().Enforce(Subject(userID), dom, obj, act)
	if err != nil {
		return false, fmt.Errorf("authz: enforce: %w", err)
	}
	e.answers.put(q, ok, gen)
	return ok, nil
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
// changes made by other instances. Decisions keep using the old assignments until the
// new ones are complete, and changes made here meanwhile are not lost. It returns the
// adapter's error, leaving the old assignments in force.
func (e *Enforcer) Reload() error {
	e.reloadMu.Lock()
	defer e.reloadMu.Unlock()
	e.mu.Lock()
	e.pending = []memChange{}
	e.mu.Unlock()

	// Loading takes seconds on the embedded store; changes go on meanwhile.
	se, err := e.load()

	e.mu.Lock()
	defer e.mu.Unlock()
	pending := e.pending
	e.pending = nil
	if err != nil {
		return err
	}
	// Each change is idempotent, so replaying one the load already saw is harmless.
	for _, c := range pending {
		if err := c(se); err != nil {
			return fmt.Errorf("authz: reload: %w", err)
		}
	}
	e.cur.Store(se)
	e.answers.forget()
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
