package store

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// index names one index of one collection. Identity indexes are unique: they are what
// keeps invariants on the embedded store, where updates are not atomic under concurrency.
type index struct {
	collection string
	keys       bson.D
	unique     bool
}

// allIndexes lists every index the application needs; each feature file contributes its own.
func allIndexes() []index {
	return slices.Concat(accountIndexes(), inviteIndexes(), roleIndexes(), exchangeIndexes(), messageIndexes(), markerIndexes(), moderationIndexes(), privacyIndexes())
}

// ensureIndexes creates the indexes; without planned, only the unique ones: FerretDB
// v1.24.2 never reads through an index, it only enforces uniqueness with one, so on the
// embedded store any other index only slows every write down.
func (d *DB) ensureIndexes(ctx context.Context, planned bool) error {
	for _, ix := range allIndexes() {
		if !ix.unique && !planned {
			continue
		}
		model := mongo.IndexModel{Keys: ix.keys, Options: options.Index().SetUnique(ix.unique)}
		if _, err := d.c(ix.collection).Indexes().CreateOne(ctx, model); err != nil {
			return fmt.Errorf("store: index on %s: %w", ix.collection, err)
		}
	}
	return nil
}
