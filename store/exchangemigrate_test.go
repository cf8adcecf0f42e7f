package store_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/store/storetest"
)

// A data folder written before the exchange collections had snake_case names keeps
// working: at open, each old document is rewritten under the new names, reads give back
// what was stored, and a point stored with an English sentence gets the code not_recorded.
func TestOldExchangeNamesMigrate(t *testing.T) {
	ctx := t.Context()
	db := storetest.NewDB(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	done := now.Add(time.Hour)
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	raw := client.Database(db.Name())
	// The documents as the store wrote them before (the codec's default names).
	old := map[string]bson.D{
		"requests": {{Key: "_id", Value: "r1"}, {Key: "org_id", Value: "e"}, {Key: "body", Value: bson.D{
			{Key: "id", Value: "r1"}, {Key: "orgid", Value: "e"}, {Key: "createdby", Value: "u"},
			{Key: "requestinput", Value: bson.D{
				{Key: "needs", Value: bson.A{bson.D{{Key: "topic", Value: "fundraising"}, {Key: "priority", Value: 2}}}},
				{Key: "goals", Value: "g"}, {Key: "formats", Value: bson.A{"study_visit"}}, {Key: "languages", Value: bson.A{"pt"}},
				{Key: "acceptsinterpretation", Value: true},
				{Key: "timeframe", Value: bson.D{{Key: "startmonth", Value: "2026-05"}, {Key: "durationweeks", Value: 12}}},
			}},
			{Key: "state", Value: "accepted"}, {Key: "reason", Value: ""}, {Key: "reasontext", Value: ""},
			{Key: "created", Value: now}, {Key: "updated", Value: now},
		}}},
		"exchanges": {{Key: "_id", Value: "x1"}, {Key: "request_id", Value: "r1"}, {Key: "body", Value: bson.D{
			{Key: "id", Value: "x1"}, {Key: "requestid", Value: "r1"}, {Key: "requestorg", Value: "e"}, {Key: "mentororg", Value: "m"},
			{Key: "state", Value: "active"}, {Key: "source", Value: "round"}, {Key: "roundid", Value: "rd1"}, {Key: "score", Value: 42.5},
			{Key: "points", Value: bson.A{bson.D{{Key: "criterion", Value: "topics"}, {Key: "points", Value: 42.5}, {Key: "detail", Value: "offers 1 of 1 needed topics: fundraising"}}}},
			{Key: "reason", Value: ""}, {Key: "reasontext", Value: ""},
			{Key: "goals", Value: bson.A{bson.D{{Key: "id", Value: "g"}, {Key: "text", Value: "t"}, {Key: "addedby", Value: "u"}, {Key: "doneby", Value: "u"}, {Key: "doneat", Value: done}}}},
			{Key: "sessions", Value: bson.A{bson.D{{Key: "id", Value: "s"}, {Key: "date", Value: "2026-03-02"}, {Key: "durationminutes", Value: 60}, {Key: "format", Value: "online_mentoring"}, {Key: "loggedby", Value: "u"}, {Key: "logged", Value: now}}}},
			{Key: "requesterfeedback", Value: bson.D{{Key: "by", Value: "u"}, {Key: "usefulness", Value: 4}, {Key: "respect", Value: 5}, {Key: "learned", Value: "l"}, {Key: "given", Value: now}}},
			{Key: "mentorfeedback", Value: nil},
			{Key: "proposed", Value: now}, {Key: "updated", Value: now},
		}}},
		"rounds": {{Key: "_id", Value: "rd1"}, {Key: "body", Value: bson.D{
			{Key: "id", Value: "rd1"}, {Key: "mode", Value: "optimal"}, {Key: "state", Value: "published"},
			{Key: "rules", Value: bson.D{{Key: "locked", Value: bson.A{bson.D{{Key: "request", Value: "r1"}, {Key: "mentor", Value: "m"}}}}, {Key: "banned", Value: bson.A{}}}},
			{Key: "proposals", Value: bson.A{bson.D{{Key: "request", Value: "r1"}, {Key: "requestorg", Value: "e"}, {Key: "mentor", Value: "m"}, {Key: "score", Value: 42.5},
				{Key: "points", Value: bson.A{bson.D{{Key: "criterion", Value: "topics"}, {Key: "points", Value: 42.5}, {Key: "detail", Value: "d"}}}}, {Key: "locked", Value: true}}}},
			{Key: "unmatched", Value: bson.A{bson.D{{Key: "request", Value: "r2"}, {Key: "reason", Value: "mentors_full"}}}},
			{Key: "totalscore", Value: 42.5}, {Key: "blockingpairs", Value: 0},
			{Key: "created", Value: now}, {Key: "updated", Value: now},
		}}},
		"notifications": {{Key: "_id", Value: "n1"}, {Key: "user_id", Value: "u"}, {Key: "body", Value: bson.D{
			{Key: "id", Value: "n1"}, {Key: "userid", Value: "u"}, {Key: "kind", Value: "proposal_received"}, {Key: "orgid", Value: "m"},
			{Key: "requestid", Value: "r1"}, {Key: "exchangeid", Value: "x1"}, {Key: "created", Value: now}, {Key: "read", Value: true},
		}}},
	}
	for col, doc := range old {
		if _, err := raw.Collection(col).InsertOne(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}

	db = storetest.Reopen(t, db.Name()) // as cascade opens its store at start
	notRecorded := []exchange.Point{{Criterion: "topics", Points: 42.5, Code: "not_recorded", Params: map[string]any{}}}
	wantReq := exchange.Request{ID: "r1", OrgID: "e", CreatedBy: "u", State: exchange.StateAccepted, Created: now, Updated: now,
		RequestInput: exchange.RequestInput{Needs: []exchange.Need{{Topic: "fundraising", Priority: 2}}, Goals: "g", Formats: []string{"study_visit"},
			Languages: []string{"pt"}, AcceptsInterpretation: true, TimeFrame: exchange.TimeFrame{StartMonth: "2026-05", DurationWeeks: 12}}}
	if got, err := db.Request(ctx, "r1"); err != nil || !sameJSON(t, got, wantReq) {
		t.Errorf("request: got %+v, %v\nwant %+v", got, err, wantReq)
	}
	wantX := exchange.Exchange{ID: "x1", RequestID: "r1", RequestOrg: "e", MentorOrg: "m", State: exchange.StateActive, Source: exchange.SourceRound,
		RoundID: "rd1", Score: 42.5, Points: notRecorded,
		Goals:             []exchange.Goal{{ID: "g", Text: "t", AddedBy: "u", DoneBy: "u", DoneAt: &done}},
		Sessions:          []exchange.Session{{ID: "s", Date: "2026-03-02", DurationMinutes: 60, Format: "online_mentoring", LoggedBy: "u", Logged: now}},
		RequesterFeedback: &exchange.Feedback{By: "u", Usefulness: 4, Respect: 5, Learned: "l", Given: now},
		Proposed:          now, Updated: now}
	if got, err := db.ExchangesOf(ctx, "r1"); err != nil || len(got) != 1 || !sameJSON(t, got[0], wantX) {
		t.Errorf("exchange: got %+v, %v\nwant %+v", got, err, wantX)
	}
	wantRound := exchange.Round{ID: "rd1", Mode: "optimal", State: exchange.RoundPublished,
		Rules:     exchange.RoundRules{Locked: []exchange.Pair{{Request: "r1", Mentor: "m"}}, Banned: []exchange.Pair{}},
		Proposals: []exchange.RoundProposal{{Request: "r1", RequestOrg: "e", Mentor: "m", Score: 42.5, Points: notRecorded, Locked: true}},
		Unmatched: []exchange.RoundUnmatched{{Request: "r2", Reason: "mentors_full"}}, TotalScore: 42.5, Created: now, Updated: now}
	if got, err := db.Round(ctx, "rd1"); err != nil || !sameJSON(t, got, wantRound) {
		t.Errorf("round: got %+v, %v\nwant %+v", got, err, wantRound)
	}
	wantNote := exchange.Notification{ID: "n1", UserID: "u", Kind: exchange.KindProposalReceived, OrgID: "m", RequestID: "r1", ExchangeID: "x1", Created: now, Read: true}
	if got, err := db.NotificationsOf(ctx, "u"); err != nil || len(got) != 1 || got[0] != wantNote {
		t.Errorf("notification: got %+v, %v\nwant %+v", got, err, wantNote)
	}
	// On disk: the new names and the schema mark, and nothing of the old.
	for col, path := range map[string][]string{
		"requests": {"body", "time_frame", "start_month"}, "exchanges": {"body", "requester_feedback", "given"},
		"rounds": {"body", "total_score"}, "notifications": {"body", "exchange_id"},
	} {
		doc, err := raw.Collection(col).FindOne(ctx, bson.D{}).Raw()
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := doc.Lookup("schema").AsInt64OK(); !ok || v != 2 {
			t.Errorf("%s: schema %v, want 2", col, doc.Lookup("schema"))
		}
		if _, err := doc.LookupErr(path...); err != nil {
			t.Errorf("%s: no %v in %s", col, path, doc)
		}
		if _, err := doc.LookupErr("body", "orgid"); err == nil {
			t.Errorf("%s: old name orgid left in %s", col, doc)
		}
	}
}
