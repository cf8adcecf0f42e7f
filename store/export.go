package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/privacy"
)

var _ privacy.Store = (*DB)(nil)

// Collections of the one-time export links: a link is a document under the hash of its
// token; using it inserts a claim under the same id, which only one insert wins, since a
// delete or an update is not atomic on the embedded store.
const (
	colExportLinks  = "export_links"
	colExportClaims = "export_claims"
)

func privacyIndexes() []index {
	// Export and erasure find a person's messages across rooms (MongoDB only: FerretDB
	// reads the SQLite file directly, see MessagesBy).
	return []index{{colMessages, bson.D{{Key: "author", Value: 1}}, false}}
}

type exportLinkDoc struct {
	ID      string    `bson:"_id"` // hex SHA-256 of the token
	UserID  string    `bson:"user_id"`
	Expires time.Time `bson:"expires"`
}

// MessagesBy returns every stored record author wrote, in every room, ordered by room
// and seq. On the embedded store it reads the SQLite file (one pass over the table), as
// FerretDB would decode every message to filter them.
func (d *DB) MessagesBy(ctx context.Context, author string) ([]chat.Message, error) {
	filter := bson.D{{Key: "author", Value: author}}
	var docs []messageDoc
	var err error
	if d.direct != nil {
		docs, err = d.direct.find(ctx, filter, 1, math.MaxInt32)
	} else {
		docs, err = all[messageDoc](ctx, d, colMessages, filter)
	}
	if err != nil {
		return nil, fmt.Errorf("store: messages by author: %w", err)
	}
	out := make([]chat.Message, len(docs))
	for i, doc := range docs {
		out[i] = doc.message()
	}
	return out, nil
}

// SaveExportLink stores a link (by the hash of its token) for userID until expires.
func (d *DB) SaveExportLink(ctx context.Context, hash, userID string, expires time.Time) error {
	_, err := d.c(colExportLinks).InsertOne(ctx, exportLinkDoc{ID: hash, UserID: userID, Expires: expires.UTC()})
	if err != nil {
		return fmt.Errorf("store: save export link: %w", err)
	}
	return nil
}

// UseExportLink claims the link with that hash and returns whose it is and when it
// expires; privacy.ErrLinkInvalid if there is none or it was used. Of concurrent claims,
// one wins. The link is deleted; its claim stays until DeleteExportLinks (a claim
// deleted earlier would let a reader that found the link before the delete claim it again).
func (d *DB) UseExportLink(ctx context.Context, hash string) (string, time.Time, error) {
	var doc exportLinkDoc
	err := d.c(colExportLinks).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&doc)
	if isNotFound(err) {
		return "", time.Time{}, fmt.Errorf("store: use export link: %w", privacy.ErrLinkInvalid)
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: use export link: %w", err)
	}
	_, err = d.c(colExportClaims).InsertOne(ctx, bson.D{{Key: "_id", Value: hash}, {Key: "expires", Value: doc.Expires}})
	if isDuplicate(err) {
		return "", time.Time{}, fmt.Errorf("store: use export link: %w", privacy.ErrLinkInvalid)
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: use export link: %w", err)
	}
	if _, err := d.c(colExportLinks).DeleteOne(ctx, bson.D{{Key: "_id", Value: hash}}); err != nil {
		return "", time.Time{}, fmt.Errorf("store: use export link: %w", err)
	}
	return doc.UserID, doc.Expires.UTC(), nil
}

// DeleteExportLinks deletes the links and claims that expired before before.
func (d *DB) DeleteExportLinks(ctx context.Context, before time.Time) error {
	filter := bson.D{{Key: "expires", Value: bson.D{{Key: "$lt", Value: before.UTC()}}}}
	for _, col := range []string{colExportLinks, colExportClaims} {
		if _, err := d.c(col).DeleteMany(ctx, filter); err != nil {
			return fmt.Errorf("store: delete export links: %w", err)
		}
	}
	return nil
}
