package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// A file's bytes are chunk documents of chunkSize bytes, each found by its `_id`
// (the file id and the chunk's number): on the embedded store a lookup by `_id` is the
// one query SQLite answers from an index (direct.go), where any other filter, such as
// GridFS's (files_id, n), reads every chunk of every file. A small document in
// library_files, written before the chunks, lists each file, so that the start-up
// sweep finds the bytes an interrupted upload left without reading any chunk.
const (
	colLibraryFiles  = "library_files"
	colLibraryChunks = "library_chunks"
	chunkSize        = 255 << 10
	chunksPerInsert  = 16 // about 4 MB per InsertMany
)

type fileDoc struct {
	ID      string    `bson:"_id"`
	Size    int64     `bson:"size"`
	Created time.Time `bson:"created"`
}

type chunkDoc struct {
	ID   string `bson:"_id"`
	Data []byte `bson:"data"`
}

func chunkID(fileID string, n int) string { return fmt.Sprintf("%s.%06d", fileID, n) }

func chunkCount(size int64) int { return int((size + chunkSize - 1) / chunkSize) }

// PutFile stores data as file fileID: its listing first, then its chunks (on the
// embedded store straight into its file, in one transaction: directfiles.go).
func (d *DB) PutFile(ctx context.Context, fileID string, data []byte) error {
	if _, err := d.c(colLibraryFiles).InsertOne(ctx, fileDoc{ID: fileID, Size: int64(len(data)), Created: time.Now().UTC()}); err != nil {
		return fmt.Errorf("store: put file: %w", err)
	}
	n := chunkCount(int64(len(data)))
	if d.direct != nil {
		chunks := make([]chunkDoc, 0, n)
		for i := range n {
			chunks = append(chunks, chunkDoc{ID: chunkID(fileID, i), Data: data[i*chunkSize : min(len(data), (i+1)*chunkSize)]})
		}
		if err := d.direct.insertChunks(ctx, chunks); err != nil {
			return fmt.Errorf("store: put file: %w", err)
		}
		return nil
	}
	for first := 0; first < n; first += chunksPerInsert {
		batch := make([]any, 0, chunksPerInsert)
		for i := first; i < min(n, first+chunksPerInsert); i++ {
			batch = append(batch, chunkDoc{ID: chunkID(fileID, i), Data: data[i*chunkSize : min(len(data), (i+1)*chunkSize)]})
		}
		if _, err := d.c(colLibraryChunks).InsertMany(ctx, batch); err != nil {
			return fmt.Errorf("store: put file: %w", err)
		}
	}
	return nil
}

// ReadFile returns the size bytes of file fileID; on the embedded store it reads the
// chunks from its file (directfiles.go).
func (d *DB) ReadFile(ctx context.Context, fileID string, size int64) ([]byte, error) {
	out := make([]byte, 0, size)
	for i := range chunkCount(size) {
		if d.direct != nil {
			var err error
			if out, err = d.direct.readChunk(ctx, out, chunkID(fileID, i)); err != nil {
				return nil, fmt.Errorf("store: read file chunk %d: %w", i, err)
			}
			continue
		}
		var c chunkDoc
		if err := d.c(colLibraryChunks).FindOne(ctx, bson.D{{Key: "_id", Value: chunkID(fileID, i)}}).Decode(&c); err != nil {
			return nil, fmt.Errorf("store: read file chunk %d: %w", i, err)
		}
		out = append(out, c.Data...)
	}
	if int64(len(out)) != size {
		return nil, fmt.Errorf("store: read file: %d bytes, want %d", len(out), size)
	}
	return out, nil
}

// DeleteFile deletes file fileID's chunks, then its listing. A file that is not there is no error.
func (d *DB) DeleteFile(ctx context.Context, fileID string) error {
	var f fileDoc
	err := d.c(colLibraryFiles).FindOne(ctx, bson.D{{Key: "_id", Value: fileID}}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: delete file: %w", err)
	}
	// One chunk more than the listing says: nothing is written past it, but a delete of
	// a missing chunk costs one lookup.
	for i := range chunkCount(f.Size) + 1 {
		if _, err := d.c(colLibraryChunks).DeleteOne(ctx, bson.D{{Key: "_id", Value: chunkID(fileID, i)}}); err != nil {
			return fmt.Errorf("store: delete file chunk %d: %w", i, err)
		}
	}
	if _, err := d.c(colLibraryFiles).DeleteOne(ctx, bson.D{{Key: "_id", Value: fileID}}); err != nil {
		return fmt.Errorf("store: delete file: %w", err)
	}
	return nil
}

// SweepFiles deletes every file keep does not name.
func (d *DB) SweepFiles(ctx context.Context, keep func(fileID string) bool) (int, error) {
	cur, err := d.c(colLibraryFiles).Find(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("store: sweep files: %w", err)
	}
	var files []fileDoc
	if err := cur.All(ctx, &files); err != nil {
		return 0, fmt.Errorf("store: sweep files: %w", err)
	}
	n := 0
	for _, f := range files {
		if keep(f.ID) {
			continue
		}
		if err := d.DeleteFile(ctx, f.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
