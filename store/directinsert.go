package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// sqliteConstraintUnique is SQLite's extended result code for a row refused by a
// unique index (SQLITE_CONSTRAINT_UNIQUE).
const sqliteConstraintUnique = 2067

// insert stores docs in the messages table in one transaction, each row as FerretDB
// v1.24.2 would write it (sjson: the document's fields as JSON after a schema of their
// types), and returns the indexes refused by a unique index: FerretDB's unordered
// InsertMany, without its cost. Through FerretDB, 100 messages took 13–15 ms (BSON, its
// documents, then JSON), most of the server's CPU per message at 5,000/s. FerretDB
// keeps no state of a collection's rows, so it reads these like its own (tested
// byte for byte against rows it wrote).
func (x *direct) insert(ctx context.Context, docs []messageDoc) ([]int, error) {
	tx, err := x.rw.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock): the write lock at once
	if err != nil {
		return nil, fmt.Errorf("store: insert messages: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO %q (_ferretdb_sjson) VALUES (?)`, x.messages))
	if err != nil {
		return nil, fmt.Errorf("store: insert messages: %w", err)
	}
	defer stmt.Close()
	var dups []int
	var coded interface{ Code() int }
	for i, d := range docs {
		// A refused row aborts its statement only; the transaction goes on.
		_, err := stmt.ExecContext(ctx, sjsonMessage(d))
		switch {
		case err == nil:
		case errors.As(err, &coded) && coded.Code() == sqliteConstraintUnique:
			dups = append(dups, i)
		default:
			return nil, fmt.Errorf("store: insert messages: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: insert messages: %w", err)
	}
	return dups, nil
}

// sjsonMessage is d in FerretDB's sjson: {"$s":{"p":{field:{"t":type}…},"$k":[fields]},
// field:value…}, fields in messageDoc's bson order, optional ones only when set (as
// omitempty), strings as encoding/json writes them (FerretDB's encoder), dates as Unix
// milliseconds.
func sjsonMessage(d messageDoc) string {
	type field struct{ key, typ, val string }
	str := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	long := func(n int64) string { return strconv.FormatInt(n, 10) }
	fields := []field{
		{"_id", "string", str(d.ID)}, {"room", "string", str(d.Room)}, {"seq", "long", long(d.Seq)},
		{"author", "string", str(d.Author)}, {"client_id", "string", str(d.ClientID)},
		{"body", "string", str(d.Body)}, {"sent", "date", long(d.Sent.UnixMilli())},
	}
	if d.Edited != nil {
		fields = append(fields, field{"edited", "date", long(d.Edited.UnixMilli())})
	}
	if d.Deleted {
		fields = append(fields, field{"deleted", "bool", "true"})
	}
	if d.Kind != "" {
		fields = append(fields, field{"kind", "string", str(d.Kind)})
	}
	if d.Target != 0 {
		fields = append(fields, field{"target", "long", long(d.Target)})
	}
	if d.Resource != "" {
		fields = append(fields, field{"resource", "string", str(d.Resource)})
	}
	var b strings.Builder
	b.WriteString(`{"$s":{"p":{`)
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%s":{"t":"%s"}`, f.key, f.typ)
	}
	b.WriteString(`},"$k":[`)
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%s"`, f.key)
	}
	b.WriteString(`]}`)
	for _, f := range fields {
		fmt.Fprintf(&b, `,"%s":%s`, f.key, f.val)
	}
	b.WriteByte('}')
	return b.String()
}
