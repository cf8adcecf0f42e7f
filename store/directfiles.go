package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// readChunk appends the bytes of chunk id of the library's files to dst, read straight
// from the embedded store's file: FerretDB keeps a binary field as base64 text in its
// JSON, which SQLite extracts by the `_id` index (direct.go) and Go decodes, without the
// document going through FerretDB's and the driver's BSON (a 25 MB download took
// 0.4–1.2 s through FerretDB). mongo.ErrNoDocuments if the chunk is not there.
func (x *direct) readChunk(ctx context.Context, dst []byte, id string) ([]byte, error) {
	key, err := json.Marshal(id)
	if err != nil {
		return nil, err
	}
	q := fmt.Sprintf(`SELECT _ferretdb_sjson->>'$.data' FROM %q WHERE _ferretdb_sjson->'$._id' = ?`, x.tables[colLibraryChunks])
	var text []byte
	err = x.db.QueryRowContext(ctx, q, string(key)).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mongo.ErrNoDocuments
	}
	if err != nil {
		return nil, err
	}
	n := len(dst)
	dst = append(dst, make([]byte, base64.StdEncoding.DecodedLen(len(text)))...)
	m, err := base64.StdEncoding.Decode(dst[n:], text)
	if err != nil {
		return nil, fmt.Errorf("chunk %s: %w", id, err)
	}
	return dst[:n+m], nil
}

// insertChunks stores chunks in the library's chunk table in one transaction, each row
// as FerretDB v1.24.2 writes it (sjson: the schema of the fields' types, then _id as a
// string and data as base64 text), without the document going through the driver's and
// FerretDB's BSON. One transaction: a file's chunks are all there or none is.
func (x *direct) insertChunks(ctx context.Context, chunks []chunkDoc) error {
	tx, err := x.rw.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock): the write lock at once
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO %q (_ferretdb_sjson) VALUES (?)`, x.tables[colLibraryChunks]))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range chunks {
		if _, err := stmt.ExecContext(ctx, string(sjsonChunk(c))); err != nil { // TEXT, as FerretDB writes
			return err
		}
	}
	return tx.Commit()
}

func sjsonChunk(c chunkDoc) []byte {
	id, _ := json.Marshal(c.ID) // a string always marshals
	const schema = `{"$s":{"p":{"_id":{"t":"string"},"data":{"t":"binData","s":0}},"$k":["_id","data"]},"_id":`
	out := make([]byte, 0, len(schema)+len(id)+base64.StdEncoding.EncodedLen(len(c.Data))+12)
	out = append(append(out, schema...), id...)
	out = append(out, `,"data":"`...)
	out = base64.StdEncoding.AppendEncode(out, c.Data)
	return append(out, `"}`...)
}
