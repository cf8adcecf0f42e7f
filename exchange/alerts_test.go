package exchange_test

import (
	"context"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/store/storetest"
)

// alertsOf returns the notifications of user of kind.
func alertsOf(s *exchange.Service, user string, kind exchange.Kind) []exchange.Notification {
	var out []exchange.Notification
	for _, n := range s.Notifications(context.Background(), user) {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// TestAdminAlerts: every admin is alerted, once, of an application and of an exchange
// cancelled by either side for a safety concern, and of nothing else; the leads get no
// alert; every admin and platform moderator is alerted once of a report filed and of one
// waiting, by the report's id alone; without admins nothing is sent.
func TestAdminAlerts(t *testing.T) {
	ctx := context.Background()
	admins := []string{"admin-1", "admin-2"}
	for _, c := range []struct {
		name   string
		side   string // the organisation that cancels
		reason exchange.Reason
		alert  bool
	}{
		{"requester cancels for a safety concern", "e", exchange.ReasonSafetyConcern, true},
		{"mentor cancels for a safety concern", "mentor", exchange.ReasonSafetyConcern, true},
		{"requester cancels for timing", "e", exchange.ReasonTiming, false},
		{"mentor cancels as no longer needed", "mentor", exchange.ReasonNoLongerNeeded, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := &orgs{}
			o.add("mentor", established(2))
			o.add("e", emerging())
			s, err := exchange.NewService(ctx, storetest.NewDB(t), o, exchange.Options{Now: fakeclock.New().Now, Admins: func() []string { return admins }})
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.CreateRequest(ctx, "e", "lead-e", input())
			if err != nil {
				t.Fatal(err)
			}
			x, err := s.Send(ctx, "e", r.ID, "mentor")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Accept(ctx, "mentor", x.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CancelExchange(ctx, c.side, x.ID, c.reason, "what happened"); err != nil {
				t.Fatal(err)
			}
			for _, u := range admins {
				got := alertsOf(s, u, exchange.KindSafetyConcern)
				switch {
				case !c.alert && len(got) != 0:
					t.Errorf("%s: got %+v, want no alert", u, got)
				case c.alert && (len(got) != 1 || got[0].ExchangeID != x.ID || got[0].OrgID != c.side || got[0].Reason != exchange.ReasonSafetyConcern):
					t.Errorf("%s: got %+v, want one alert of %s cancelled by %s", u, got, x.ID, c.side)
				}
			}
			for _, lead := range []string{"lead-e", "lead-mentor"} {
				if got := alertsOf(s, lead, exchange.KindSafetyConcern); len(got) != 0 {
					t.Errorf("%s got the admins' alert %+v", lead, got)
				}
			}
		})
	}

	t.Run("application", func(t *testing.T) {
		s, err := exchange.NewService(ctx, storetest.NewDB(t), &orgs{}, exchange.Options{Admins: func() []string { return admins }})
		if err != nil {
			t.Fatal(err)
		}
		s.ApplicationReceived(ctx, "new-org")
		for _, u := range admins {
			got := alertsOf(s, u, exchange.KindApplicationReceived)
			if len(got) != 1 || got[0].OrgID != "new-org" || got[0].Read {
				t.Errorf("%s: got %+v, want one unread alert of new-org", u, got)
			}
		}
	})

	t.Run("reports", func(t *testing.T) {
		// admin-2 is a moderator as well: one copy of each alert, not two.
		moderators := []string{"mod-1", "admin-2"}
		s, err := exchange.NewService(ctx, storetest.NewDB(t), &orgs{}, exchange.Options{
			Admins: func() []string { return admins }, Moderators: func() []string { return moderators },
		})
		if err != nil {
			t.Fatal(err)
		}
		s.ReportFiled(ctx, "r1")
		s.ReportWaiting(ctx, "r1")
		for _, u := range []string{"admin-1", "admin-2", "mod-1"} {
			for _, kind := range []exchange.Kind{exchange.KindReportFiled, exchange.KindReportWaiting} {
				got := alertsOf(s, u, kind)
				if len(got) != 1 || got[0].ReportID != "r1" || got[0].OrgID != "" || got[0].RequestID != "" || got[0].ExchangeID != "" || got[0].Reason != "" {
					t.Errorf("%s: got %+v, want one %s alert naming report r1 and nothing else", u, got, kind)
				}
			}
		}
		s.ApplicationReceived(ctx, "new-org")
		if got := alertsOf(s, "mod-1", exchange.KindApplicationReceived); len(got) != 0 {
			t.Errorf("a moderator got the admins' alert %+v", got)
		}
	})

	t.Run("no admins", func(t *testing.T) {
		s, _, _ := newService(t, &orgs{})
		s.ApplicationReceived(ctx, "new-org")
		if got := s.Notifications(ctx, "admin-1"); len(got) != 0 {
			t.Errorf("got %+v, want nothing", got)
		}
	})
}
