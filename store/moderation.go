package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/moderation"
)

var _ moderation.Store = (*DB)(nil)

const (
	colReports = "reports"
	// colReportOutcomes holds at most one outcome per report, under the report's id:
	// inserting it is what resolves the report, so two moderators cannot both resolve it.
	colReportOutcomes = "report_outcomes"
	// colAudit is the audit log. Nothing updates or deletes in it; the unique index on seq
	// is what orders the chain when several instances append at once.
	colAudit      = "audit_log"
	colSanctions  = "sanctions"
	colControls   = "room_controls"
	colModNotices = "moderation_notices"
	// colWaitingAlerts holds one claim per report, under the report's id: inserting it is
	// what lets one sweep alert the staff that the report is waiting.
	colWaitingAlerts = "report_waiting_alerts"
	// colAuditKeys holds each person's audit key under their user id (so one per user:
	// the _id index is unique), with their pseudonym (unique too): deleting it is what
	// makes their audit entries opaque for good.
	colAuditKeys = "audit_keys"
)

func moderationIndexes() []index {
	return []index{
		{collection: colAudit, keys: bson.D{{Key: "seq", Value: 1}}, unique: true},
		{collection: colReports, keys: bson.D{{Key: "room", Value: 1}}},
		{collection: colReports, keys: bson.D{{Key: "reporter", Value: 1}}},
		{collection: colModNotices, keys: bson.D{{Key: "user", Value: 1}}},
		{collection: colAuditKeys, keys: bson.D{{Key: "pseudonym", Value: 1}}, unique: true},
	}
}

type reportDoc struct {
	ID       string            `bson:"_id"`
	Room     string            `bson:"room"`
	Reporter string            `bson:"reporter"`
	Resource string            `bson:"resource,omitempty"`
	Created  time.Time         `bson:"created"`
	Body     moderation.Report `bson:"body"`
}

type outcomeDoc struct {
	ID   string             `bson:"_id"`
	Body moderation.Outcome `bson:"body"`
}

type auditDoc struct {
	Seq    int64     `bson:"seq"`
	At     time.Time `bson:"at"`
	Actor  string    `bson:"actor"`
	Action string    `bson:"action"`
	Target string    `bson:"target"`
	Reason string    `bson:"reason"`
	Note   string    `bson:"note"`
	Prev   string    `bson:"prev"`
	Hash   string    `bson:"hash"`
}

type sanctionDoc struct {
	ID     string    `bson:"_id"`
	Room   string    `bson:"room"`
	User   string    `bson:"user"`
	Role   string    `bson:"role"`
	Until  time.Time `bson:"until"`
	Reason string    `bson:"reason"`
}

type controlDoc struct {
	Room        string `bson:"_id"`
	Locked      bool   `bson:"locked"`
	SlowSeconds int    `bson:"slow_seconds"`
}

type noticeDoc struct {
	ID   string            `bson:"_id"`
	User string            `bson:"user"`
	Body moderation.Notice `bson:"body"`
}

// InsertReport stores a new report.
func (d *DB) InsertReport(ctx context.Context, r moderation.Report) error {
	r.Outcome = nil
	doc := reportDoc{ID: r.ID, Room: r.Room, Reporter: r.Reporter, Resource: r.Resource, Created: r.Created.UTC(), Body: r}
	if _, err := d.c(colReports).InsertOne(ctx, doc); err != nil {
		return fmt.Errorf("store: insert report: %w", err)
	}
	return nil
}

// InsertOutcome resolves a report; moderation.ErrTaken if it is resolved already.
func (d *DB) InsertOutcome(ctx context.Context, o moderation.Outcome) error {
	o.At = o.At.UTC()
	_, err := d.c(colReportOutcomes).InsertOne(ctx, outcomeDoc{ID: o.Report, Body: o})
	if isDuplicate(err) {
		return fmt.Errorf("store: outcome of %s: %w", o.Report, moderation.ErrTaken)
	}
	if err != nil {
		return fmt.Errorf("store: insert outcome: %w", err)
	}
	return nil
}

// Report returns a report with its outcome; moderation.ErrNotFound if there is none.
func (d *DB) Report(ctx context.Context, id string) (moderation.Report, error) {
	var doc reportDoc
	err := d.c(colReports).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if isNotFound(err) {
		return moderation.Report{}, fmt.Errorf("store: report %s: %w", id, moderation.ErrNotFound)
	}
	if err != nil {
		return moderation.Report{}, fmt.Errorf("store: report: %w", err)
	}
	outcomes, err := d.outcomes(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return moderation.Report{}, err
	}
	return reportOf(doc, outcomes), nil
}

// Reports returns the reports that match f with their outcomes, oldest first.
func (d *DB) Reports(ctx context.Context, f moderation.ReportFilter) ([]moderation.Report, error) {
	filter := bson.D{}
	if f.Room != "" {
		filter = append(filter, bson.E{Key: "room", Value: f.Room})
	}
	if f.Reporter != "" {
		filter = append(filter, bson.E{Key: "reporter", Value: f.Reporter})
	}
	if f.Resource != "" {
		filter = append(filter, bson.E{Key: "resource", Value: f.Resource})
	}
	if !f.Before.IsZero() {
		filter = append(filter, bson.E{Key: "created", Value: bson.D{{Key: "$lt", Value: f.Before.UTC()}}})
	}
	docs, err := all[reportDoc](ctx, d, colReports, filter)
	if err != nil {
		return nil, err
	}
	outcomes, err := d.outcomes(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	out := make([]moderation.Report, 0, len(docs))
	for _, doc := range docs {
		r := reportOf(doc, outcomes)
		if f.Open && r.Outcome != nil {
			continue
		}
		out = append(out, r)
	}
	sortReports(out)
	return out, nil
}

func (d *DB) outcomes(ctx context.Context, filter bson.D) (map[string]moderation.Outcome, error) {
	docs, err := all[outcomeDoc](ctx, d, colReportOutcomes, filter)
	if err != nil {
		return nil, err
	}
	out := make(map[string]moderation.Outcome, len(docs))
	for _, doc := range docs {
		o := doc.Body
		o.Report, o.At = doc.ID, o.At.UTC()
		out[doc.ID] = o
	}
	return out, nil
}

func reportOf(doc reportDoc, outcomes map[string]moderation.Outcome) moderation.Report {
	r := doc.Body
	r.Created = r.Created.UTC()
	for i := range r.Messages {
		m := &r.Messages[i]
		m.Sent = m.Sent.UTC()
		if m.Edited != nil {
			at := m.Edited.UTC()
			m.Edited = &at
		}
	}
	if o, ok := outcomes[doc.ID]; ok {
		r.Outcome = &o
	}
	return r
}

func sortReports(rs []moderation.Report) {
	slices.SortStableFunc(rs, func(a, b moderation.Report) int { return a.Created.Compare(b.Created) })
}

// LastAuditEntry returns the audit entry with the highest seq; moderation.ErrNotFound
// when the log is empty.
func (d *DB) LastAuditEntry(ctx context.Context) (moderation.Entry, error) {
	var doc auditDoc
	opts := options.FindOne().SetSort(bson.D{{Key: "seq", Value: -1}})
	err := d.c(colAudit).FindOne(ctx, bson.D{}, opts).Decode(&doc)
	if isNotFound(err) {
		return moderation.Entry{}, moderation.ErrNotFound
	}
	if err != nil {
		return moderation.Entry{}, fmt.Errorf("store: last audit entry: %w", err)
	}
	return doc.entry(), nil
}

// InsertAuditEntry appends an entry; moderation.ErrTaken if its seq is taken.
func (d *DB) InsertAuditEntry(ctx context.Context, e moderation.Entry) error {
	doc := auditDoc{Seq: e.Seq, At: e.At.UTC(), Actor: e.Actor, Action: e.Action, Target: e.Target, Reason: e.Reason, Note: e.Note, Prev: e.Prev, Hash: e.Hash}
	_, err := d.c(colAudit).InsertOne(ctx, doc)
	if isDuplicate(err) {
		return fmt.Errorf("store: audit entry %d: %w", e.Seq, moderation.ErrTaken)
	}
	if err != nil {
		return fmt.Errorf("store: insert audit entry: %w", err)
	}
	return nil
}

// AuditEntries returns the entries that match f, by ascending seq.
func (d *DB) AuditEntries(ctx context.Context, f moderation.AuditFilter) ([]moderation.Entry, error) {
	filter := bson.D{}
	for _, kv := range [][2]string{{"actor", f.Actor}, {"action", f.Action}, {"target", f.Target}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	at := bson.D{}
	if !f.From.IsZero() {
		at = append(at, bson.E{Key: "$gte", Value: f.From.UTC()})
	}
	if !f.To.IsZero() {
		at = append(at, bson.E{Key: "$lt", Value: f.To.UTC()})
	}
	if len(at) > 0 {
		filter = append(filter, bson.E{Key: "at", Value: at})
	}
	cur, err := d.c(colAudit).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "seq", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	var docs []auditDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	out := make([]moderation.Entry, len(docs))
	for i, doc := range docs {
		out[i] = doc.entry()
	}
	return out, nil
}

func (doc auditDoc) entry() moderation.Entry {
	return moderation.Entry{Seq: doc.Seq, At: doc.At.UTC(), Actor: doc.Actor, Action: doc.Action, Target: doc.Target, Reason: doc.Reason, Note: doc.Note, Prev: doc.Prev, Hash: doc.Hash}
}

// SaveSanction stores a timed sanction, replacing the one with the same id.
func (d *DB) SaveSanction(ctx context.Context, s moderation.Sanction) error {
	return d.replace(ctx, colSanctions, s.ID, sanctionDoc{ID: s.ID, Room: s.Room, User: s.User, Role: s.Role, Until: s.Until.UTC(), Reason: string(s.Reason)})
}

// DeleteSanction deletes sanction id if it ends at until (whatever its end when until is
// zero) and reports whether this call deleted it.
func (d *DB) DeleteSanction(ctx context.Context, id string, until time.Time) (bool, error) {
	filter := bson.D{{Key: "_id", Value: id}}
	if !until.IsZero() {
		filter = append(filter, bson.E{Key: "until", Value: until.UTC()})
	}
	res, err := d.c(colSanctions).DeleteOne(ctx, filter)
	if err != nil {
		return false, fmt.Errorf("store: delete sanction: %w", err)
	}
	return res.DeletedCount == 1, nil
}

// DueSanctions returns the timed sanctions that end at or before t.
func (d *DB) DueSanctions(ctx context.Context, t time.Time) ([]moderation.Sanction, error) {
	docs, err := all[sanctionDoc](ctx, d, colSanctions, bson.D{{Key: "until", Value: bson.D{{Key: "$lte", Value: t.UTC()}}}})
	out := make([]moderation.Sanction, len(docs))
	for i, doc := range docs {
		out[i] = moderation.Sanction{ID: doc.ID, Room: doc.Room, User: doc.User, Role: doc.Role, Until: doc.Until.UTC(), Reason: moderation.Reason(doc.Reason)}
	}
	return out, err
}

// SaveControl stores a room's lock and slow mode.
func (d *DB) SaveControl(ctx context.Context, c moderation.Control) error {
	return d.replace(ctx, colControls, c.Room, controlDoc(c))
}

// Controls returns the stored controls of every room.
func (d *DB) Controls(ctx context.Context) ([]moderation.Control, error) {
	docs, err := all[controlDoc](ctx, d, colControls, bson.D{})
	out := make([]moderation.Control, len(docs))
	for i, doc := range docs {
		out[i] = moderation.Control(doc)
	}
	return out, err
}

// InsertNotice stores a notice to the person an action concerns.
func (d *DB) InsertNotice(ctx context.Context, n moderation.Notice) error {
	n.Created = n.Created.UTC()
	if _, err := d.c(colModNotices).InsertOne(ctx, noticeDoc{ID: n.ID, User: n.User, Body: n}); err != nil {
		return fmt.Errorf("store: insert notice: %w", err)
	}
	return nil
}

// NoticesOf returns a user's moderation notices, oldest first.
func (d *DB) NoticesOf(ctx context.Context, userID string) ([]moderation.Notice, error) {
	docs, err := all[noticeDoc](ctx, d, colModNotices, bson.D{{Key: "user", Value: userID}})
	if err != nil {
		return nil, err
	}
	out := make([]moderation.Notice, len(docs))
	for i, doc := range docs {
		n := doc.Body
		n.User, n.Created = doc.User, n.Created.UTC()
		if n.Until != nil {
			u := n.Until.UTC()
			n.Until = &u
		}
		out[i] = n
	}
	slices.SortStableFunc(out, func(a, b moderation.Notice) int { return a.Created.Compare(b.Created) })
	return out, nil
}

type waitingAlertDoc struct {
	Report string    `bson:"_id"`
	At     time.Time `bson:"at"`
}

// ClaimWaitingAlert takes the claim to alert of report id waiting and reports whether this
// call took it; a claim taken before answers false.
func (d *DB) ClaimWaitingAlert(ctx context.Context, id string, at time.Time) (bool, error) {
	_, err := d.c(colWaitingAlerts).InsertOne(ctx, waitingAlertDoc{Report: id, At: at.UTC()})
	if isDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: claim waiting alert: %w", err)
	}
	return true, nil
}

// ForgetModeration takes userID out of what moderation keeps (moderation.Store): the
// reports they filed keep no reporter (with wipe, no text of theirs either); copies of
// their messages in reports, and reports of their messages, name as instead (with wipe,
// the copies keep no text); outcomes they decided name nobody; their sanctions and
// notices go.
func (d *DB) ForgetModeration(ctx context.Context, userID, as string, wipe bool) error {
	filter := bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "reporter", Value: userID}},
		bson.D{{Key: "body.author", Value: userID}},
		bson.D{{Key: "body.messages.author", Value: userID}},
	}}}
	docs, err := all[reportDoc](ctx, d, colReports, filter)
	if err != nil {
		return err
	}
	for _, doc := range docs {
		if doc.Reporter == userID {
			doc.Reporter, doc.Body.Reporter = "", ""
			if wipe {
				doc.Body.Text = ""
			}
		}
		if doc.Body.Author == userID {
			doc.Body.Author = as
		}
		for i := range doc.Body.Messages {
			if m := &doc.Body.Messages[i]; m.Author == userID {
				m.Author = as
				if wipe {
					m.Body = ""
				}
			}
		}
		if err := d.replace(ctx, colReports, doc.ID, doc); err != nil {
			return err
		}
	}
	_, err = d.c(colReportOutcomes).UpdateMany(ctx, bson.D{{Key: "body.by", Value: userID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "body.by", Value: ""}}}})
	if err != nil {
		return fmt.Errorf("store: forget %s: %w", colReportOutcomes, err)
	}
	for _, col := range []string{colSanctions, colModNotices} {
		if _, err := d.c(col).DeleteMany(ctx, bson.D{{Key: "user", Value: userID}}); err != nil {
			return fmt.Errorf("store: forget %s: %w", col, err)
		}
	}
	return nil
}

type auditKeyDoc struct {
	User      string `bson:"_id"`
	Pseudonym string `bson:"pseudonym"`
	Key       []byte `bson:"key"`
}

// AuditKey returns userID's audit key; moderation.ErrNotFound if it has none.
func (d *DB) AuditKey(ctx context.Context, userID string) ([]byte, error) {
	var doc auditKeyDoc
	err := d.c(colAuditKeys).FindOne(ctx, bson.D{{Key: "_id", Value: userID}}).Decode(&doc)
	if isNotFound(err) {
		return nil, moderation.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: audit key: %w", err)
	}
	return doc.Key, nil
}

// InsertAuditKey stores userID's audit key; moderation.ErrTaken if it has one.
func (d *DB) InsertAuditKey(ctx context.Context, userID string, key []byte, pseudonym string) error {
	_, err := d.c(colAuditKeys).InsertOne(ctx, auditKeyDoc{User: userID, Pseudonym: pseudonym, Key: key})
	if isDuplicate(err) {
		return fmt.Errorf("store: audit key: %w", moderation.ErrTaken)
	}
	if err != nil {
		return fmt.Errorf("store: insert audit key: %w", err)
	}
	return nil
}

// AuditUsers returns the user of each pseudonym whose key is stored.
func (d *DB) AuditUsers(ctx context.Context, pseudonyms []string) (map[string]string, error) {
	docs, err := all[auditKeyDoc](ctx, d, colAuditKeys, bson.D{{Key: "pseudonym", Value: bson.D{{Key: "$in", Value: pseudonyms}}}})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(docs))
	for _, doc := range docs {
		out[doc.Pseudonym] = doc.User
	}
	return out, nil
}

// DeleteAuditKey deletes userID's audit key, if any.
func (d *DB) DeleteAuditKey(ctx context.Context, userID string) error {
	if _, err := d.c(colAuditKeys).DeleteOne(ctx, bson.D{{Key: "_id", Value: userID}}); err != nil {
		return fmt.Errorf("store: delete audit key: %w", err)
	}
	return nil
}
