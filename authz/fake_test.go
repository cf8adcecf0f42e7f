package authz

import (
	"errors"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
)

var errFake = errors.New("fake adapter: store unavailable")

// memAdapter is a hand-written in-memory persist.Adapter. Setting fail makes every
// call return errFake, to show that a failed save changes nothing.
type memAdapter struct {
	mu    sync.Mutex
	rules map[string][]string // key: ptype + "\x00" + fields joined by "\x00"
	fail  bool
	// onLoad, if set, runs in LoadPolicy after the rows were read and before they
	// are handed over, as a slow database read would let other changes in.
	onLoad func()
}

func newMemAdapter() *memAdapter { return &memAdapter{rules: map[string][]string{}} }

var _ persist.Adapter = (*memAdapter)(nil)

func ruleKey(ptype string, rule []string) string {
	return ptype + "\x00" + strings.Join(rule, "\x00")
}

func (a *memAdapter) setFail(fail bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.fail = fail
}

// put stores a line without any checks, as a database row written by someone else.
func (a *memAdapter) put(ptype string, rule ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rules[ruleKey(ptype, rule)] = append([]string{ptype}, rule...)
}

func (a *memAdapter) has(ptype string, rule ...string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.rules[ruleKey(ptype, rule)]
	return ok
}

func (a *memAdapter) len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.rules)
}

func (a *memAdapter) LoadPolicy(m model.Model) error {
	a.mu.Lock()
	if a.fail {
		a.mu.Unlock()
		return errFake
	}
	lines := make([][]string, 0, len(a.rules))
	for _, line := range a.rules {
		lines = append(lines, line)
	}
	onLoad := a.onLoad
	a.mu.Unlock()
	if onLoad != nil {
		onLoad()
	}
	for _, line := range lines {
		if err := persist.LoadPolicyArray(line, m); err != nil {
			return err
		}
	}
	return nil
}

func (a *memAdapter) SavePolicy(model.Model) error { return errors.New("fake adapter: not used") }

func (a *memAdapter) AddPolicy(_, ptype string, rule []string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail {
		return errFake
	}
	a.rules[ruleKey(ptype, rule)] = append([]string{ptype}, rule...)
	return nil
}

func (a *memAdapter) RemovePolicy(_, ptype string, rule []string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail {
		return errFake
	}
	delete(a.rules, ruleKey(ptype, rule))
	return nil
}

// RemoveFilteredPolicy follows casbin: an empty field value matches anything.
func (a *memAdapter) RemoveFilteredPolicy(_, ptype string, field int, values ...string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail {
		return errFake
	}
	for k, line := range a.rules {
		if line[0] != ptype {
			continue
		}
		match := true
		for i, v := range values {
			if v != "" && (1+field+i >= len(line) || line[1+field+i] != v) {
				match = false
				break
			}
		}
		if match {
			delete(a.rules, k)
		}
	}
	return nil
}
