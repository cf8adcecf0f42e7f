package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// direct reads the embedded store's SQLite file where FerretDB v1.24.2 would read every
// document of a collection: it pushes down only an `_id` equality to SQLite, and any
// other filter decodes and filters the whole collection in Go. A room's history then
// costs a scan of every room's messages (measured: > 10 s for a room's tail with 128k
// messages stored, 4.6 ms with the (room, …) index read here). Reads go through a
// read-only connection to the same file (WAL: they see every committed write, and never
// block FerretDB's writer); every write still goes through FerretDB.
//
// It also adds, to every collection but messages, an index on the expression FerretDB's
// `_id` lookups use (`_ferretdb_sjson->'$._id'`): FerretDB's own `_id` index is on
// `_ferretdb_sjson->"_id"`, which SQLite does not match to that query, so every lookup and
// update by `_id` scanned the table. FerretDB does not know the extra index and need not:
// SQLite keeps it.
type direct struct {
	db       *sql.DB           // read-only
	messages string            // the messages collection's SQLite table
	roles    string            // the role assignments' SQLite table
	tables   map[string]string // every collection's SQLite table

	rw   *sql.DB // for inserts (directinsert.go) and checkpoints
	stop chan struct{}
	done chan struct{}
}

// Open opens database name of the embedded store: as Open does, but it reads the SQLite
// file directly where FerretDB would scan, indexes `_id` lookups there (see direct), and
// creates only the unique indexes (see ensureIndexes).
func (e *Embedded) Open(ctx context.Context, name string) (*DB, error) {
	return open(ctx, e.URI, name, e)
}

// collections are every collection of the store: each exists from the start, so that
// each gets its `_id` index (a collection first written later would miss it).
var collections = []string{
	colUsers, colRecoveryCodes, colRecoveryClaims, colSessions, colInvites, colInviteClaims,
	colOrganisations, roleAssignments, colRooms, colReadMarkers, colMessages,
	colRequests, colExchanges, colRounds, colNotifications, colExchangeClaims,
	colReports, colReportOutcomes, colAudit, colSanctions, colControls, colModNotices,
	colExportLinks, colExportClaims,
	colTips,
	colTrainings, colTrainingNames,
	colLibrary, colLibraryFiles, colLibraryChunks, colLeases,
}

func (d *DB) useEmbedded(ctx context.Context, e *Embedded) error {
	for _, name := range collections {
		var ce mongo.CommandError
		if err := d.db.CreateCollection(ctx, name); err != nil && !(errors.As(err, &ce) && ce.Code == 48) { // NamespaceExists
			return fmt.Errorf("store: create %s: %w", name, err)
		}
	}
	path := filepath.Join(e.dir, d.db.Name()+".sqlite")
	rw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_txlock=immediate&_pragma=busy_timeout(60000)&_pragma=secure_delete(on)")
	if err != nil {
		return fmt.Errorf("store: open embedded file: %w", err)
	}
	rw.SetMaxOpenConns(2) // an insert and a checkpoint
	ok := false
	defer func() {
		if !ok {
			rw.Close()
		}
	}()
	var messages, roles string
	tables := map[string]string{}
	for _, name := range collections {
		var t string
		err := rw.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, name).Scan(&t)
		if err != nil {
			return fmt.Errorf("store: table of %s: %w", name, err)
		}
		tables[name] = t
		if name == roleAssignments {
			roles = t
		}
		if name == colMessages {
			// No _id index: nothing looks messages up by _id, and each index costs every
			// insert (measured: +45 % per InsertMany of 100).
			messages = t
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"__cascade_id", t)
		if _, err := rw.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: index _id of %s: %w", t, err)
		}
	}
	ro, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(60000)")
	if err != nil {
		return fmt.Errorf("store: open embedded file: %w", err)
	}
	d.direct = &direct{db: ro, messages: messages, roles: roles, tables: tables, rw: rw, stop: make(chan struct{}), done: make(chan struct{})}
	go d.direct.checkpoints()
	ok = true
	return nil
}

func (x *direct) close() error {
	close(x.stop)
	<-x.done
	return errors.Join(x.db.Close(), x.rw.Close())
}

// checkpointEvery is how often checkpoints copies the write-ahead log into the file.
const checkpointEvery = 250 * time.Millisecond

// checkpoints copies the committed pages of SQLite's write-ahead log into the database
// file every checkpointEvery, on a connection of its own, until close. Otherwise SQLite
// checkpoints inside the commit that grows the log past 1,000 pages, and that insert
// (and every message acked behind it) waits for the copy and its fsyncs: the tail of
// the ack latency. Checkpointed this often the log stays under the threshold; should it
// not, SQLite's own checkpoint still runs, so a failed one here only costs that wait.
func (x *direct) checkpoints() {
	defer close(x.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-x.stop:
			return
		case <-t.C:
		}
		_, _ = x.rw.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
	}
}

// expired reports whether room holds a record sent before before that DeleteBefore
// would delete (seq < last) or wipe (seq last, not yet wiped).
func (x *direct) expired(ctx context.Context, room string, before time.Time, last int64) (bool, error) {
	key, err := json.Marshal(room)
	if err != nil {
		return false, err
	}
	q := fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM %q WHERE _ferretdb_sjson->"room" = ? AND _ferretdb_sjson->>'$.sent' < ?
		AND (_ferretdb_sjson->>'$.seq' < ? OR NOT coalesce(_ferretdb_sjson->>'$.deleted', 0)) LIMIT 1)`, x.messages)
	var n int
	err = x.db.QueryRowContext(ctx, q, string(key), before.UnixMilli(), last).Scan(&n)
	return n > 0, err
}

// sqliteMessage is a messageDoc as FerretDB stores it: JSON, dates as Unix milliseconds.
type sqliteMessage struct {
	ID       string `json:"_id"`
	Room     string `json:"room"`
	Seq      int64  `json:"seq"`
	Author   string `json:"author"`
	ClientID string `json:"client_id"`
	Body     string `json:"body"`
	Sent     int64  `json:"sent"`
	Edited   *int64 `json:"edited"`
	Deleted  bool   `json:"deleted"`
	Kind     string `json:"kind"`
	Target   int64  `json:"target"`
	Resource string `json:"resource"`
}

func (m sqliteMessage) doc() messageDoc {
	d := messageDoc{
		ID: m.ID, Room: m.Room, Seq: m.Seq, Author: m.Author, ClientID: m.ClientID, Body: m.Body,
		Sent: time.UnixMilli(m.Sent).UTC(), Deleted: m.Deleted, Kind: m.Kind, Target: m.Target, Resource: m.Resource,
	}
	if m.Edited != nil {
		d.Edited = new(time.UnixMilli(*m.Edited).UTC())
	}
	return d
}

// find returns up to limit messages matching filter, sorted by seq (order 1 or -1).
// filter is what findMessages gives MongoDB: string equalities (the room first) and at
// most a $gt or $lt on seq. Equalities use the expression of FerretDB's indexes on
// (room, …), so SQLite searches them; the seq bound and order read the room's rows only.
func (x *direct) find(ctx context.Context, filter bson.D, order, limit int) ([]messageDoc, error) {
	var where []string
	var args []any
	for _, e := range filter {
		switch v := e.Value.(type) {
		case string:
			key, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			where, args = append(where, fmt.Sprintf("_ferretdb_sjson->%q = ?", e.Key)), append(args, string(key))
		case bson.D:
			var op string
			if e.Key == "seq" && len(v) == 1 {
				op = map[string]string{"$gt": ">", "$lt": "<"}[v[0].Key]
			}
			if op == "" {
				return nil, fmt.Errorf("store: no direct read for %s %v", e.Key, v)
			}
			where, args = append(where, "_ferretdb_sjson->>'$.seq' "+op+" ?"), append(args, v[0].Value)
		default:
			return nil, fmt.Errorf("store: no direct read for %s %v", e.Key, v)
		}
	}
	dir := "ASC"
	if order < 0 {
		dir = "DESC"
	}
	q := fmt.Sprintf(`SELECT _ferretdb_sjson FROM %q WHERE %s ORDER BY _ferretdb_sjson->>'$.seq' %s LIMIT ?`, x.messages, strings.Join(where, " AND "), dir)
	rows, err := x.db.QueryContext(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []messageDoc
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var m sqliteMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		out = append(out, m.doc())
	}
	return out, rows.Err()
}

// roleRows calls fn with the fields of every stored role assignment, in one read of the
// role table: SQLite extracts the four fields as one small JSON array per row (one parse
// of the row's JSON; a call per field parsed it once per call), and no document is decoded.
// A field that is missing or not a string reads as "", which the caller refuses as it
// would through FerretDB (where a non-string field also reads as "").
func (x *direct) roleRows(ctx context.Context, fn func(ptype, v0, v1, v2 string) error) error {
	q := fmt.Sprintf(`SELECT json_extract(_ferretdb_sjson, '$.ptype', '$.v0', '$.v1', '$.v2') FROM %q`, x.roles)
	rows, err := x.db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	var raw []byte
	var fields [4]any
	for rows.Next() {
		if err := rows.Scan(&raw); err != nil {
			return err
		}
		fields = [4]any{}
		if err := json.Unmarshal(raw, &fields); err != nil {
			return fmt.Errorf("role assignment %s: %w", raw, err)
		}
		var s [4]string
		for i, f := range fields {
			s[i], _ = f.(string)
		}
		if err := fn(s[0], s[1], s[2], s[3]); err != nil {
			return err
		}
	}
	return rows.Err()
}

// lacks reports whether a document of collection col has no field name: one indexed-free
// pass over the table in SQLite, where FerretDB would decode every document.
func (x *direct) lacks(ctx context.Context, col, name string) (bool, error) {
	q := fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM %q WHERE json_type(_ferretdb_sjson, '$.%s') IS NULL LIMIT 1)`, x.tables[col], name)
	var n int
	err := x.db.QueryRowContext(ctx, q).Scan(&n)
	return n > 0, err
}
