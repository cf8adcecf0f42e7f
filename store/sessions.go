package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/account"
)

// colSessions holds one document per session; _id is the token's hash, never the token.
const colSessions = "sessions"

type sessionDoc struct {
	Hash     string    `bson:"_id"`
	ID       string    `bson:"sid"`
	UserID   string    `bson:"user_id"`
	Device   string    `bson:"device"`
	Created  time.Time `bson:"created"`
	LastSeen time.Time `bson:"last_seen"`
}

// InsertSession stores a new session.
func (d *DB) InsertSession(ctx context.Context, s account.SessionRecord) error {
	if _, err := d.c(colSessions).InsertOne(ctx, sessionDoc(s)); err != nil {
		return fmt.Errorf("store: insert session: %w", err)
	}
	return nil
}

// SessionByHash finds a session by token hash; account.ErrNotFound if none.
func (d *DB) SessionByHash(ctx context.Context, hash string) (account.SessionRecord, error) {
	var doc sessionDoc
	err := d.c(colSessions).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&doc)
	if isNotFound(err) {
		return account.SessionRecord{}, fmt.Errorf("store: session by hash: %w", account.ErrNotFound)
	}
	if err != nil {
		return account.SessionRecord{}, fmt.Errorf("store: session by hash: %w", err)
	}
	return account.SessionRecord(doc), nil
}

// TouchSession records a later last use; a missing session is not an error. It never
// moves last_seen backwards ($max), so a late write cannot undo a newer one. The filter
// is the _id alone: the embedded store reads one row for it, and scans every session
// for any other filter.
func (d *DB) TouchSession(ctx context.Context, hash string, lastSeen time.Time) error {
	_, err := d.c(colSessions).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: hash}},
		bson.D{{Key: "$max", Value: bson.D{{Key: "last_seen", Value: lastSeen}}}})
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession removes one session; a missing session is not an error.
func (d *DB) DeleteSession(ctx context.Context, hash string) error {
	if _, err := d.c(colSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: hash}}); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions removes every session of a user.
func (d *DB) DeleteUserSessions(ctx context.Context, userID string) error {
	if _, err := d.c(colSessions).DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}}); err != nil {
		return fmt.Errorf("store: delete user sessions: %w", err)
	}
	return nil
}

// UserSessions returns every stored session of a user, expired ones included.
func (d *DB) UserSessions(ctx context.Context, userID string) ([]account.SessionRecord, error) {
	cur, err := d.c(colSessions).Find(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return nil, fmt.Errorf("store: user sessions: %w", err)
	}
	var docs []sessionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: user sessions: %w", err)
	}
	out := make([]account.SessionRecord, len(docs))
	for i, doc := range docs {
		out[i] = account.SessionRecord(doc)
	}
	return out, nil
}

// DeleteExpiredSessions removes sessions last seen before idleBefore or created before
// createdBefore (the store has no TTL indexes) and reports how many went.
func (d *DB) DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (int64, error) {
	res, err := d.c(colSessions).DeleteMany(ctx, bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "last_seen", Value: bson.D{{Key: "$lt", Value: idleBefore}}}},
		bson.D{{Key: "created", Value: bson.D{{Key: "$lt", Value: createdBefore}}}},
	}}})
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.DeletedCount, nil
}
