package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TamperAuditEntry changes one field of a stored audit entry behind the log's back, as
// someone with access to the database could; only tests can.
func TamperAuditEntry(ctx context.Context, d *DB, seq int64, field string, value any) error {
	_, err := d.c(colAudit).UpdateOne(ctx, bson.D{{Key: "seq", Value: seq}}, bson.D{{Key: "$set", Value: bson.D{{Key: field, Value: value}}}})
	return err
}

// DeleteAuditEntry removes one stored audit entry, as someone with access to the
// database could; only tests can.
func DeleteAuditEntry(ctx context.Context, d *DB, seq int64) error {
	_, err := d.c(colAudit).DeleteOne(ctx, bson.D{{Key: "seq", Value: seq}})
	return err
}
