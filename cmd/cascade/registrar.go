package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/authz"
)

// registrar creates accounts that hold the platform "user" role from their first
// moment, and removes the account again if that grant fails, so no account exists
// that the policy does not know.
type registrar struct {
	*account.Service
	roles *authz.Enforcer
}

func newRegistrar(a *account.Service, r *authz.Enforcer) registrar {
	return registrar{Service: a, roles: r}
}

// Register creates an account with the user role.
func (r registrar) Register(ctx context.Context, pseudonym, password string) (account.User, []string, error) {
	u, codes, err := r.Service.Register(ctx, pseudonym, password)
	if err != nil {
		return account.User{}, nil, err
	}
	if err := r.roles.Grant(u.ID, authz.RoleUser, authz.Platform); err != nil {
		return account.User{}, nil, errors.Join(fmt.Errorf("grant user role: %w", err), r.Service.Delete(ctx, u.ID))
	}
	return u, codes, nil
}

// orgAccounts adapts Register to the shape the organisation service declares.
type orgAccounts func(ctx context.Context, pseudonym, password string) (account.User, []string, error)

func (f orgAccounts) Register(ctx context.Context, pseudonym, password string) (string, []string, error) {
	u, codes, err := f(ctx, pseudonym, password)
	return u.ID, codes, err
}
