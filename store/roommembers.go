package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// colRoomMembers keeps when each member of a room became one, so that ownership of a
// space goes to the longest-standing member when its last owner leaves. Who is a member
// is a role (authz); this is only the date. It needs no index beyond _id: it is read per
// room, rarely (FerretDB never reads through an index anyway).
const colRoomMembers = "room_members"

type roomMemberDoc struct {
	ID    string    `bson:"_id"` // room + "/" + user
	Room  string    `bson:"room"`
	User  string    `bson:"user"`
	Since time.Time `bson:"since"`
}

// MarkMember records that userID became a member of room at at; an earlier record is kept.
func (d *DB) MarkMember(ctx context.Context, room, userID string, at time.Time) error {
	doc := roomMemberDoc{ID: room + "/" + userID, Room: room, User: userID, Since: at.UTC()}
	if _, err := d.c(colRoomMembers).InsertOne(ctx, doc); err != nil && !isDuplicate(err) {
		return fmt.Errorf("store: mark room member: %w", err)
	}
	return nil
}

// UnmarkMember forgets when userID became a member of room.
func (d *DB) UnmarkMember(ctx context.Context, room, userID string) error {
	if _, err := d.c(colRoomMembers).DeleteOne(ctx, bson.D{{Key: "_id", Value: room + "/" + userID}}); err != nil {
		return fmt.Errorf("store: unmark room member: %w", err)
	}
	return nil
}

// MembersSince returns when each recorded member of room became one.
func (d *DB) MembersSince(ctx context.Context, room string) (map[string]time.Time, error) {
	cur, err := d.c(colRoomMembers).Find(ctx, bson.D{{Key: "room", Value: room}})
	if err != nil {
		return nil, fmt.Errorf("store: room members: %w", err)
	}
	var docs []roomMemberDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: room members: %w", err)
	}
	out := make(map[string]time.Time, len(docs))
	for _, doc := range docs {
		out[doc.User] = doc.Since
	}
	return out, nil
}
