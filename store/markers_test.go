package store_test

import (
	"context"
	"maps"
	"testing"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestReadMarkersOnlyMoveForward(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	steps := []struct {
		name string
		save []chat.ReadMarker
		want map[string]int64
	}{
		{"first markers", []chat.ReadMarker{{Room: "r", User: "a", Seq: 3}, {Room: "r", User: "b", Seq: 1}, {Room: "other", User: "a", Seq: 9}}, map[string]int64{"a": 3, "b": 1}},
		{"forward", []chat.ReadMarker{{Room: "r", User: "a", Seq: 5}}, map[string]int64{"a": 5, "b": 1}},
		{"backward is ignored", []chat.ReadMarker{{Room: "r", User: "a", Seq: 2}, {Room: "r", User: "b", Seq: 1}}, map[string]int64{"a": 5, "b": 1}},
		{"one batch, both ways", []chat.ReadMarker{{Room: "r", User: "a", Seq: 4}, {Room: "r", User: "b", Seq: 7}, {Room: "r", User: "c", Seq: 2}}, map[string]int64{"a": 5, "b": 7, "c": 2}},
	}
	for _, s := range steps {
		if err := db.SaveReadMarkers(ctx, s.save); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, err := db.ReadMarkers(ctx, "r")
		if err != nil || len(got) != len(s.want) || !maps.Equal(got, s.want) {
			t.Fatalf("%s: got %v (%v), want %v", s.name, got, err, s.want)
		}
	}
}
