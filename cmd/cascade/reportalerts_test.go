package main

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/internal/apitest"
	"github.com/cascade-platform/cascade/store/storetest"
)

// reportAlerts returns the client's report alerts as "kind report", oldest first, and
// fails the test if one carries more than the report's id.
func reportAlerts(t *testing.T, c *apitest.Client, canaries ...string) []string {
	t.Helper()
	r := c.Do(http.MethodGet, "/api/v1/me/notifications", nil).Want(200)
	for _, canary := range canaries {
		if bytes.Contains(r.Body, []byte(canary)) {
			t.Errorf("the notifications hold %q", canary)
		}
	}
	var out struct {
		Notifications []map[string]any `json:"notifications"`
	}
	r.JSON(&out)
	var got []string
	for _, n := range slices.Backward(out.Notifications) {
		kind, _ := n["kind"].(string)
		if kind != "report_filed" && kind != "report_waiting" {
			continue
		}
		for k, v := range n {
			if !slices.Contains([]string{"id", "kind", "org_id", "report_id", "created", "read"}, k) || k == "org_id" && v != "" {
				t.Errorf("a report alert carries %s=%v: %v", k, v, n)
			}
		}
		id, _ := n["report_id"].(string)
		got = append(got, kind+" "+id)
	}
	return got
}

// at returns a view of c, sharing its cookies, that talks to in.
func at(c *apitest.Client, in *instance) *apitest.Client {
	d := *c
	d.BaseURL, d.Origin = in.URL, in.URL
	return &d
}

// TestReportAlertsThroughHTTP: every admin and platform moderator is alerted once of each
// report filed, and once of a report open for more than 24 h — by an instance started
// afterwards, and not again by the next; a report resolved in time alerts no one after it
// is filed. Leads, the reporter, the room's owner and a room moderator get no report
// alert; an alert carries the report's id, not the message or the reporter.
func TestReportAlertsThroughHTTP(t *testing.T) {
	dbName := storetest.DBName()
	args := []string{"-mongodb-uri", storetest.URI(t), "-db", dbName}
	one := startServer(t, t.TempDir(), args...)
	anon := apitest.New(t, one.URL, one.URL)
	admin := anon.Clone()
	admin.Do(http.MethodPost, "/api/v1/setup", map[string]string{"token": one.setupToken(t), "pseudonym": "Kestrel", "password": testPassword}).Want(201)
	owner, orgA := apply(t, anon, "Esperança", emergingProfile("Coletivo Kianda"))
	reporter, orgB := apply(t, anon, "Lerato", establishedProfile("Ikhaya Peer Collective"))
	roomMod, orgC := apply(t, anon, "Tomás", emergingProfile("Coletivo Três"))
	for _, id := range []string{orgA, orgB, orgC} {
		admin.Do(http.MethodPost, "/api/v1/admin/organisations/"+id+"/approve", nil).Want(200)
	}
	var space idOf
	owner.Do(http.MethodPost, "/api/v1/rooms", map[string]string{"title": "Safety at work", "access": "open"}).Want(201).JSON(&space)
	for _, c := range []*apitest.Client{reporter, roomMod} {
		c.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/join", nil).Want(204)
	}
	owner.Do(http.MethodPut, "/api/v1/rooms/"+space.ID+"/moderators/"+userID(t, roomMod), nil).Want(204)
	mod, _ := apply(t, anon, "Dara", emergingProfile("Coletivo Quatro")) // pending: a plain user
	admin.Do(http.MethodPut, "/api/v1/admin/moderators/"+userID(t, mod), nil).Want(204)
	reporterID := userID(t, reporter)

	ws := mustDial(t, one, owner)
	joinRoom(t, ws, space.ID)
	seq := say(t, ws, space.ID, "c1", "canary-alert-body")
	var open, resolved idOf
	for _, r := range []*idOf{&open, &resolved} {
		reporter.Do(http.MethodPost, "/api/v1/rooms/"+space.ID+"/reports", map[string]any{"seq": seq, "reason": "spam", "text": "canary-alert-text"}).Want(201).JSON(r)
	}
	mod.Do(http.MethodPost, "/api/v1/admin/reports/"+resolved.ID+"/resolve", map[string]any{"status": "dismissed"}).Want(200)
	filed := []string{"report_filed " + open.ID, "report_filed " + resolved.ID}
	staff := map[string]*apitest.Client{"the admin": admin, "the platform moderator": mod}
	others := map[string]*apitest.Client{"the room's owner": owner, "the reporter": reporter, "a room moderator": roomMod}
	check := func(in *instance, want []string) {
		t.Helper()
		for who, c := range staff {
			if got := reportAlerts(t, at(c, in), "canary-alert-body", "canary-alert-text", reporterID); !slices.Equal(got, want) {
				t.Errorf("%s: got %v, want %v", who, got, want)
			}
		}
		for who, c := range others {
			if got := reportAlerts(t, at(c, in)); len(got) != 0 {
				t.Errorf("%s got the staff's alerts %v", who, got)
			}
		}
	}
	check(one, filed)

	// While no instance runs, both reports pass 24 h; the next instance to start alerts of
	// the one still open before it serves, and the one after it does not again.
	one.stop()
	age(t, dbName, 25*time.Hour)
	two := startServer(t, t.TempDir(), args...)
	waiting := append(filed, "report_waiting "+open.ID)
	check(two, waiting)
	two.stop()
	three := startServer(t, t.TempDir(), args...)
	check(three, waiting)
}

// age makes every report in database name older by d, straight in the store.
func age(t *testing.T, name string, d time.Duration) {
	t.Helper()
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	reports := client.Database(name).Collection("reports")
	var docs []struct {
		ID      string    `bson:"_id"`
		Created time.Time `bson:"created"`
	}
	cur, err := reports.Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &docs); err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		old := doc.Created.Add(-d)
		set := bson.D{{Key: "$set", Value: bson.D{{Key: "created", Value: old}, {Key: "body.created", Value: old}}}}
		if _, err := reports.UpdateOne(ctx, bson.D{{Key: "_id", Value: doc.ID}}, set); err != nil {
			t.Fatal(err)
		}
	}
}
