package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// EraseAuthor rewrites every record userID wrote as written by as (a name that links to
// nobody); with wipe, their bodies are emptied too and their messages marked deleted, so
// the rooms keep their order with tombstones in place of the text. Edit records keep
// their kind and lose their text.
func (d *DB) EraseAuthor(ctx context.Context, userID, as string, wipe bool) error {
	if d.direct != nil {
		if err := d.direct.eraseAuthor(ctx, userID, as, wipe); err != nil {
			return fmt.Errorf("store: erase author: %w", err)
		}
		return nil
	}
	set := bson.D{{Key: "author", Value: as}}
	if wipe {
		set = append(set, bson.E{Key: "body", Value: ""})
	}
	_, err := d.c(colMessages).UpdateMany(ctx, bson.D{{Key: "author", Value: userID}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return fmt.Errorf("store: erase author: %w", err)
	}
	if !wipe {
		return nil
	}
	plain := bson.D{{Key: "author", Value: as}, {Key: "kind", Value: bson.D{{Key: "$exists", Value: false}}}}
	_, err = d.c(colMessages).UpdateMany(ctx, plain, bson.D{{Key: "$set", Value: bson.D{{Key: "deleted", Value: true}}}})
	if err != nil {
		return fmt.Errorf("store: erase author: %w", err)
	}
	return nil
}

// ForgetUser deletes what the store keeps about userID outside the account, its roles
// and its messages: read markers, the dates they joined rooms, notifications, export
// links, namings as a trainer; invitations they created keep no creator.
func (d *DB) ForgetUser(ctx context.Context, userID string) error {
	deletes := []struct{ col, field string }{
		{colReadMarkers, "user"}, {colRoomMembers, "user"}, {colNotifications, "user_id"}, {colExportLinks, "user_id"},
		{colTrainingNames, "user"},
	}
	for _, del := range deletes {
		if _, err := d.c(del.col).DeleteMany(ctx, bson.D{{Key: del.field, Value: userID}}); err != nil {
			return fmt.Errorf("store: forget user in %s: %w", del.col, err)
		}
	}
	_, err := d.c(colInvites).UpdateMany(ctx, bson.D{{Key: "created_by", Value: userID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "created_by", Value: ""}}}})
	if err != nil {
		return fmt.Errorf("store: forget user in %s: %w", colInvites, err)
	}
	return nil
}

// Scrub makes what was deleted unrecoverable from the embedded store's files: deletes
// already overwrite freed space (secure_delete), but SQLite's write-ahead log still holds
// earlier copies of changed pages until a checkpoint truncates it. It retries while
// readers hold the log, until ctx ends. On MongoDB it does nothing: docs/privacy.md says
// what a MongoDB deployment must do instead.
func (d *DB) Scrub(ctx context.Context) error {
	if d.direct == nil {
		return nil
	}
	for {
		var busy, logged, done int
		err := d.direct.rw.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done)
		if err != nil {
			return fmt.Errorf("store: scrub: %w", err)
		}
		if busy == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("store: scrub: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
