package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// eraseAuthor is EraseAuthor on the embedded store, in one transaction on the SQLite file:
// through FerretDB, an update decodes every message of every room and then writes the
// matches one by one (a person with 10,000 messages among 50,000 took longer than an HTTP
// client waits). Each row is rewritten as FerretDB would write it (sjsonMessage), found by
// its rowid; FerretDB keeps no state of a collection's rows, as for inserts.
func (x *direct) eraseAuthor(ctx context.Context, author, as string, wipe bool) error {
	key, err := json.Marshal(author)
	if err != nil {
		return err
	}
	tx, err := x.rw.BeginTx(ctx, nil) // BEGIN IMMEDIATE: no insert lands between read and write
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT rowid, _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->"author" = ?`, x.messages), string(key))
	if err != nil {
		return err
	}
	type row struct {
		id  int64
		doc messageDoc
	}
	var found []row
	for rows.Next() {
		var id int64
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			rows.Close()
			return err
		}
		var m sqliteMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			rows.Close()
			return err
		}
		found = append(found, row{id, m.doc()})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, fmt.Sprintf(`UPDATE %q SET _ferretdb_sjson = ? WHERE rowid = ?`, x.messages))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, r := range found {
		d := r.doc
		d.Author = as
		if wipe {
			d.Body = ""
			d.Deleted = d.Deleted || d.Kind == ""
		}
		if _, err := stmt.ExecContext(ctx, sjsonMessage(d), r.id); err != nil {
			return err
		}
	}
	return tx.Commit()
}
