package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/tips"
)

var _ tips.Store = (*DB)(nil)

// colTips holds the tips and lessons; the tips service loads it whole at start.
const colTips = "tips"

type tipDoc struct {
	ID   string   `bson:"_id"`
	Org  string   `bson:"org"`
	Body tips.Tip `bson:"body"`
}

// Tips returns every stored tip.
func (d *DB) Tips(ctx context.Context) ([]tips.Tip, error) {
	docs, err := all[tipDoc](ctx, d, colTips, bson.D{})
	if err != nil {
		return nil, err
	}
	out := make([]tips.Tip, 0, len(docs))
	for _, doc := range docs {
		t := doc.Body
		t.Created, t.Updated = t.Created.UTC(), t.Updated.UTC()
		out = append(out, t)
	}
	return out, nil
}

// SaveTip stores t, replacing the tip of the same id.
func (d *DB) SaveTip(ctx context.Context, t tips.Tip) error {
	return d.replace(ctx, colTips, t.ID, tipDoc{ID: t.ID, Org: t.Org, Body: t})
}

// DeleteTips deletes the tips with these ids.
func (d *DB) DeleteTips(ctx context.Context, ids []string) error {
	if _, err := d.c(colTips).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
		return fmt.Errorf("store: delete tips: %w", err)
	}
	return nil
}
