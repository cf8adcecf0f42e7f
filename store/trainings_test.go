package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/store/storetest"
	"github.com/cascade-platform/cascade/training"
)

// TestTrainingNamings: namings round-trip, a second save replaces the first, Consented
// reads only the consented ones of the trainings asked, and ForgetUser deletes a person's.
func TestTrainingNamings(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	save := func(n training.Naming) {
		t.Helper()
		if err := db.SaveNaming(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	a := training.Naming{Training: "t1", User: "u1", Org: "o", State: training.NamingPending, Named: at}
	save(a)
	a.State, a.Answered = training.NamingConsented, &at
	save(a)
	save(training.Naming{Training: "t1", User: "u2", Org: "o", State: training.NamingDeclined, Named: at})
	save(training.Naming{Training: "t2", User: "u1", Org: "o", State: training.NamingConsented, Named: at})
	if got, err := db.NamingsOf(ctx, "u1"); err != nil || len(got) != 2 || !reflect.DeepEqual(got[0], a) && !reflect.DeepEqual(got[1], a) {
		t.Errorf("u1's namings: %+v, %v; want two, one of them %+v", got, err, a)
	}
	if got, err := db.Consented(ctx, []string{"t1"}); err != nil || len(got) != 1 || got[0].User != "u1" {
		t.Errorf("consented of t1: %+v, %v; want u1's only", got, err)
	}
	if err := db.ForgetUser(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.NamingsOf(ctx, "u1"); err != nil || len(got) != 0 {
		t.Errorf("u1's namings after ForgetUser: %+v, %v", got, err)
	}
	if got, err := db.NamingsOf(ctx, "u2"); err != nil || len(got) != 1 {
		t.Errorf("u2's namings after u1 was forgotten: %+v, %v", got, err)
	}
}
