// Package orgtest has hand-written fakes of what the org service depends on besides its
// store (accounts, roles, a clock) and a valid profile. Tests of org and of store share them.
package orgtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/cascade-platform/cascade/org"
)

// ErrTaken and ErrWeak are what Accounts.Register fails with for a taken pseudonym and a
// weak password.
var (
	ErrTaken = errors.New("orgtest: pseudonym taken")
	ErrWeak  = errors.New("orgtest: weak password")
)

// WeakPassword is the one password Accounts refuses.
const WeakPassword = "weak"

// Accounts registers pseudonyms in memory; safe for concurrent use.
type Accounts struct {
	mu    sync.Mutex
	users map[string]string // pseudonym → user id
	made  int               // accounts ever made, for fresh ids
}

// Register creates an account unless the pseudonym is taken or the password is WeakPassword.
func (a *Accounts) Register(ctx context.Context, pseudonym, password string) (string, []string, error) {
	if password == WeakPassword {
		return "", nil, ErrWeak
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.users == nil {
		a.users = map[string]string{}
	}
	if _, ok := a.users[pseudonym]; ok {
		return "", nil, ErrTaken
	}
	a.made++
	id := fmt.Sprintf("u%d", a.made)
	a.users[pseudonym] = id
	return id, []string{"code-1", "code-2"}, nil
}

// Delete removes the account with userID; one already gone is not an error.
func (a *Accounts) Delete(ctx context.Context, userID string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	for p, id := range a.users {
		if id == userID {
			delete(a.users, p)
		}
	}
	return nil
}

// Count returns how many accounts exist.
func (a *Accounts) Count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.users)
}

// Roles keeps role assignments in memory; safe for concurrent use.
type Roles struct {
	mu     sync.Mutex
	grants map[[3]string]bool // user, role, domain
}

// Grant assigns role in dom to user; granting twice is a no-op.
func (r *Roles) Grant(user, role, dom string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.grants == nil {
		r.grants = map[[3]string]bool{}
	}
	r.grants[[3]string{user, role, dom}] = true
	return nil
}

// Revoke removes an assignment; revoking one not held is a no-op.
func (r *Roles) Revoke(user, role, dom string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.grants, [3]string{user, role, dom})
	return nil
}

// Roles returns user's roles in dom, sorted.
func (r *Roles) Roles(user, dom string) []string {
	return r.list(func(g [3]string) (string, bool) { return g[1], g[0] == user && g[2] == dom })
}

// Users returns the users holding role in dom, sorted.
func (r *Roles) Users(role, dom string) []string {
	return r.list(func(g [3]string) (string, bool) { return g[0], g[1] == role && g[2] == dom })
}

// Has reports whether user holds role in dom.
func (r *Roles) Has(user, role, dom string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.grants[[3]string{user, role, dom}]
}

func (r *Roles) list(pick func([3]string) (string, bool)) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for g := range r.grants {
		if v, ok := pick(g); ok {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// Profile returns a valid profile of an emerging, hosted organisation with the given name.
func Profile(name string) org.Profile {
	return org.Profile{
		Name:        name,
		Country:     "MZ",
		Region:      "Maputo",
		Languages:   []string{"pt", "en"},
		Stage:       org.StageEmerging,
		Legal:       org.LegalHosted,
		HostName:    "Friendly NGO",
		Populations: []org.Population{org.PopulationFemale, org.PopulationTransgender},
		Offers:      []org.Offer{{Topic: org.TopicPeerOutreach, Level: 2}},
		Needs:       []org.Need{{Topic: org.TopicFundraising, Priority: 3}, {Topic: org.TopicAdvocacyMedia, Priority: 1}},
		Formats:     []org.Format{org.FormatOnlineMentoring, org.FormatStudyVisit},
		Capacity:    1,
		Available:   true,
		About:       "Peer educators working along the corridor.\nWe meet weekly.",
	}
}
