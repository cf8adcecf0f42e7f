package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/chat"
)

var _ chat.MarkerStore = (*DB)(nil)

const colReadMarkers = "read_markers"

func markerIndexes() []index {
	// One marker per user and room: the upsert below relies on it to stay monotonic.
	return []index{{colReadMarkers, bson.D{{Key: "room", Value: 1}, {Key: "user", Value: 1}}, true}}
}

type markerDoc struct {
	Room string `bson:"room"`
	User string `bson:"user"`
	Seq  int64  `bson:"seq"`
}

// ReadMarkers returns room's read markers by user.
func (d *DB) ReadMarkers(ctx context.Context, room string) (map[string]int64, error) {
	cur, err := d.c(colReadMarkers).Find(ctx, bson.D{{Key: "room", Value: room}})
	if err != nil {
		return nil, fmt.Errorf("store: read markers: %w", err)
	}
	var docs []markerDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: read markers: %w", err)
	}
	out := make(map[string]int64, len(docs))
	for _, doc := range docs {
		out[doc.User] = doc.Seq
	}
	return out, nil
}

// SaveReadMarkers raises each marker to its seq. The filter only matches a lower stored
// marker; when a higher one exists, the upsert's insert is refused by the unique
// (room, user) index, which means there is nothing to do. One update per marker: the
// embedded store stops an unordered bulk write at its first duplicate key. Chat writes
// from one goroutine per process, as updates are not atomic on the embedded store.
func (d *DB) SaveReadMarkers(ctx context.Context, marks []chat.ReadMarker) error {
	for _, m := range marks {
		filter := bson.D{{Key: "room", Value: m.Room}, {Key: "user", Value: m.User}, {Key: "seq", Value: bson.D{{Key: "$lt", Value: m.Seq}}}}
		update := bson.D{{Key: "$set", Value: bson.D{{Key: "seq", Value: m.Seq}}}}
		_, err := d.c(colReadMarkers).UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("store: save read marker: %w", err)
		}
	}
	return nil
}
