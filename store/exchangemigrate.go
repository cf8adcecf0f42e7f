package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/exchange"
)

// Until bodySchema, the exchange collections stored their domain values with the bson
// codec's default names: Go field names lower-cased ("requestid", "reasontext", a request's
// input as a "requestinput" sub-document). migrateExchangeNames rewrites every such
// document once, at open, under the bson tags' snake_case names, so a data folder from
// before keeps working. It must run before any instance of the new version writes, and
// while no instance of the old one does.

// bodyTypes are the domain types of the exchange collections' bodies.
var bodyTypes = map[string]reflect.Type{
	colRequests:      reflect.TypeFor[exchange.Request](),
	colExchanges:     reflect.TypeFor[exchange.Exchange](),
	colRounds:        reflect.TypeFor[exchange.Round](),
	colNotifications: reflect.TypeFor[exchange.Notification](),
}

// codeNotRecorded is the code of a point stored before points had codes: its English
// sentence cannot be turned back into one.
const codeNotRecorded = "not_recorded"

func (d *DB) migrateExchangeNames(ctx context.Context) error {
	for _, col := range []string{colRequests, colExchanges, colRounds, colNotifications} {
		if d.direct != nil {
			old, err := d.direct.lacks(ctx, col, "schema")
			if err != nil {
				return fmt.Errorf("store: migrate %s: %w", col, err)
			}
			if !old {
				continue
			}
		}
		if err := d.migrateCollection(ctx, col); err != nil {
			return fmt.Errorf("store: migrate %s: %w", col, err)
		}
	}
	return nil
}

func (d *DB) migrateCollection(ctx context.Context, col string) error {
	cur, err := d.c(col).Find(ctx, bson.D{{Key: "schema", Value: bson.D{{Key: "$exists", Value: false}}}})
	if err != nil {
		return err
	}
	var docs []bson.Raw
	if err := cur.All(ctx, &docs); err != nil {
		return err
	}
	for _, raw := range docs {
		id, _ := raw.Lookup("_id").StringValueOK()
		renamed, err := renameOld(raw.Lookup("body"), bodyTypes[col])
		if err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		b, err := bson.Marshal(bson.D{{Key: "body", Value: renamed}})
		if err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		switch col {
		case colRequests:
			var v struct{ Body exchange.Request }
			if err = bson.Unmarshal(b, &v); err == nil {
				err = d.SaveRequest(ctx, v.Body)
			}
		case colExchanges:
			var v struct{ Body exchange.Exchange }
			if err = bson.Unmarshal(b, &v); err == nil {
				v.Body.Points = recordedPoints(v.Body.Points)
				err = d.SaveExchange(ctx, v.Body)
			}
		case colRounds:
			var v struct{ Body exchange.Round }
			if err = bson.Unmarshal(b, &v); err == nil {
				for i := range v.Body.Proposals {
					v.Body.Proposals[i].Points = recordedPoints(v.Body.Proposals[i].Points)
				}
				err = d.SaveRound(ctx, v.Body)
			}
		case colNotifications:
			var v struct{ Body exchange.Notification }
			if err = bson.Unmarshal(b, &v); err == nil {
				v.Body.UserID, _ = raw.Lookup("user_id").StringValueOK()
				err = d.SaveNotification(ctx, v.Body)
			}
		}
		if err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
	}
	return nil
}

// recordedPoints gives points stored before codes the code codeNotRecorded.
func recordedPoints(ps []exchange.Point) []exchange.Point {
	for i := range ps {
		if ps[i].Code == "" {
			ps[i].Code, ps[i].Params = codeNotRecorded, map[string]any{}
		}
	}
	return ps
}

// renameOld returns v, a value of Go type t as the default codec stored it, with every
// field under its bson tag's name instead (inline fields flattened into their parent).
// Keys that match no field (a point's old "detail") are dropped.
func renameOld(v bson.RawValue, t reflect.Type) (any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case v.Type == bson.TypeNull:
		return nil, nil
	case t.Kind() == reflect.Struct && t != reflect.TypeFor[time.Time]():
		doc, ok := v.DocumentOK()
		if !ok {
			return nil, fmt.Errorf("%s is a %s, not a document", t, v.Type)
		}
		var out bson.D
		if err := renameFields(doc, t, &out); err != nil {
			return nil, err
		}
		return out, nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		arr, ok := v.ArrayOK()
		if !ok {
			return nil, fmt.Errorf("%s is a %s, not an array", t, v.Type)
		}
		vals, err := arr.Values()
		if err != nil {
			return nil, err
		}
		out := bson.A{}
		for _, e := range vals {
			r, err := renameOld(e, t.Elem())
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	}
	return v, nil
}

// renameFields appends doc's fields, renamed for struct type t, to out.
func renameFields(doc bson.Raw, t reflect.Type, out *bson.D) error {
	elems, err := doc.Elements()
	if err != nil {
		return err
	}
	for _, e := range elems {
		f, ok := t.FieldByNameFunc(func(name string) bool { return strings.ToLower(name) == e.Key() })
		if !ok {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("bson"), ",")
		switch {
		case name == "-":
			continue
		case opts == "inline":
			inner, ok := e.Value().DocumentOK()
			if !ok {
				return fmt.Errorf("inline %s is not a document", f.Name)
			}
			if err := renameFields(inner, f.Type, out); err != nil {
				return err
			}
			continue
		case name == "":
			name = strings.ToLower(f.Name)
		}
		r, err := renameOld(e.Value(), f.Type)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		*out = append(*out, bson.E{Key: name, Value: r})
	}
	return nil
}
