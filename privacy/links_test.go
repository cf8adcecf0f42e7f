package privacy_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/privacy"
	"github.com/cascade-platform/cascade/rooms"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// nobody is a person with an account and nothing else; it stands in for the services.
type nobody struct{}

func (nobody) User(_ context.Context, id string) (account.User, error) {
	return account.User{ID: id, Pseudonym: "P" + id}, nil
}
func (nobody) Sessions(context.Context, string) ([]account.Session, error)   { return nil, nil }
func (nobody) CheckPassword(context.Context, string, string) error           { return nil }
func (nobody) Delete(context.Context, string) error                          { return nil }
func (nobody) OrganisationsOf(context.Context, string) []org.Membership      { return nil }
func (nobody) Members(context.Context, string) []org.Member                  { return nil }
func (nobody) RemoveMember(context.Context, string, string) error            { return nil }
func (nobody) OnlyHere(string, string) bool                                  { return false }
func (nobody) Offboard(context.Context, string) error                        { return nil }
func (nobody) Roles(string, string) []string                                 { return nil }
func (nobody) Users(string, string) []string                                 { return nil }
func (nobody) RemoveUser(string) error                                       { return nil }
func (nobody) ForUser(context.Context, string) (mine, joinable []rooms.Room) { return nil, nil }
func (nobody) Leave(context.Context, string, string) error                   { return nil }
func (nobody) ForgetOrganisation(context.Context, string) error              { return nil }
func (nobody) Get(context.Context, string) (rooms.Room, error) {
	return rooms.Room{}, rooms.ErrNotFound
}
func (nobody) Requests(context.Context, string) []exchange.Request           { return nil }
func (nobody) Exchanges(context.Context, string) []exchange.Exchange         { return nil }
func (nobody) Notifications(context.Context, string) []exchange.Notification { return nil }
func (nobody) ForgetPerson(context.Context, string) error                    { return nil }
func (nobody) AccountErased(context.Context, string, string, bool)           {}

func newService(t *testing.T, clock *fakeclock.Clock) *privacy.Service {
	t.Helper()
	return privacy.New(privacy.Config{Store: storetest.NewDB(t), Accounts: nobody{}, Orgs: nobody{}, Roles: nobody{},
		Rooms: nobody{}, Exchanges: nobody{}, Announcer: nobody{}, Now: clock.Now})
}

// A link downloads once, for its owner, within LinkTTL; of 20 racing downloads one wins.
func TestExportLinks(t *testing.T) {
	ctx := t.Context()
	clock := fakeclock.New()
	s := newService(t, clock)
	link := func() string {
		t.Helper()
		token, expires, err := s.CreateLink(ctx, "u1")
		if err != nil || !expires.Equal(clock.Now().Add(privacy.LinkTTL)) {
			t.Fatalf("create link: %v, expires %v", err, expires)
		}
		return token
	}
	for _, tc := range []struct {
		name    string
		user    string
		advance time.Duration
		want    error
	}{
		{"owner in time", "u1", privacy.LinkTTL - time.Second, nil},
		{"expired", "u1", privacy.LinkTTL, privacy.ErrLinkInvalid},
		{"someone else", "u2", 0, privacy.ErrLinkInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := link()
			clock.Advance(tc.advance)
			x, err := s.Download(ctx, tc.user, token)
			if !errors.Is(err, tc.want) {
				t.Fatalf("download: got %v, want %v", err, tc.want)
			}
			if err == nil && x.Account.ID != "u1" {
				t.Errorf("download: got the export of %q, want u1", x.Account.ID)
			}
			if _, err := s.Download(ctx, "u1", token); !errors.Is(err, privacy.ErrLinkInvalid) {
				t.Errorf("second use: got %v, want ErrLinkInvalid", err)
			}
		})
	}

	token := link()
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 20 {
		wg.Go(func() {
			if _, err := s.Download(ctx, "u1", token); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("20 racing downloads: %d succeeded, want 1", wins)
	}
}
