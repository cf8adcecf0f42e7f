package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// DeleteBefore deletes room's records sent before the given time and returns how many
// went. Chat already hides them from every read; this removes them from the disk. The
// room's newest record is kept with its body wiped instead: its seq is what the next
// message follows, and seqs must never be reused (clients resume after the last they saw).
//
// A MongoDB TTL index is not used: it has one lifetime per collection, while retention
// is per room and may change at any time (a shorter retention must apply at once, a
// longer one must not lose what a precomputed expiry date would already have deleted),
// and the embedded store has no TTL indexes at all.
func (d *DB) DeleteBefore(ctx context.Context, room string, before time.Time) (int64, error) {
	last, err := d.MaxSeq(ctx, room)
	if err != nil || last == 0 {
		return 0, err
	}
	if d.direct != nil {
		// Both writes below decode every stored message on the embedded store: only
		// make them when the room has something to delete or wipe.
		due, err := d.direct.expired(ctx, room, before, last)
		if err != nil {
			return 0, fmt.Errorf("store: find expired messages: %w", err)
		}
		if !due {
			return 0, nil
		}
	}
	old := bson.D{{Key: "$lt", Value: before.UTC()}}
	res, err := d.c(colMessages).DeleteMany(ctx, bson.D{
		{Key: "room", Value: room}, {Key: "sent", Value: old}, {Key: "seq", Value: bson.D{{Key: "$lt", Value: last}}},
	})
	if err != nil {
		return 0, fmt.Errorf("store: delete expired messages: %w", err)
	}
	wipe := bson.D{{Key: "$set", Value: bson.D{{Key: "body", Value: ""}, {Key: "deleted", Value: true}}}}
	_, err = d.c(colMessages).UpdateOne(ctx, bson.D{{Key: "room", Value: room}, {Key: "seq", Value: last}, {Key: "sent", Value: old}}, wipe)
	if err != nil {
		return 0, fmt.Errorf("store: wipe expired message: %w", err)
	}
	return res.DeletedCount, nil
}
