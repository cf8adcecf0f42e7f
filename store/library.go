package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/library"
)

var _ library.Store = (*DB)(nil)

// colLibrary holds the library's resources (metadata only), loaded whole at start;
// their files' bytes are in library_files and library_chunks (libraryfiles.go).
const colLibrary = "library"

type resourceDoc struct {
	ID         string              `bson:"_id"`
	Kind       string              `bson:"kind"`
	Title      string              `bson:"title"`
	Summary    string              `bson:"summary"`
	Topics     []string            `bson:"topics"`
	Language   string              `bson:"language"`
	Audience   []string            `bson:"audience"`
	Licence    string              `bson:"licence"`
	Visibility string              `bson:"visibility"`
	Org        string              `bson:"org"`
	Source     string              `bson:"source,omitempty"`
	Adaptation *library.Adaptation `bson:"adaptation,omitempty"`
	File       *fileRefDoc         `bson:"file,omitempty"`
	Body       string              `bson:"body,omitempty"`
	Exchanges  []string            `bson:"exchanges"`
	Created    time.Time           `bson:"created"`
}

type fileRefDoc struct {
	ID          string `bson:"id"`
	Name        string `bson:"name"`
	Size        int64  `bson:"size"`
	ContentType string `bson:"content_type"`
}

func toResourceDoc(r library.Resource) resourceDoc {
	d := resourceDoc{
		ID: r.ID, Kind: string(r.Kind), Title: r.Title, Summary: r.Summary, Topics: nonNil(r.Topics),
		Language: r.Language, Audience: nonNil(r.Audience), Licence: r.Licence, Visibility: string(r.Visibility),
		Org: r.Org, Source: r.Source, Adaptation: r.Adaptation, Body: r.Body, Exchanges: nonNil(r.Exchanges),
		Created: r.Created.UTC(),
	}
	if f := r.File; f != nil {
		d.File = &fileRefDoc{ID: f.ID, Name: f.Name, Size: f.Size, ContentType: f.ContentType}
	}
	return d
}

func (d resourceDoc) resource() library.Resource {
	r := library.Resource{
		ID: d.ID, Kind: library.Kind(d.Kind), Title: d.Title, Summary: d.Summary, Topics: nonNil(d.Topics),
		Language: d.Language, Audience: nonNil(d.Audience), Licence: d.Licence, Visibility: library.Visibility(d.Visibility),
		Org: d.Org, Source: d.Source, Adaptation: d.Adaptation, Body: d.Body, Exchanges: nonNil(d.Exchanges),
		Created: d.Created.UTC(),
	}
	if f := d.File; f != nil {
		r.File = &library.File{ID: f.ID, Name: f.Name, Size: f.Size, ContentType: f.ContentType}
	}
	return r
}

// Resources returns every resource's metadata.
func (d *DB) Resources(ctx context.Context) ([]library.Resource, error) {
	cur, err := d.c(colLibrary).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: resources: %w", err)
	}
	var docs []resourceDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: resources: %w", err)
	}
	out := make([]library.Resource, 0, len(docs))
	for _, doc := range docs {
		out = append(out, doc.resource())
	}
	return out, nil
}

// Resource returns one resource's metadata; library.ErrNotFound if there is none.
func (d *DB) Resource(ctx context.Context, id string) (library.Resource, error) {
	var doc resourceDoc
	err := d.c(colLibrary).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if isNotFound(err) {
		return library.Resource{}, fmt.Errorf("store: resource %s: %w", id, library.ErrNotFound)
	}
	if err != nil {
		return library.Resource{}, fmt.Errorf("store: resource: %w", err)
	}
	return doc.resource(), nil
}

// InsertResource stores a new resource's metadata.
func (d *DB) InsertResource(ctx context.Context, r library.Resource) error {
	if _, err := d.c(colLibrary).InsertOne(ctx, toResourceDoc(r)); err != nil {
		return fmt.Errorf("store: insert resource: %w", err)
	}
	return nil
}

// SaveResource replaces a resource's metadata.
func (d *DB) SaveResource(ctx context.Context, r library.Resource) error {
	_, err := d.c(colLibrary).ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.ID}}, toResourceDoc(r), options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: save resource: %w", err)
	}
	return nil
}

// DeleteResource deletes a resource's metadata (its file's bytes are DeleteFile's).
func (d *DB) DeleteResource(ctx context.Context, id string) error {
	if _, err := d.c(colLibrary).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("store: delete resource: %w", err)
	}
	return nil
}
