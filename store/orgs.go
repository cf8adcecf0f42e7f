package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/org"
)

var _ org.Store = (*DB)(nil)

// colOrganisations needs no index beyond _id: the org service loads it whole at start.
const colOrganisations = "organisations"

// orgDoc is how an organisation is stored; field names are fixed here, not by Go names.
type orgDoc struct {
	ID           string     `bson:"_id"`
	Profile      profileDoc `bson:"profile"`
	Status       string     `bson:"status"`
	StatusReason string     `bson:"status_reason,omitempty"`
	Host         *hostDoc   `bson:"host,omitempty"`
	Created      time.Time  `bson:"created"`
	Updated      time.Time  `bson:"updated"`
}

// hostDoc is who hosts an organisation. Before hosting relationships, an outside host was
// profile.host_name alone: such a document reads as an outside host, and is written back
// in this form the next time the organisation changes.
type hostDoc struct {
	Kind   string    `bson:"kind"`
	Org    string    `bson:"org,omitempty"`
	Name   string    `bson:"name,omitempty"`
	Link   string    `bson:"link,omitempty"`
	State  string    `bson:"state,omitempty"`
	Reason string    `bson:"reason,omitempty"`
	Since  time.Time `bson:"since"`
}

type profileDoc struct {
	Name        string     `bson:"name"`
	Country     string     `bson:"country"`
	Region      string     `bson:"region,omitempty"`
	Languages   []string   `bson:"languages"`
	Stage       string     `bson:"stage"`
	Legal       string     `bson:"legal"`
	HostName    string     `bson:"host_name,omitempty"`
	Populations []string   `bson:"populations"`
	Offers      []gradeDoc `bson:"offers"`
	Needs       []gradeDoc `bson:"needs"`
	Formats     []string   `bson:"formats"`
	Capacity    int        `bson:"capacity"`
	Available   bool       `bson:"available"`
	About       string     `bson:"about,omitempty"`
}

// gradeDoc is an offer (grade = level) or a need (grade = priority).
type gradeDoc struct {
	Topic string `bson:"topic"`
	Grade int    `bson:"grade"`
}

func toOrgDoc(o org.Organisation) orgDoc {
	p := o.Profile
	d := orgDoc{
		ID: o.ID, Status: string(o.Status), StatusReason: o.StatusReason,
		Created: o.Created.UTC(), Updated: o.Updated.UTC(),
		Profile: profileDoc{
			Name: p.Name, Country: p.Country, Region: p.Region, Languages: nonNil(p.Languages),
			Stage: string(p.Stage), Legal: string(p.Legal),
			Populations: strs(p.Populations), Formats: strs(p.Formats),
			Offers: []gradeDoc{}, Needs: []gradeDoc{},
			Capacity: p.Capacity, Available: p.Available, About: p.About,
		},
	}
	if h := o.Host; h != nil {
		d.Host = &hostDoc{Kind: string(h.Kind), Org: h.Org, Name: h.Name, Link: h.Link, State: string(h.State), Reason: h.Reason, Since: h.Since.UTC()}
	}
	for _, x := range p.Offers {
		d.Profile.Offers = append(d.Profile.Offers, gradeDoc{string(x.Topic), x.Level})
	}
	for _, x := range p.Needs {
		d.Profile.Needs = append(d.Profile.Needs, gradeDoc{string(x.Topic), x.Priority})
	}
	return d
}

func (d orgDoc) organisation() org.Organisation {
	p := d.Profile
	o := org.Organisation{
		ID: d.ID, Status: org.Status(d.Status), StatusReason: d.StatusReason,
		Created: d.Created.UTC(), Updated: d.Updated.UTC(),
		Profile: org.Profile{
			Name: p.Name, Country: p.Country, Region: p.Region, Languages: nonNil(p.Languages),
			Stage: org.Stage(p.Stage), Legal: org.Legal(p.Legal),
			Populations: typed[org.Population](p.Populations), Formats: typed[org.Format](p.Formats),
			Offers: []org.Offer{}, Needs: []org.Need{},
			Capacity: p.Capacity, Available: p.Available, About: p.About,
		},
	}
	switch h := d.Host; {
	case h != nil:
		o.Host = &org.Host{Kind: org.HostKind(h.Kind), Org: h.Org, Name: h.Name, Link: h.Link, State: org.HostState(h.State), Reason: h.Reason, Since: h.Since.UTC()}
	case p.HostName != "":
		o.Host = &org.Host{Kind: org.HostOutside, Name: p.HostName, Since: d.Updated.UTC()}
	}
	for _, x := range p.Offers {
		o.Profile.Offers = append(o.Profile.Offers, org.Offer{Topic: org.Topic(x.Topic), Level: x.Grade})
	}
	for _, x := range p.Needs {
		o.Profile.Needs = append(o.Profile.Needs, org.Need{Topic: org.Topic(x.Topic), Priority: x.Grade})
	}
	return o
}

func strs[T ~string](in []T) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, string(v))
	}
	return out
}

func typed[T ~string](in []string) []T {
	out := make([]T, 0, len(in))
	for _, v := range in {
		out = append(out, T(v))
	}
	return out
}

// nonNil stores an empty list as [] rather than null, and reads it back the same way.
func nonNil(in []string) []string { return append([]string{}, in...) }

// InsertOrganisation stores a new organisation; org.ErrConflict if its id exists.
func (d *DB) InsertOrganisation(ctx context.Context, o org.Organisation) error {
	_, err := d.c(colOrganisations).InsertOne(ctx, toOrgDoc(o))
	if isDuplicate(err) {
		return fmt.Errorf("store: insert organisation: %w", org.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: insert organisation: %w", err)
	}
	return nil
}

// UpdateOrganisation replaces a stored organisation; org.ErrNotFound if there is none.
// The org service serialises writes per organisation: replacements are not atomic on FerretDB.
func (d *DB) UpdateOrganisation(ctx context.Context, o org.Organisation) error {
	res, err := d.c(colOrganisations).ReplaceOne(ctx, bson.D{{Key: "_id", Value: o.ID}}, toOrgDoc(o))
	if err != nil {
		return fmt.Errorf("store: update organisation: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: update organisation: %w", org.ErrNotFound)
	}
	return nil
}

// Organisation returns organisation id; org.ErrNotFound if there is none.
func (d *DB) Organisation(ctx context.Context, id string) (org.Organisation, error) {
	var doc orgDoc
	err := d.c(colOrganisations).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if isNotFound(err) {
		return org.Organisation{}, fmt.Errorf("store: organisation %s: %w", id, org.ErrNotFound)
	}
	if err != nil {
		return org.Organisation{}, fmt.Errorf("store: organisation: %w", err)
	}
	return doc.organisation(), nil
}

// Organisations returns every organisation; the org service keeps them in memory.
func (d *DB) Organisations(ctx context.Context) ([]org.Organisation, error) {
	cur, err := d.c(colOrganisations).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	var docs []orgDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	out := make([]org.Organisation, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.organisation())
	}
	return out, nil
}

// DeleteOrganisation removes an organisation and its invites; one already gone is not an
// error. The invites go first, so an interruption leaves the organisation to find again.
func (d *DB) DeleteOrganisation(ctx context.Context, id string) error {
	if _, err := d.c(colInvites).DeleteMany(ctx, bson.D{{Key: "org_id", Value: id}}); err != nil {
		return fmt.Errorf("store: delete organisation: %w", err)
	}
	if _, err := d.c(colOrganisations).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("store: delete organisation: %w", err)
	}
	return nil
}
