package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/org"
)

const (
	colInvites = "invites"
	// colInviteClaims holds at most one document per invite (keyed by _id = invite id):
	// inserting it is what uses an invite, because a unique insert is atomic on FerretDB
	// and MongoDB alike, where a conditional update is not.
	colInviteClaims = "invite_claims"
)

func inviteIndexes() []index {
	return []index{
		{collection: colInvites, keys: bson.D{{Key: "token_hash", Value: 1}}, unique: true},
		{collection: colInvites, keys: bson.D{{Key: "org_id", Value: 1}}},
	}
}

type inviteDoc struct {
	ID        string    `bson:"_id"`
	OrgID     string    `bson:"org_id"`
	TokenHash []byte    `bson:"token_hash"`
	CreatedBy string    `bson:"created_by"`
	Created   time.Time `bson:"created"`
	Expires   time.Time `bson:"expires"`
	Revoked   bool      `bson:"revoked"`
}

type claimDoc struct {
	ID string    `bson:"_id"`
	At time.Time `bson:"at"`
}

func (d inviteDoc) invite(used bool) org.Invite {
	return org.Invite{
		ID: d.ID, OrgID: d.OrgID, CreatedBy: d.CreatedBy,
		Created: d.Created.UTC(), Expires: d.Expires.UTC(), Revoked: d.Revoked, Used: used,
	}
}

// InsertInvite stores an invite and the hash of its token; org.ErrConflict on a duplicate.
func (d *DB) InsertInvite(ctx context.Context, inv org.Invite, tokenHash []byte) error {
	doc := inviteDoc{
		ID: inv.ID, OrgID: inv.OrgID, TokenHash: tokenHash, CreatedBy: inv.CreatedBy,
		Created: inv.Created.UTC(), Expires: inv.Expires.UTC(), Revoked: inv.Revoked,
	}
	_, err := d.c(colInvites).InsertOne(ctx, doc)
	if isDuplicate(err) {
		return fmt.Errorf("store: insert invite: %w", org.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: insert invite: %w", err)
	}
	return nil
}

// InviteByTokenHash returns the invite with that token hash; org.ErrNotFound if none.
func (d *DB) InviteByTokenHash(ctx context.Context, tokenHash []byte) (org.Invite, error) {
	var doc inviteDoc
	err := d.c(colInvites).FindOne(ctx, bson.D{{Key: "token_hash", Value: tokenHash}}).Decode(&doc)
	if isNotFound(err) {
		return org.Invite{}, fmt.Errorf("store: invite: %w", org.ErrNotFound)
	}
	if err != nil {
		return org.Invite{}, fmt.Errorf("store: invite: %w", err)
	}
	claimed, err := d.claimed(ctx, []string{doc.ID})
	if err != nil {
		return org.Invite{}, err
	}
	return doc.invite(claimed[doc.ID]), nil
}

// InvitesOf returns every invite of an organisation, with Used set on claimed ones.
func (d *DB) InvitesOf(ctx context.Context, orgID string) ([]org.Invite, error) {
	cur, err := d.c(colInvites).Find(ctx, bson.D{{Key: "org_id", Value: orgID}})
	if err != nil {
		return nil, fmt.Errorf("store: invites: %w", err)
	}
	var docs []inviteDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: invites: %w", err)
	}
	ids := make([]string, 0, len(docs))
	for _, doc := range docs {
		ids = append(ids, doc.ID)
	}
	claimed, err := d.claimed(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]org.Invite, 0, len(docs))
	for _, doc := range docs {
		out = append(out, doc.invite(claimed[doc.ID]))
	}
	return out, nil
}

// claimed returns which of the invite ids have a claim.
func (d *DB) claimed(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	cur, err := d.c(colInviteClaims).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return nil, fmt.Errorf("store: invite claims: %w", err)
	}
	var docs []claimDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: invite claims: %w", err)
	}
	for _, c := range docs {
		out[c.ID] = true
	}
	return out, nil
}

// RevokeInvite marks an invite revoked; org.ErrNotFound if there is none.
func (d *DB) RevokeInvite(ctx context.Context, inviteID string) error {
	res, err := d.c(colInvites).UpdateOne(ctx, bson.D{{Key: "_id", Value: inviteID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revoked", Value: true}}}})
	if err != nil {
		return fmt.Errorf("store: revoke invite: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: revoke invite: %w", org.ErrNotFound)
	}
	return nil
}

// ClaimInvite inserts the invite's single claim; org.ErrConflict if it is already claimed.
func (d *DB) ClaimInvite(ctx context.Context, inviteID string, at time.Time) error {
	_, err := d.c(colInviteClaims).InsertOne(ctx, claimDoc{ID: inviteID, At: at.UTC()})
	if isDuplicate(err) {
		return fmt.Errorf("store: claim invite: %w", org.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: claim invite: %w", err)
	}
	return nil
}

// ReleaseInviteClaim deletes the invite's claim; releasing an unclaimed invite is not an error.
func (d *DB) ReleaseInviteClaim(ctx context.Context, inviteID string) error {
	if _, err := d.c(colInviteClaims).DeleteOne(ctx, bson.D{{Key: "_id", Value: inviteID}}); err != nil {
		return fmt.Errorf("store: release invite claim: %w", err)
	}
	return nil
}

// DeleteExpiredInvites deletes the invites that expired before before, used or not, and
// their claims, and returns how many invites went. An expired invite can never be used
// again, and nothing lists it. The invites go first: an invite without its claim must
// never exist, even for a moment, or a used one could be used again.
func (d *DB) DeleteExpiredInvites(ctx context.Context, before time.Time) (int64, error) {
	expired := bson.D{{Key: "expires", Value: bson.D{{Key: "$lt", Value: before.UTC()}}}}
	cur, err := d.c(colInvites).Find(ctx, expired, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return 0, fmt.Errorf("store: expired invites: %w", err)
	}
	var docs []claimDoc // the _id alone
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("store: expired invites: %w", err)
	}
	if len(docs) == 0 {
		return 0, nil
	}
	ids := make(bson.A, 0, len(docs))
	for _, doc := range docs {
		ids = append(ids, doc.ID)
	}
	in := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}
	res, err := d.c(colInvites).DeleteMany(ctx, in)
	if err != nil {
		return 0, fmt.Errorf("store: delete expired invites: %w", err)
	}
	if _, err := d.c(colInviteClaims).DeleteMany(ctx, in); err != nil {
		return res.DeletedCount, fmt.Errorf("store: delete claims of expired invites: %w", err)
	}
	return res.DeletedCount, nil
}
