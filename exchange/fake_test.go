package exchange_test

import (
	"context"
	"sync"
	"testing"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// orgs is a hand-written org directory: every organisation is approved until setStatus
// says otherwise, the directory lists the approved ones, and each has one lead whose user
// id is "lead-" + its id.
type orgs struct {
	mu   sync.Mutex
	byID map[string]org.Organisation
}

func (o *orgs) add(id string, p org.Profile) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.byID == nil {
		o.byID = map[string]org.Organisation{}
	}
	o.byID[id] = org.Organisation{ID: id, Profile: p, Status: org.StatusApproved}
}

func (o *orgs) setStatus(id string, st org.Status) {
	o.mu.Lock()
	defer o.mu.Unlock()
	x := o.byID[id]
	x.Status = st
	o.byID[id] = x
}

func (o *orgs) Get(ctx context.Context, id string) (org.Organisation, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	x, ok := o.byID[id]
	if !ok {
		return org.Organisation{}, org.ErrNotFound
	}
	return x, nil
}

func (o *orgs) Directory(ctx context.Context) []org.DirectoryEntry {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]org.DirectoryEntry, 0, len(o.byID))
	for _, x := range o.byID {
		if x.Status == org.StatusApproved {
			out = append(out, x.Public())
		}
	}
	return out
}

func (o *orgs) Members(ctx context.Context, orgID string) []org.Member {
	return []org.Member{{UserID: "lead-" + orgID, Roles: []string{org.RoleLead, org.RoleMember}}}
}

func emerging() org.Profile {
	return org.Profile{
		Name: "Emerging", Country: "AO", Region: "Southern Africa", Languages: []string{"pt"},
		Stage: org.StageEmerging, Populations: []org.Population{org.PopulationFemale},
		Formats: []org.Format{org.FormatOnlineMentoring},
	}
}

func established(capacity int) org.Profile {
	return org.Profile{
		Name: "Established", Country: "ZA", Region: "Southern Africa", Languages: []string{"en", "pt"},
		Stage: org.StageEstablished, Populations: []org.Population{org.PopulationFemale},
		Offers:  []org.Offer{{Topic: org.TopicPeerOutreach, Level: 3}, {Topic: org.TopicFundraising, Level: 2}},
		Formats: []org.Format{org.FormatOnlineMentoring, org.FormatStudyVisit}, Capacity: capacity, Available: true,
	}
}

func input() exchange.RequestInput {
	return exchange.RequestInput{
		Needs: []exchange.Need{{Topic: string(org.TopicPeerOutreach), Priority: 3}},
		Goals: "Learn how to run peer outreach in two districts.", Formats: []string{"online_mentoring"},
		Languages: []string{"pt"}, TimeFrame: exchange.TimeFrame{StartMonth: "2026-05", DurationWeeks: 12},
	}
}

// newService returns a service on a fresh database with the given organisations.
func newService(t *testing.T, o *orgs) (*exchange.Service, *fakeclock.Clock, exchange.Store) {
	t.Helper()
	db := storetest.NewDB(t)
	c := fakeclock.New()
	s, err := exchange.NewService(context.Background(), db, o, exchange.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, db
}
