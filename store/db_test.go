package store_test

import (
	"context"
	"testing"

	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestOpenPing(t *testing.T) {
	db := storetest.NewDB(t)
	if err := db.Ping(context.Background()); err != nil {
		t.Fatalf("ping: %v", err)
	}
	if db.ReplicaSet {
		t.Errorf("embedded store reported as a replica set")
	}
}
