package store_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// An organisation stored before hosting relationships, with its outside host as
// profile.host_name, reads as an outside host of that name; written back, it is stored
// in the new form and reads the same.
func TestOldHostNameReadsAsOutsideHost(t *testing.T) {
	ctx := t.Context()
	db := storetest.NewDB(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	p := orgtest.Profile("Sisters Rising")
	old := bson.D{{Key: "_id", Value: "o1"}, {Key: "status", Value: "approved"}, {Key: "created", Value: now}, {Key: "updated", Value: now},
		{Key: "profile", Value: bson.D{{Key: "name", Value: p.Name}, {Key: "country", Value: p.Country}, {Key: "languages", Value: bson.A{"pt"}},
			{Key: "stage", Value: "emerging"}, {Key: "legal", Value: "hosted"}, {Key: "host_name", Value: "Friendly NGO"},
			{Key: "populations", Value: bson.A{}}, {Key: "offers", Value: bson.A{}}, {Key: "needs", Value: bson.A{}}, {Key: "formats", Value: bson.A{"online_mentoring"}},
			{Key: "capacity", Value: 0}, {Key: "available", Value: false}}}}
	if _, err := client.Database(db.Name()).Collection("organisations").InsertOne(ctx, old); err != nil {
		t.Fatal(err)
	}
	o, err := db.Organisation(ctx, "o1")
	if err != nil {
		t.Fatal(err)
	}
	want := org.Host{Kind: org.HostOutside, Name: "Friendly NGO", Since: now}
	if o.Host == nil || *o.Host != want || o.Profile.HostName != "" {
		t.Fatalf("got host %+v, profile host_name %q; want %+v and none", o.Host, o.Profile.HostName, want)
	}
	if err := db.UpdateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Profile bson.M `bson:"profile"`
	}
	if err := client.Database(db.Name()).Collection("organisations").FindOne(ctx, bson.M{"_id": "o1"}).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw.Profile["host_name"]; ok {
		t.Errorf("rewritten document still has profile.host_name: %v", raw.Profile)
	}
	again, err := db.Organisation(ctx, "o1")
	if err != nil {
		t.Fatal(err)
	}
	if again.Host == nil || *again.Host != want {
		t.Errorf("after rewrite: got host %+v, want %+v", again.Host, want)
	}
}
