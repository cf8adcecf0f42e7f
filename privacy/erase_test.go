package privacy_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/privacy"
	"github.com/cascade-platform/cascade/store/storetest"
)

// lead is a person who leads organisation o1 with the given number of leads.
type lead struct {
	nobody
	leads int
}

func (lead) OrganisationsOf(context.Context, string) []org.Membership {
	return []org.Membership{{Org: org.Organisation{ID: "o1"}, Roles: []string{org.RoleLead, org.RoleMember}}}
}

func (l lead) Members(context.Context, string) []org.Member {
	out := []org.Member{}
	for range l.leads {
		out = append(out, org.Member{UserID: "x", Roles: []string{org.RoleLead}})
	}
	return out
}

// moderation records what the privacy service asked of it.
type moderation struct {
	forgot []string
	as     string
	wipe   bool
}

func (m *moderation) ReportsBy(_ context.Context, userID string) ([]json.RawMessage, error) {
	return []json.RawMessage{json.RawMessage(`{"reporter":"` + userID + `"}`)}, nil
}

func (m *moderation) ForgetPerson(_ context.Context, userID, as string, wipe bool) error {
	m.forgot, m.as, m.wipe = append(m.forgot, userID), as, wipe
	return nil
}

func TestDeleteAccountRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		orgs  lead
		msgs  privacy.Messages
		want  error
		gone  bool
		wiped bool
	}{
		{"no choice", lead{leads: 2}, "", privacy.ErrInvalid, false, false},
		{"the only lead", lead{leads: 1}, privacy.MessagesWipe, privacy.ErrLastLead, false, false},
		{"one of two leads, wipe", lead{leads: 2}, privacy.MessagesWipe, nil, true, true},
		{"one of two leads, keep", lead{leads: 2}, privacy.MessagesKeep, nil, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mod := &moderation{}
			s := privacy.New(privacy.Config{Store: storetest.NewDB(t), Accounts: nobody{}, Orgs: tc.orgs, Roles: nobody{},
				Rooms: nobody{}, Exchanges: nobody{}, Announcer: nobody{}, Moderation: mod, Now: fakeclock.New().Now})
			err := s.DeleteAccount(t.Context(), "u1", "pw", tc.msgs)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if gone := len(mod.forgot) == 1 && mod.forgot[0] == "u1"; gone != tc.gone {
				t.Fatalf("reports forgot %v, want u1 forgotten: %v", mod.forgot, tc.gone)
			}
			if tc.gone && (!strings.HasPrefix(mod.as, privacy.FormerPrefix) || mod.wipe != tc.wiped) {
				t.Errorf("reports rewritten as %q with wipe %v, want a former member and wipe %v", mod.as, mod.wipe, tc.wiped)
			}
		})
	}
}

func TestExportHoldsReports(t *testing.T) {
	s := privacy.New(privacy.Config{Store: storetest.NewDB(t), Accounts: nobody{}, Orgs: nobody{}, Roles: nobody{},
		Rooms: nobody{}, Exchanges: nobody{}, Announcer: nobody{}, Moderation: &moderation{}, Now: fakeclock.New().Now})
	x, err := s.Export(t.Context(), "u1")
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Reports) != 1 || string(x.Reports[0]) != `{"reporter":"u1"}` {
		t.Errorf("reports: got %s, want the one u1 filed", x.Reports)
	}
}
