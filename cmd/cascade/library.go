package main

import (
	"context"
	"slices"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/library"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/sanitize"
	"github.com/cascade-platform/cascade/store"
)

// libraryExchanges answers the library from the exchanges held in memory: partners are
// the organisations an exchange was accepted with (accepted, active or completed), and
// those are also the exchanges whose parties (and the host brought in) read what is
// attached to them.
type libraryExchanges struct{ x *exchange.Service }

var _ library.Exchanges = libraryExchanges{}

func worksTogether(x exchange.Exchange) bool {
	return slices.Contains([]exchange.State{exchange.StateAccepted, exchange.StateActive, exchange.StateCompleted}, x.State)
}

func (l libraryExchanges) Partners(ctx context.Context, orgID string) []string {
	var out []string
	for _, x := range l.x.Exchanges(ctx, orgID) {
		if !worksTogether(x) {
			continue
		}
		other := x.MentorOrg
		if other == orgID {
			other = x.RequestOrg
		}
		out = append(out, other)
	}
	return out
}

func (l libraryExchanges) Parties(ctx context.Context, exchangeID string) []string {
	x, err := l.x.Find(ctx, exchangeID)
	if err != nil || !worksTogether(x) {
		return nil
	}
	parties := []string{x.RequestOrg, x.MentorOrg}
	// A host brought into the exchange takes part while its hosting still counts, which
	// the exchange service answers for it.
	if x.HostOrg != "" {
		if _, err := l.x.Exchange(ctx, x.HostOrg, exchangeID); err == nil {
			parties = append(parties, x.HostOrg)
		}
	}
	return parties
}

// reportedResource tells the library whether a report names a resource, from the
// reports in the store: staff open a resource through its report (a staff read, rare,
// so a query of the store is fine).
func reportedResource(db *store.DB) library.Reported {
	return func(ctx context.Context, id string) (bool, error) {
		list, err := db.Reports(ctx, moderation.ReportFilter{Kind: moderation.KindResource, Target: id})
		return len(list) > 0, err
	}
}

// cleanFile strips metadata with package sanitize.
func cleanFile(data []byte) (library.Cleaned, error) {
	f, err := sanitize.Clean(data)
	if err != nil {
		return library.Cleaned{}, err
	}
	return library.Cleaned{Data: f.Data, ContentType: f.ContentType, Ext: f.Ext}, nil
}
