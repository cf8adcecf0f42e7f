package authz

import (
	"errors"
	"fmt"
	"slices"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
)

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
