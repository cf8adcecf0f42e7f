package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

// TestSkeletonBackfill: accounts stored before pseudonyms had skeletons get theirs when
// the store opens, two old look-alikes both stay reachable, and from then on a new
// look-alike of either is refused.
func TestSkeletonBackfill(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	uri, name := storetest.URI(t), storetest.DBName()
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = client.Disconnect(context.Background()) }()
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var legacy []any
	for i, p := range []string{"Olga", "0lga", "Ana Maria"} { // the first two look alike
		legacy = append(legacy, bson.D{
			{Key: "_id", Value: "u" + string(rune('1'+i))}, {Key: "pseudonym", Value: p},
			{Key: "key", Value: account.PseudonymKey(p)}, {Key: "password_hash", Value: "h"},
			{Key: "created", Value: created.Add(time.Duration(i) * time.Minute)}, {Key: "disabled", Value: false},
		})
	}
	if _, err := client.Database(name).Collection("users").InsertMany(ctx, legacy); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, uri, name)
	if err != nil {
		t.Fatalf("Open over accounts without skeletons: %v", err)
	}
	t.Cleanup(func() {
		_ = db.Drop(context.Background())
		_ = db.Close(context.Background())
	})
	for _, p := range []string{"Olga", "0lga", "Ana Maria"} {
		if _, err := db.UserByKey(ctx, account.PseudonymKey(p)); err != nil {
			t.Errorf("UserByKey(%q) after the backfill: %v", p, err)
		}
	}
	var older, younger struct {
		Skeleton string `bson:"skeleton"`
	}
	users := client.Database(name).Collection("users")
	if err := users.FindOne(ctx, bson.D{{Key: "_id", Value: "u1"}}).Decode(&older); err != nil {
		t.Fatal(err)
	}
	if err := users.FindOne(ctx, bson.D{{Key: "_id", Value: "u2"}}).Decode(&younger); err != nil {
		t.Fatal(err)
	}
	if want := account.PseudonymSkeleton("Olga"); older.Skeleton != want || younger.Skeleton == want || younger.Skeleton == "" {
		t.Errorf("skeletons of the older and younger look-alike: got %q and %q, want %q and another", older.Skeleton, younger.Skeleton, want)
	}
	for _, p := range []string{"O1ga", "Аna Maria"} { // 1 for l; a Cyrillic А
		u := account.UserRecord{ID: "new " + p, Pseudonym: p, Key: account.PseudonymKey(p), Skeleton: account.PseudonymSkeleton(p), PasswordHash: "h", Created: created}
		if err := db.InsertUser(ctx, u); !errors.Is(err, account.ErrPseudonymTaken) {
			t.Errorf("InsertUser(%q) after the backfill: got %v, want ErrPseudonymTaken", p, err)
		}
	}
	// Opening again finds nothing to do.
	again, err := store.Open(ctx, uri, name)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	_ = again.Close(ctx)
}
