package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/chat"
)

var _ chat.Store = (*DB)(nil)

const colMessages = "messages"

func messageIndexes() []index {
	return []index{
		// A seq is taken by the insert that wins this key: the embedded store's $inc is
		// not atomic, a unique insert is. It also backs every range query of a room.
		{colMessages, bson.D{{Key: "room", Value: 1}, {Key: "seq", Value: 1}}, true},
		// Idempotent send: a retried client_id is refused and answered with the original.
		{colMessages, bson.D{{Key: "room", Value: 1}, {Key: "author", Value: 1}, {Key: "client_id", Value: 1}}, true},
		// The retention sweeper deletes a room's records sent before a time.
		{colMessages, bson.D{{Key: "room", Value: 1}, {Key: "sent", Value: 1}}, false},
	}
}

// messageDoc is one stored record of a room: a message or an edit/delete tombstone.
type messageDoc struct {
	ID       string     `bson:"_id"`
	Room     string     `bson:"room"`
	Seq      int64      `bson:"seq"`
	Author   string     `bson:"author"`
	ClientID string     `bson:"client_id"`
	Body     string     `bson:"body"`
	Sent     time.Time  `bson:"sent"`
	Edited   *time.Time `bson:"edited,omitempty"`
	Deleted  bool       `bson:"deleted,omitempty"`
	Kind     string     `bson:"kind,omitempty"`
	Target   int64      `bson:"target,omitempty"`
	Resource string     `bson:"resource,omitempty"`
}

func toMessageDoc(m chat.Message) messageDoc {
	d := messageDoc{
		ID: m.ID, Room: m.Room, Seq: m.Seq, Author: m.Author, ClientID: m.ClientID, Body: m.Body,
		Sent: m.Sent.UTC(), Deleted: m.Deleted, Kind: m.Kind, Target: m.Target, Resource: m.Resource,
	}
	if !m.Edited.IsZero() {
		d.Edited = new(m.Edited.UTC())
	}
	return d
}

func (d messageDoc) message() chat.Message {
	m := chat.Message{
		ID: d.ID, Room: d.Room, Seq: d.Seq, Author: d.Author, ClientID: d.ClientID, Body: d.Body,
		Sent: d.Sent.UTC(), Deleted: d.Deleted, Kind: d.Kind, Target: d.Target, Resource: d.Resource,
	}
	if d.Edited != nil {
		m.Edited = d.Edited.UTC()
	}
	return m
}

// InsertBatch stores msgs with one unordered InsertMany (on the embedded store, straight
// into its SQLite file: directinsert.go) and returns the indexes refused by a unique
// index; any other failure is returned as an error.
func (d *DB) InsertBatch(ctx context.Context, msgs []chat.Message) ([]int, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	docs := make([]messageDoc, len(msgs))
	for i, m := range msgs {
		docs[i] = toMessageDoc(m)
	}
	if d.direct != nil {
		return d.direct.insert(ctx, docs)
	}
	wire := make([]any, len(docs))
	for i, doc := range docs {
		wire[i] = doc
	}
	_, err := d.c(colMessages).InsertMany(ctx, wire, options.InsertMany().SetOrdered(false))
	if err == nil {
		return nil, nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return nil, fmt.Errorf("store: insert messages: %w", err)
	}
	dups := make([]int, 0, len(bwe.WriteErrors))
	for _, we := range bwe.WriteErrors {
		if !we.HasErrorCode(11000) { // duplicate key
			return nil, fmt.Errorf("store: insert messages: %w", err)
		}
		dups = append(dups, we.Index)
	}
	slices.Sort(dups)
	return dups, nil
}

// ByClientID returns the record stored under (room, author, clientID), or chat.ErrNotFound.
func (d *DB) ByClientID(ctx context.Context, room, author, clientID string) (chat.Message, error) {
	filter := bson.D{{Key: "room", Value: room}, {Key: "author", Value: author}, {Key: "client_id", Value: clientID}}
	recs, err := d.findMessages(ctx, "by client id", filter, 1, 1)
	if err != nil {
		return chat.Message{}, err
	}
	if len(recs) == 0 {
		return chat.Message{}, fmt.Errorf("store: message by client id: %w", chat.ErrNotFound)
	}
	return recs[0], nil
}

// MaxSeq returns the room's highest seq, 0 for an empty room.
func (d *DB) MaxSeq(ctx context.Context, room string) (int64, error) {
	recs, err := d.findMessages(ctx, "max seq", bson.D{{Key: "room", Value: room}}, -1, 1)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return recs[0].Seq, nil
}

// Range returns up to limit records with seq > afterSeq, ascending.
func (d *DB) Range(ctx context.Context, room string, afterSeq int64, limit int) ([]chat.Message, error) {
	filter := bson.D{{Key: "room", Value: room}, {Key: "seq", Value: bson.D{{Key: "$gt", Value: afterSeq}}}}
	return d.findMessages(ctx, "range", filter, 1, limit)
}

// Before returns the newest limit records with seq < seq, ascending.
func (d *DB) Before(ctx context.Context, room string, seq int64, limit int) ([]chat.Message, error) {
	filter := bson.D{{Key: "room", Value: room}, {Key: "seq", Value: bson.D{{Key: "$lt", Value: seq}}}}
	recs, err := d.findMessages(ctx, "before", filter, -1, limit)
	slices.Reverse(recs)
	return recs, err
}

// findMessages returns up to limit records of one room (filter's first key) that match
// filter, sorted by seq (order 1 or -1); on the embedded store it reads SQLite directly.
func (d *DB) findMessages(ctx context.Context, op string, filter bson.D, order, limit int) ([]chat.Message, error) {
	var docs []messageDoc
	var err error
	if d.direct != nil {
		docs, err = d.direct.find(ctx, filter, order, limit)
	} else {
		docs, err = d.findMessageDocs(ctx, filter, order, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("store: messages %s: %w", op, err)
	}
	out := make([]chat.Message, len(docs))
	for i, doc := range docs {
		out[i] = doc.message()
	}
	return out, nil
}

func (d *DB) findMessageDocs(ctx context.Context, filter bson.D, order, limit int) ([]messageDoc, error) {
	opts := options.Find().SetSort(bson.D{{Key: "seq", Value: order}}).SetLimit(int64(limit))
	cur, err := d.c(colMessages).Find(ctx, filter, opts)
	if err != nil {
		return nil, err
	}
	var docs []messageDoc
	err = cur.All(ctx, &docs)
	return docs, err
}

// MarkEdited sets the body and edit time of message seq; chat.ErrNotFound if absent.
// The room's writer serialises changes: updates are not atomic on the embedded store.
func (d *DB) MarkEdited(ctx context.Context, room string, seq int64, body string, at time.Time) error {
	res, err := d.c(colMessages).UpdateOne(ctx,
		bson.D{{Key: "room", Value: room}, {Key: "seq", Value: seq}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "body", Value: body}, {Key: "edited", Value: at.UTC()}}}})
	if err != nil {
		return fmt.Errorf("store: edit message: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: edit message: %w", chat.ErrNotFound)
	}
	return nil
}

// MarkDeleted wipes the body of message seq and of every edit that targets it, so that no
// earlier version of a deleted message stays stored; chat.ErrNotFound if absent.
func (d *DB) MarkDeleted(ctx context.Context, room string, seq int64) error {
	wipe := bson.D{{Key: "$set", Value: bson.D{{Key: "body", Value: ""}, {Key: "deleted", Value: true}, {Key: "resource", Value: ""}}}}
	res, err := d.c(colMessages).UpdateOne(ctx, bson.D{{Key: "room", Value: room}, {Key: "seq", Value: seq}}, wipe)
	if err != nil {
		return fmt.Errorf("store: delete message: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: delete message: %w", chat.ErrNotFound)
	}
	edits := bson.D{{Key: "room", Value: room}, {Key: "kind", Value: chat.KindEdit}, {Key: "target", Value: seq}}
	if _, err := d.c(colMessages).UpdateMany(ctx, edits, wipe); err != nil {
		return fmt.Errorf("store: delete message edits: %w", err)
	}
	return nil
}
