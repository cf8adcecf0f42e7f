package rooms_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/rooms"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func newService(t *testing.T) (*rooms.Service, *authz.Enforcer, func() *rooms.Service) {
	t.Helper()
	db := storetest.NewDB(t)
	roles, err := authz.New(db.RoleAdapter())
	if err != nil {
		t.Fatal(err)
	}
	s, err := rooms.NewService(context.Background(), rooms.Config{Store: db, Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	reopen := func() *rooms.Service {
		again, err := rooms.NewService(context.Background(), rooms.Config{Store: db, Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		return again
	}
	return s, roles, reopen
}

func TestSpaces(t *testing.T) {
	ctx := context.Background()
	s, roles, reopen := newService(t)
	open, err := s.CreateSpace(ctx, "owner1", "  Safety at work ", "", rooms.AccessOpen)
	if err != nil {
		t.Fatal(err)
	}
	if open.Title != "Safety at work" {
		t.Errorf("title %q, want it trimmed", open.Title)
	}
	closed, err := s.CreateSpace(ctx, "owner1", "Leads only", "", rooms.AccessInvite)
	if err != nil {
		t.Fatal(err)
	}

	if err := s.Join(ctx, "u2", open.ID); err != nil {
		t.Fatalf("join open space: %v", err)
	}
	if err := s.Join(ctx, "u2", closed.ID); !errors.Is(err, rooms.ErrClosed) {
		t.Errorf("join invite-only space: got %v, want ErrClosed", err)
	}
	if ok, _ := roles.Allowed("u2", authz.RoomDomain(open.ID), "messages", "write"); !ok {
		t.Error("a member of the space may not write")
	}
	mine, joinable := s.ForUser(ctx, "u2")
	if len(mine) != 1 || mine[0].ID != open.ID || len(joinable) != 0 {
		t.Errorf("u2 rooms %v, joinable %v; want only the open space as theirs", mine, joinable)
	}
	if _, joinable := s.ForUser(ctx, "u3"); len(joinable) != 1 || joinable[0].ID != open.ID {
		t.Errorf("u3 joinable %v, want the open space only", joinable)
	}

	if err := s.AddMember(ctx, closed.ID, "u3"); err != nil {
		t.Fatal(err)
	}
	if err := s.Leave(ctx, "u2", open.ID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := roles.Allowed("u2", authz.RoomDomain(open.ID), "messages", "read"); ok {
		t.Error("u2 still reads the space after leaving")
	}

	if _, err := s.SetRetention(ctx, open.ID, 7); err != nil {
		t.Fatal(err)
	}
	again, err := reopen().Get(ctx, open.ID)
	if err != nil || again.RetentionDays != 7 || again.Title != open.Title {
		t.Errorf("after a restart: %+v, %v; want the space with 7 days retention", again, err)
	}
}

func TestRoomRules(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newService(t)
	tests := []struct {
		name   string
		title  string
		access rooms.Access
	}{
		{"short title", "ab", rooms.AccessOpen},
		{"long title", strings.Repeat("a", 81), rooms.AccessOpen},
		{"control character", "Safety\x07", rooms.AccessOpen},
		{"unknown access", "Safety at work", rooms.Access("public")},
	}
	for _, tt := range tests {
		if _, err := s.CreateSpace(ctx, "o", tt.title, "", tt.access); !errors.Is(err, rooms.ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", tt.name, err)
		}
	}
	r, err := s.CreateSpace(ctx, "o", "Safety at work", "", rooms.AccessOpen)
	if err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{-1, 2, 31, 365} {
		if _, err := s.SetRetention(ctx, r.ID, days); !errors.Is(err, rooms.ErrInvalid) {
			t.Errorf("retention %d: got %v, want ErrInvalid", days, err)
		}
	}
	if _, err := s.SetRetention(ctx, "nope", 1); !errors.Is(err, rooms.ErrNotFound) {
		t.Errorf("retention of a missing room: got %v, want ErrNotFound", err)
	}
}
