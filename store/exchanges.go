package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/exchange"
)

var _ exchange.Store = (*DB)(nil)

const (
	colRequests      = "requests"
	colExchanges     = "exchanges"
	colRounds        = "rounds"
	colNotifications = "notifications"
	// colExchangeClaims holds the claims that keep exchange invariants: one document per
	// taken (kind, owner, slot). Inserting it is what takes the slot, because a unique insert
	// is atomic on FerretDB and MongoDB alike, where a conditional update is not.
	colExchangeClaims = "exchange_claims"
)

func exchangeIndexes() []index {
	return []index{
		{collection: colExchangeClaims, keys: bson.D{{Key: "kind", Value: 1}, {Key: "owner", Value: 1}, {Key: "slot", Value: 1}}, unique: true},
		{collection: colExchangeClaims, keys: bson.D{{Key: "kind", Value: 1}, {Key: "holder", Value: 1}}},
		{collection: colRequests, keys: bson.D{{Key: "org_id", Value: 1}}},
		{collection: colExchanges, keys: bson.D{{Key: "request_id", Value: 1}}},
		{collection: colNotifications, keys: bson.D{{Key: "user_id", Value: 1}}},
	}
}

// The exchange service loads these collections whole at start and keeps them in memory, so
// each document carries its id, the fields an index or an operator needs, and the domain
// value as a sub-document, under the snake_case names of its bson tags. Schema is
// bodySchema; a document without it was written with Go's lower-cased field names and is
// rewritten at start (exchangemigrate.go).
type requestDoc struct {
	ID     string           `bson:"_id"`
	Schema int              `bson:"schema"`
	OrgID  string           `bson:"org_id"`
	Body   exchange.Request `bson:"body"`
}

type exchangeDoc struct {
	ID        string            `bson:"_id"`
	Schema    int               `bson:"schema"`
	RequestID string            `bson:"request_id"`
	Body      exchange.Exchange `bson:"body"`
}

type roundDoc struct {
	ID     string         `bson:"_id"`
	Schema int            `bson:"schema"`
	Body   exchange.Round `bson:"body"`
}

type notificationDoc struct {
	ID     string                `bson:"_id"`
	Schema int                   `bson:"schema"`
	UserID string                `bson:"user_id"`
	Body   exchange.Notification `bson:"body"`
}

// bodySchema marks a document whose body has the bson tags' snake_case names.
const bodySchema = 2

// xc returns an exchange collection: a point's params, a free-form document, decode as
// map[string]any (not as bson.D, which would not encode as a JSON object).
func (d *DB) xc(col string) *mongo.Collection {
	return d.db.Collection(col, options.Collection().SetBSONOptions(&options.BSONOptions{DefaultDocumentMap: true}))
}

type exchangeClaimDoc struct {
	Kind   string    `bson:"kind"`
	Owner  string    `bson:"owner"`
	Slot   int       `bson:"slot"`
	Holder string    `bson:"holder"`
	At     time.Time `bson:"at"`
}

// replace upserts doc under id.
func (d *DB) replace(ctx context.Context, col, id string, doc any) error {
	_, err := d.xc(col).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: save %s: %w", col, err)
	}
	return nil
}

// all decodes every document of col that matches filter.
func all[T any](ctx context.Context, d *DB, col string, filter bson.D) ([]T, error) {
	cur, err := d.xc(col).Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", col, err)
	}
	var docs []T
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: %s: %w", col, err)
	}
	return docs, nil
}

// one decodes the document of col with that id; exchange.ErrNotFound if there is none.
func one[T any](ctx context.Context, d *DB, col, id string) (T, error) {
	var doc T
	err := d.xc(col).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if isNotFound(err) {
		return doc, fmt.Errorf("store: %s %s: %w", col, id, exchange.ErrNotFound)
	}
	if err != nil {
		return doc, fmt.Errorf("store: %s: %w", col, err)
	}
	return doc, nil
}

// SaveRequest stores a request, replacing any earlier version.
func (d *DB) SaveRequest(ctx context.Context, r exchange.Request) error {
	return d.replace(ctx, colRequests, r.ID, requestDoc{ID: r.ID, Schema: bodySchema, OrgID: r.OrgID, Body: r})
}

// Request returns request id; exchange.ErrNotFound if there is none.
func (d *DB) Request(ctx context.Context, id string) (exchange.Request, error) {
	doc, err := one[requestDoc](ctx, d, colRequests, id)
	return utcRequest(doc.Body), err
}

// Requests returns every request.
func (d *DB) Requests(ctx context.Context) ([]exchange.Request, error) {
	docs, err := all[requestDoc](ctx, d, colRequests, bson.D{})
	out := make([]exchange.Request, 0, len(docs))
	for _, doc := range docs {
		out = append(out, utcRequest(doc.Body))
	}
	return out, err
}

// SaveExchange stores an exchange, replacing any earlier version.
func (d *DB) SaveExchange(ctx context.Context, x exchange.Exchange) error {
	return d.replace(ctx, colExchanges, x.ID, exchangeDoc{ID: x.ID, Schema: bodySchema, RequestID: x.RequestID, Body: x})
}

// Exchange returns exchange id; exchange.ErrNotFound if there is none.
func (d *DB) Exchange(ctx context.Context, id string) (exchange.Exchange, error) {
	doc, err := one[exchangeDoc](ctx, d, colExchanges, id)
	return utcExchange(doc.Body), err
}

// Exchanges returns every exchange.
func (d *DB) Exchanges(ctx context.Context) ([]exchange.Exchange, error) {
	return d.exchanges(ctx, bson.D{})
}

// ExchangesOf returns the exchanges of one request.
func (d *DB) ExchangesOf(ctx context.Context, requestID string) ([]exchange.Exchange, error) {
	return d.exchanges(ctx, bson.D{{Key: "request_id", Value: requestID}})
}

func (d *DB) exchanges(ctx context.Context, filter bson.D) ([]exchange.Exchange, error) {
	docs, err := all[exchangeDoc](ctx, d, colExchanges, filter)
	out := make([]exchange.Exchange, 0, len(docs))
	for _, doc := range docs {
		out = append(out, utcExchange(doc.Body))
	}
	return out, err
}

// SaveRound stores a round, replacing any earlier version.
func (d *DB) SaveRound(ctx context.Context, r exchange.Round) error {
	return d.replace(ctx, colRounds, r.ID, roundDoc{ID: r.ID, Schema: bodySchema, Body: r})
}

// Round returns round id; exchange.ErrNotFound if there is none.
func (d *DB) Round(ctx context.Context, id string) (exchange.Round, error) {
	doc, err := one[roundDoc](ctx, d, colRounds, id)
	return doc.round(), err
}

// Rounds returns every round.
func (d *DB) Rounds(ctx context.Context) ([]exchange.Round, error) {
	docs, err := all[roundDoc](ctx, d, colRounds, bson.D{})
	out := make([]exchange.Round, 0, len(docs))
	for _, doc := range docs {
		out = append(out, doc.round())
	}
	return out, err
}

func (doc roundDoc) round() exchange.Round {
	r := doc.Body
	r.Created, r.Updated = r.Created.UTC(), r.Updated.UTC()
	return r
}

// SaveNotification stores a notification, replacing any earlier version.
func (d *DB) SaveNotification(ctx context.Context, n exchange.Notification) error {
	return d.replace(ctx, colNotifications, n.ID, notificationDoc{ID: n.ID, Schema: bodySchema, UserID: n.UserID, Body: n})
}

// Notifications returns every notification.
func (d *DB) Notifications(ctx context.Context) ([]exchange.Notification, error) {
	return d.notifications(ctx, bson.D{})
}

// NotificationsOf returns one user's notifications.
func (d *DB) NotificationsOf(ctx context.Context, userID string) ([]exchange.Notification, error) {
	return d.notifications(ctx, bson.D{{Key: "user_id", Value: userID}})
}

func (d *DB) notifications(ctx context.Context, filter bson.D) ([]exchange.Notification, error) {
	docs, err := all[notificationDoc](ctx, d, colNotifications, filter)
	out := make([]exchange.Notification, 0, len(docs))
	for _, doc := range docs {
		n := doc.Body
		n.UserID, n.Created = doc.UserID, n.Created.UTC()
		out = append(out, n)
	}
	return out, err
}

// DeleteNotificationsBefore deletes the notifications created before before and returns
// how many went.
func (d *DB) DeleteNotificationsBefore(ctx context.Context, before time.Time) (int64, error) {
	res, err := d.c(colNotifications).DeleteMany(ctx, bson.D{{Key: "body.created", Value: bson.D{{Key: "$lt", Value: before.UTC()}}}})
	if err != nil {
		return 0, fmt.Errorf("store: delete old notifications: %w", err)
	}
	return res.DeletedCount, nil
}

// Claim inserts a claim; exchange.ErrSlotTaken when its (kind, owner, slot) is taken.
func (d *DB) Claim(ctx context.Context, c exchange.Claim) error {
	doc := exchangeClaimDoc{Kind: string(c.Kind), Owner: c.Owner, Slot: c.Slot, Holder: c.Holder, At: c.At.UTC()}
	_, err := d.c(colExchangeClaims).InsertOne(ctx, doc)
	if isDuplicate(err) {
		return fmt.Errorf("store: claim %s of %s: %w", c.Kind, c.Owner, exchange.ErrSlotTaken)
	}
	if err != nil {
		return fmt.Errorf("store: claim %s: %w", c.Kind, err)
	}
	return nil
}

// Release deletes the holder's claims of that kind.
func (d *DB) Release(ctx context.Context, kind exchange.ClaimKind, holder string) error {
	_, err := d.c(colExchangeClaims).DeleteMany(ctx, bson.D{{Key: "kind", Value: string(kind)}, {Key: "holder", Value: holder}})
	if err != nil {
		return fmt.Errorf("store: release %s: %w", kind, err)
	}
	return nil
}

// Claims returns every claim of a kind.
func (d *DB) Claims(ctx context.Context, kind exchange.ClaimKind) ([]exchange.Claim, error) {
	docs, err := all[exchangeClaimDoc](ctx, d, colExchangeClaims, bson.D{{Key: "kind", Value: string(kind)}})
	out := make([]exchange.Claim, 0, len(docs))
	for _, doc := range docs {
		out = append(out, exchange.Claim{Kind: exchange.ClaimKind(doc.Kind), Owner: doc.Owner, Slot: doc.Slot, Holder: doc.Holder, At: doc.At.UTC()})
	}
	return out, err
}

// Unclaim deletes the claim of (kind, owner, slot) if c.Holder still holds it.
func (d *DB) Unclaim(ctx context.Context, c exchange.Claim) error {
	_, err := d.c(colExchangeClaims).DeleteOne(ctx, bson.D{
		{Key: "kind", Value: string(c.Kind)}, {Key: "owner", Value: c.Owner}, {Key: "slot", Value: c.Slot}, {Key: "holder", Value: c.Holder},
	})
	if err != nil {
		return fmt.Errorf("store: unclaim %s: %w", c.Kind, err)
	}
	return nil
}

// utcRequest and utcExchange give times back in UTC, as they were saved.
func utcRequest(r exchange.Request) exchange.Request {
	r.Created, r.Updated = r.Created.UTC(), r.Updated.UTC()
	return r
}

func utcExchange(x exchange.Exchange) exchange.Exchange {
	x.Proposed, x.Updated = x.Proposed.UTC(), x.Updated.UTC()
	for i := range x.Goals {
		if t := x.Goals[i].DoneAt; t != nil {
			u := t.UTC()
			x.Goals[i].DoneAt = &u
		}
	}
	for i := range x.Sessions {
		x.Sessions[i].Logged = x.Sessions[i].Logged.UTC()
	}
	for _, f := range []*exchange.Feedback{x.RequesterFeedback, x.MentorFeedback} {
		if f != nil {
			f.Given = f.Given.UTC()
		}
	}
	return x
}
