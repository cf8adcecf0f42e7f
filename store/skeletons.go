package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/account"
)

// backfillSkeletons gives every user stored before pseudonyms had skeletons its
// account.PseudonymSkeleton, oldest first, so that the unique index on skeleton can be
// built (a missing field counts as one shared null value). Two old accounts whose names
// look alike both stay usable: the younger gets its skeleton suffixed with its id, which
// no name can produce, while the older holds the plain skeleton that new look-alikes
// meet. Run it before the indexes.
func (d *DB) backfillSkeletons(ctx context.Context) error {
	missing := bson.D{{Key: "skeleton", Value: bson.D{{Key: "$exists", Value: false}}}}
	opts := options.Find().SetSort(bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}})
	cur, err := d.c(colUsers).Find(ctx, missing, opts)
	if err != nil {
		return fmt.Errorf("store: users without skeleton: %w", err)
	}
	var docs []userDoc
	if err := cur.All(ctx, &docs); err != nil {
		return fmt.Errorf("store: users without skeleton: %w", err)
	}
	for _, u := range docs {
		sk := account.PseudonymSkeleton(u.Pseudonym)
		n, err := d.c(colUsers).CountDocuments(ctx, bson.D{{Key: "skeleton", Value: sk}})
		if err != nil {
			return fmt.Errorf("store: backfill skeleton: %w", err)
		}
		if n > 0 {
			sk += "\x00" + u.ID
		}
		err = d.setSkeleton(ctx, u.ID, sk)
		if isDuplicate(err) { // another instance, opening too, gave it to an older look-alike
			err = d.setSkeleton(ctx, u.ID, sk+"\x00"+u.ID)
		}
		if err != nil {
			return fmt.Errorf("store: backfill skeleton: %w", err)
		}
	}
	return nil
}

func (d *DB) setSkeleton(ctx context.Context, userID, skeleton string) error {
	set := bson.D{{Key: "$set", Value: bson.D{{Key: "skeleton", Value: skeleton}}}}
	_, err := d.c(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}}, set)
	return err
}
