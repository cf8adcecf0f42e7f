package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/account"
)

var _ account.Store = (*DB)(nil)

// Collections of the account domain.
const (
	colUsers          = "users"
	colRecoveryCodes  = "recovery_codes"
	colRecoveryClaims = "recovery_claims"
)

// accountIndexes: the unique key and skeleton on users are what make a pseudonym taken
// (the skeleton also by names that only look the same); the unique
// (user, hash) on recovery_claims is what makes a recovery code usable once, since an
// update marking it used would not be atomic on the embedded store.
func accountIndexes() []index {
	return []index{
		{collection: colUsers, keys: bson.D{{Key: "key", Value: 1}}, unique: true},
		{collection: colUsers, keys: bson.D{{Key: "skeleton", Value: 1}}, unique: true},
		{collection: colRecoveryCodes, keys: bson.D{{Key: "user_id", Value: 1}, {Key: "hash", Value: 1}}, unique: true},
		{collection: colRecoveryClaims, keys: bson.D{{Key: "user_id", Value: 1}, {Key: "hash", Value: 1}}, unique: true},
		{collection: colSessions, keys: bson.D{{Key: "user_id", Value: 1}}},
	}
}

type userDoc struct {
	ID           string    `bson:"_id"`
	Pseudonym    string    `bson:"pseudonym"`
	Key          string    `bson:"key"`
	Skeleton     string    `bson:"skeleton"`
	PasswordHash string    `bson:"password_hash"`
	Created      time.Time `bson:"created"`
	Disabled     bool      `bson:"disabled"`
}

// InsertUser stores a new user; account.ErrPseudonymTaken if the key or the skeleton exists.
func (d *DB) InsertUser(ctx context.Context, u account.UserRecord) error {
	_, err := d.c(colUsers).InsertOne(ctx, userDoc(u))
	if isDuplicate(err) {
		return fmt.Errorf("store: insert user: %w", account.ErrPseudonymTaken)
	}
	if err != nil {
		return fmt.Errorf("store: insert user: %w", err)
	}
	return nil
}

// UserByKey finds a user by pseudonym key; account.ErrNotFound if none.
func (d *DB) UserByKey(ctx context.Context, key string) (account.UserRecord, error) {
	return d.findUser(ctx, "user by key", bson.D{{Key: "key", Value: key}})
}

// UserByID finds a user by id; account.ErrNotFound if none.
func (d *DB) UserByID(ctx context.Context, id string) (account.UserRecord, error) {
	return d.findUser(ctx, "user by id", bson.D{{Key: "_id", Value: id}})
}

func (d *DB) findUser(ctx context.Context, op string, filter bson.D) (account.UserRecord, error) {
	var doc userDoc
	err := d.c(colUsers).FindOne(ctx, filter).Decode(&doc)
	if isNotFound(err) {
		return account.UserRecord{}, fmt.Errorf("store: %s: %w", op, account.ErrNotFound)
	}
	if err != nil {
		return account.UserRecord{}, fmt.Errorf("store: %s: %w", op, err)
	}
	return account.UserRecord(doc), nil
}

// UpdatePasswordHash replaces a user's password hash; account.ErrNotFound if no such user.
// Callers serialise updates of one user (account.Service does, per user).
func (d *DB) UpdatePasswordHash(ctx context.Context, userID, hash string) error {
	return d.updateUser(ctx, "update password", userID, bson.D{{Key: "password_hash", Value: hash}})
}

// SetUserDisabled sets a user's disabled flag; account.ErrNotFound if no such user.
func (d *DB) SetUserDisabled(ctx context.Context, userID string, disabled bool) error {
	return d.updateUser(ctx, "set disabled", userID, bson.D{{Key: "disabled", Value: disabled}})
}

func (d *DB) updateUser(ctx context.Context, op, userID string, set bson.D) error {
	res, err := d.c(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: %s: %w", op, account.ErrNotFound)
	}
	return nil
}

// DeleteUser removes the user document; account.ErrNotFound if there was none.
func (d *DB) DeleteUser(ctx context.Context, userID string) error {
	res, err := d.c(colUsers).DeleteOne(ctx, bson.D{{Key: "_id", Value: userID}})
	if err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	if res.DeletedCount == 0 {
		return fmt.Errorf("store: delete user: %w", account.ErrNotFound)
	}
	return nil
}

// CountUsers returns the number of users.
func (d *DB) CountUsers(ctx context.Context) (int64, error) {
	n, err := d.c(colUsers).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// InsertRecoveryCodes stores the hashes of a user's recovery codes.
func (d *DB) InsertRecoveryCodes(ctx context.Context, userID string, hashes []string) error {
	docs := make([]bson.D, len(hashes))
	for i, h := range hashes {
		docs[i] = bson.D{{Key: "user_id", Value: userID}, {Key: "hash", Value: h}}
	}
	if _, err := d.c(colRecoveryCodes).InsertMany(ctx, docs); err != nil {
		return fmt.Errorf("store: insert recovery codes: %w", err)
	}
	return nil
}

// ClaimRecoveryCode uses up one of the user's codes. The claim is an insert under a unique
// index, so of many concurrent claims exactly one succeeds; the rest, and codes the user
// does not have, get account.ErrNotFound.
func (d *DB) ClaimRecoveryCode(ctx context.Context, userID, hash string) error {
	filter := bson.D{{Key: "user_id", Value: userID}, {Key: "hash", Value: hash}}
	if err := d.c(colRecoveryCodes).FindOne(ctx, filter).Err(); isNotFound(err) {
		return fmt.Errorf("store: claim recovery code: %w", account.ErrNotFound)
	} else if err != nil {
		return fmt.Errorf("store: claim recovery code: %w", err)
	}
	_, err := d.c(colRecoveryClaims).InsertOne(ctx, filter)
	if isDuplicate(err) {
		return fmt.Errorf("store: claim recovery code: %w", account.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: claim recovery code: %w", err)
	}
	return nil
}

// DeleteRecoveryCodes removes a user's recovery codes and claims.
func (d *DB) DeleteRecoveryCodes(ctx context.Context, userID string) error {
	for _, col := range []string{colRecoveryCodes, colRecoveryClaims} {
		if _, err := d.c(col).DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}}); err != nil {
			return fmt.Errorf("store: delete recovery codes: %w", err)
		}
	}
	return nil
}
