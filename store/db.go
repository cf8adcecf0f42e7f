// Package store keeps Cascade's data in MongoDB (or the embedded FerretDB) through
// mongo-driver v2. It implements the small store interfaces the domain packages declare.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readconcern"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
)

// DB is an open database with its collections and indexes in place.
type DB struct {
	client *mongo.Client
	db     *mongo.Database
	// ReplicaSet reports whether writes are acknowledged by a majority.
	ReplicaSet bool
	direct     *direct // the embedded store's SQLite file (Embedded.Open)
}

// Open connects to uri, detects a replica set (then uses majority writes and reads),
// and creates collections and indexes idempotently.
func Open(ctx context.Context, uri, name string) (*DB, error) {
	return open(ctx, uri, name, nil)
}

// open is Open; with e, the database is e's and is read and indexed as direct.go says.
func open(ctx context.Context, uri, name string, e *Embedded) (*DB, error) {
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(10 * time.Second).
		SetConnectTimeout(10 * time.Second)
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	var hello struct {
		SetName string `bson:"setName"`
	}
	if err := client.Database("admin").RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: hello: %w", err)
	}
	dbOpts := options.Database()
	if hello.SetName != "" {
		dbOpts.SetWriteConcern(writeconcern.Majority()).SetReadConcern(readconcern.Majority())
	}
	d := &DB{client: client, db: client.Database(name, dbOpts), ReplicaSet: hello.SetName != ""}
	err = d.backfillSkeletons(ctx)
	if err == nil {
		err = d.ensureIndexes(ctx, e == nil)
	}
	if err == nil && e != nil {
		err = d.useEmbedded(ctx, e)
	}
	if err == nil {
		err = d.migrateExchangeNames(ctx)
	}
	if err != nil {
		if d.direct != nil {
			_ = d.direct.close()
		}
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	return d, nil
}

// Name is the database's name.
func (d *DB) Name() string { return d.db.Name() }

// Ping reports whether the server answers; /readyz uses it.
func (d *DB) Ping(ctx context.Context) error {
	return d.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}

// Close disconnects from the server.
func (d *DB) Close(ctx context.Context) error {
	err := d.client.Disconnect(ctx)
	if d.direct != nil {
		err = errors.Join(err, d.direct.close())
	}
	return err
}

// Drop removes the whole database; tests use it to clean up.
func (d *DB) Drop(ctx context.Context) error { return d.db.Drop(ctx) }

func (d *DB) c(name string) *mongo.Collection { return d.db.Collection(name) }

// isDuplicate reports a unique-index violation (E11000), which FerretDB reports as MongoDB does.
func isDuplicate(err error) bool { return mongo.IsDuplicateKeyError(err) }

// isNotFound reports a FindOne that matched nothing.
func isNotFound(err error) bool { return errors.Is(err, mongo.ErrNoDocuments) }
