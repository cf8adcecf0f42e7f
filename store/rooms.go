package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/rooms"
)

var _ rooms.Store = (*DB)(nil)

// colRooms needs no index beyond _id: the rooms service loads it whole at start.
const colRooms = "rooms"

type roomDoc struct {
	ID            string    `bson:"_id"`
	Kind          string    `bson:"kind"`
	Title         string    `bson:"title"`
	About         string    `bson:"about,omitempty"`
	Access        string    `bson:"access"`
	RetentionDays int       `bson:"retention_days"`
	Created       time.Time `bson:"created"`
}

func toRoomDoc(r rooms.Room) roomDoc {
	return roomDoc{ID: r.ID, Kind: string(r.Kind), Title: r.Title, About: r.About, Access: string(r.Access), RetentionDays: r.RetentionDays, Created: r.Created.UTC()}
}

func (d roomDoc) room() rooms.Room {
	return rooms.Room{ID: d.ID, Kind: rooms.Kind(d.Kind), Title: d.Title, About: d.About, Access: rooms.Access(d.Access), RetentionDays: d.RetentionDays, Created: d.Created}
}

// InsertRoom stores a new room.
func (d *DB) InsertRoom(ctx context.Context, r rooms.Room) error {
	if _, err := d.c(colRooms).InsertOne(ctx, toRoomDoc(r)); err != nil {
		return fmt.Errorf("store: insert room: %w", err)
	}
	return nil
}

// UpdateRoom replaces a stored room; rooms.ErrNotFound if it is gone.
func (d *DB) UpdateRoom(ctx context.Context, r rooms.Room) error {
	res, err := d.c(colRooms).ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.ID}}, toRoomDoc(r))
	if err != nil {
		return fmt.Errorf("store: update room: %w", err)
	}
	if res.MatchedCount == 0 {
		return rooms.ErrNotFound
	}
	return nil
}

// Room returns room id, or rooms.ErrNotFound.
func (d *DB) Room(ctx context.Context, id string) (rooms.Room, error) {
	var doc roomDoc
	err := d.c(colRooms).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if isNotFound(err) {
		return rooms.Room{}, rooms.ErrNotFound
	}
	if err != nil {
		return rooms.Room{}, fmt.Errorf("store: room: %w", err)
	}
	return doc.room(), nil
}

// Rooms returns every room.
func (d *DB) Rooms(ctx context.Context) ([]rooms.Room, error) {
	cur, err := d.c(colRooms).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: rooms: %w", err)
	}
	var docs []roomDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: rooms: %w", err)
	}
	out := make([]rooms.Room, len(docs))
	for i, doc := range docs {
		out[i] = doc.room()
	}
	return out, nil
}
