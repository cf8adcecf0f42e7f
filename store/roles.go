package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const roleAssignments = "role_assignments"

// Bounds on the adapter's calls: casbin's adapter interface takes no context.
const (
	roleWriteTimeout = 10 * time.Second
	roleLoadTimeout  = 2 * time.Minute // 100,000 grants take a few seconds on FerretDB
)

// ErrNotRoleAssignment is returned for a casbin line that is not a role assignment
// (g or g2): the policy (p) lines ship in the binary and are never stored.
var ErrNotRoleAssignment = errors.New("store: only role assignments (g, g2) are stored")

func roleIndexes() []index {
	return []index{
		// Identity: a grant is stored once, so a duplicate grant is a no-op even when
		// two instances race, and RemoveUser (by ptype, v0) uses its prefix.
		{roleAssignments, bson.D{{Key: "ptype", Value: 1}, {Key: "v0", Value: 1}, {Key: "v1", Value: 1}, {Key: "v2", Value: 1}}, true},
		// RemoveDomain deletes by (ptype, v2).
		{roleAssignments, bson.D{{Key: "ptype", Value: 1}, {Key: "v2", Value: 1}}, false},
	}
}

// roleDoc is one role assignment: g lines are (user, role, domain), g2 lines
// (user, role) with V2 empty, so that the unique index sees every field.
type roleDoc struct {
	PType string `bson:"ptype"`
	V0    string `bson:"v0"`
	V1    string `bson:"v1"`
	V2    string `bson:"v2"`
}

// RoleAdapter is a casbin persist.BatchAdapter that keeps role assignments (g and g2
// lines) in the role_assignments collection. It is safe for concurrent use.
type RoleAdapter struct {
	c      *mongo.Collection
	direct *direct // the embedded store's file, read by LoadPolicy; nil on MongoDB
}

var _ persist.BatchAdapter = (*RoleAdapter)(nil)

// RoleAdapter returns the adapter over this database's role assignments.
func (d *DB) RoleAdapter() *RoleAdapter {
	return &RoleAdapter{c: d.c(roleAssignments), direct: d.direct}
}

// toDoc checks that rule is a role assignment and returns its document.
func toDoc(sec, ptype string, rule []string) (roleDoc, error) {
	switch {
	case sec == "g" && ptype == "g" && len(rule) == 3:
		return roleDoc{PType: ptype, V0: rule[0], V1: rule[1], V2: rule[2]}, nil
	case sec == "g" && ptype == "g2" && len(rule) == 2:
		return roleDoc{PType: ptype, V0: rule[0], V1: rule[1]}, nil
	}
	return roleDoc{}, fmt.Errorf("%w: %s %s %q", ErrNotRoleAssignment, sec, ptype, rule)
}

func (r roleDoc) filter() bson.D {
	return bson.D{{Key: "ptype", Value: r.PType}, {Key: "v0", Value: r.V0}, {Key: "v1", Value: r.V1}, {Key: "v2", Value: r.V2}}
}

// LoadPolicy adds every stored role assignment to m. A stored line that is not a role
// assignment fails the load with ErrNotRoleAssignment.
//
// On the embedded store it reads the SQLite file directly (direct.roleRows): through
// FerretDB, 100,000 assignments took 4–13 s, most of it FerretDB decoding each row's
// JSON into its documents and the driver decoding the BSON it sends back. On MongoDB it
// makes one query and no filter: the collection holds nothing else.
func (a *RoleAdapter) LoadPolicy(m model.Model) error {
	ctx, cancel := context.WithTimeout(context.Background(), roleLoadTimeout)
	defer cancel()
	add := func(ptype, v0, v1, v2 string) error {
		rule := []string{v0, v1, v2}
		if ptype == "g2" {
			rule = rule[:2]
		}
		if _, err := toDoc("g", ptype, rule); err != nil {
			return err
		}
		return persist.LoadPolicyArray(append([]string{ptype}, rule...), m)
	}
	if a.direct != nil {
		if err := a.direct.roleRows(ctx, add); err != nil {
			return fmt.Errorf("store: load roles: %w", err)
		}
		return nil
	}
	cur, err := a.c.Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("store: load roles: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		// Field lookups instead of Decode: no reflection per document on 100k rows.
		doc := cur.Current
		ptype, _ := doc.Lookup("ptype").StringValueOK()
		v0, _ := doc.Lookup("v0").StringValueOK()
		v1, _ := doc.Lookup("v1").StringValueOK()
		v2, _ := doc.Lookup("v2").StringValueOK()
		if err := add(ptype, v0, v1, v2); err != nil {
			return fmt.Errorf("store: load roles: %w", err)
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("store: load roles: %w", err)
	}
	return nil
}

// SavePolicy replaces the stored role assignments with m's. Policy lines are not
// written. Without transactions a crash in between can lose assignments, so
// Cascade never calls it; it exists to complete the adapter.
func (a *RoleAdapter) SavePolicy(m model.Model) error {
	var docs []any
	for ptype, ast := range m["g"] {
		for _, rule := range ast.Policy {
			d, err := toDoc("g", ptype, rule)
			if err != nil {
				return err
			}
			docs = append(docs, d)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), roleLoadTimeout)
	defer cancel()
	if _, err := a.c.DeleteMany(ctx, bson.D{}); err != nil {
		return fmt.Errorf("store: save roles: %w", err)
	}
	return a.insert(ctx, "save roles", docs)
}

// AddPolicy stores one role assignment; storing one that exists is a no-op.
// It returns ErrNotRoleAssignment for any other line.
func (a *RoleAdapter) AddPolicy(sec, ptype string, rule []string) error {
	d, err := toDoc(sec, ptype, rule)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), roleWriteTimeout)
	defer cancel()
	if _, err := a.c.InsertOne(ctx, d); err != nil && !isDuplicate(err) {
		return fmt.Errorf("store: add role: %w", err)
	}
	return nil
}

// AddPolicies stores role assignments in one unordered batch; those that exist are
// skipped. It returns ErrNotRoleAssignment, storing nothing, if any line is not one.
func (a *RoleAdapter) AddPolicies(sec, ptype string, rules [][]string) error {
	docs := make([]any, 0, len(rules))
	for _, rule := range rules {
		d, err := toDoc(sec, ptype, rule)
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), roleWriteTimeout)
	defer cancel()
	return a.insert(ctx, "add roles", docs)
}

// insert stores docs unordered, treating duplicate keys as already stored.
func (a *RoleAdapter) insert(ctx context.Context, op string, docs []any) error {
	if len(docs) == 0 {
		return nil
	}
	_, err := a.c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && bwe.WriteConcernError == nil && len(bwe.WriteErrors) > 0 {
		onlyDuplicates := true
		for _, we := range bwe.WriteErrors {
			if we.Code != 11000 { // duplicate key
				onlyDuplicates = false
				break
			}
		}
		if onlyDuplicates {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return nil
}

// RemovePolicy deletes one role assignment; deleting one that is not stored is a no-op.
func (a *RoleAdapter) RemovePolicy(sec, ptype string, rule []string) error {
	d, err := toDoc(sec, ptype, rule)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), roleWriteTimeout)
	defer cancel()
	if _, err := a.c.DeleteOne(ctx, d.filter()); err != nil {
		return fmt.Errorf("store: remove role: %w", err)
	}
	return nil
}

// RemovePolicies deletes role assignments in one request.
func (a *RoleAdapter) RemovePolicies(sec, ptype string, rules [][]string) error {
	if len(rules) == 0 {
		return nil
	}
	or := make(bson.A, 0, len(rules))
	for _, rule := range rules {
		d, err := toDoc(sec, ptype, rule)
		if err != nil {
			return err
		}
		or = append(or, d.filter())
	}
	ctx, cancel := context.WithTimeout(context.Background(), roleWriteTimeout)
	defer cancel()
	if _, err := a.c.DeleteMany(ctx, bson.D{{Key: "$or", Value: or}}); err != nil {
		return fmt.Errorf("store: remove roles: %w", err)
	}
	return nil
}

// RemoveFilteredPolicy deletes the role assignments of ptype whose fields, from
// fieldIndex on, equal fieldValues; as in casbin, an empty value matches any. A
// filter with no non-empty value would delete every assignment of the type and is
// refused with ErrNotRoleAssignment, as is a field beyond the line's length.
func (a *RoleAdapter) RemoveFilteredPolicy(sec, ptype string, fieldIndex int, fieldValues ...string) error {
	width := map[string]int{"g": 3, "g2": 2}[ptype]
	if sec != "g" || width == 0 || fieldIndex < 0 || fieldIndex+len(fieldValues) > width {
		return fmt.Errorf("%w: filter %s %s from field %d on %q", ErrNotRoleAssignment, sec, ptype, fieldIndex, fieldValues)
	}
	filter := bson.D{{Key: "ptype", Value: ptype}}
	for i, v := range fieldValues {
		if v != "" {
			filter = append(filter, bson.E{Key: "v" + strconv.Itoa(fieldIndex+i), Value: v})
		}
	}
	if len(filter) == 1 {
		return fmt.Errorf("%w: filter %s %s matches every assignment", ErrNotRoleAssignment, sec, ptype)
	}
	ctx, cancel := context.WithTimeout(context.Background(), roleWriteTimeout)
	defer cancel()
	if _, err := a.c.DeleteMany(ctx, filter); err != nil {
		return fmt.Errorf("store: remove roles: %w", err)
	}
	return nil
}
