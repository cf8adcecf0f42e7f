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

// orgAccounts adapts the registrar to the shape the organisation service declares.
type orgAccounts struct {
	r registrar
	// revoked tells every instance that a deleted account's sessions ended; set once the
	// revoker exists, before anything can delete.
	revoked func(ctx context.Context, userID string)
}

func (a *orgAccounts) Register(ctx context.Context, pseudonym, password string) (string, []string, error) {
	u, codes, err := a.r.Register(ctx, pseudonym, password)
	return u.ID, codes, err
}

// Delete removes the account, closes its sockets and drops its cached sessions on every
// instance, then removes its user role; an account already gone is not an error.
func (a *orgAccounts) Delete(ctx context.Context, userID string) error {
	if err := a.r.Service.Delete(ctx, userID); err != nil && !errors.Is(err, account.ErrNotFound) {
		return err
	}
	a.revoked(ctx, userID)
	return a.r.roles.Revoke(userID, authz.RoleUser, authz.Platform)
}
