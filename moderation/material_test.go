package moderation_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store/storetest"
)

// takedowns is a hand-written Takedown: it records what it took down and knows what exists.
type takedowns struct {
	there map[string]bool
	taken []string
}

var errGone = errors.New("gone")

func (d *takedowns) TakeDown(_ context.Context, id string) error {
	if !d.there[id] {
		return fmt.Errorf("tip %s: %w", id, errGone)
	}
	delete(d.there, id)
	d.taken = append(d.taken, id)
	return nil
}

// TestMaterialReports: a report of a tip copies it into the staff queue (no room's queue
// lists it); removing is the one action on it and takes the tip down once, recorded in
// the audit log, and the writing organisation's lead is told why.
func TestMaterialReports(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	clock := fakeclock.New()
	roles := newRoles(t, db)
	down := &takedowns{there: map[string]bool{"t1": true}}
	svc, err := moderation.New(ctx, moderation.Options{Store: db, Messages: db, Chat: &fakeChat{}, Roles: roles, Access: roles,
		Revocations: noRevocations{}, Gate: moderation.NewGate(roles, roles, clock.Now), Now: clock.Now,
		Takedowns: map[string]moderation.Takedown{moderation.KindTip: down}})
	if err != nil {
		t.Fatal(err)
	}
	m := moderation.Material{Org: "o1", Title: "A tip", Body: "Its text"}
	if _, err := svc.ReportMaterial(ctx, "u1", "resource", "t1", m, moderation.ReasonSpam, ""); !errors.Is(err, moderation.ErrInvalid) {
		t.Errorf("a report of a kind nobody takes down: %v, want ErrInvalid", err)
	}
	if _, err := svc.ReportMaterial(ctx, "u1", moderation.KindTip, "t1", m, "because", ""); !errors.Is(err, moderation.ErrInvalid) {
		t.Errorf("a report without a known reason: %v, want ErrInvalid", err)
	}
	r, err := svc.ReportMaterial(ctx, "u1", moderation.KindTip, "t1", m, moderation.ReasonOuting, "names a street")
	if err != nil {
		t.Fatal(err)
	}
	queue, err := svc.Queue(ctx, "", true)
	if err != nil || len(queue) != 1 || queue[0].Kind != moderation.KindTip || queue[0].Target != "t1" || *queue[0].Material != m || queue[0].Room != "" {
		t.Fatalf("staff queue: %+v, %v; want the tip's report with its copy", queue, err)
	}
	if list, _ := svc.Queue(ctx, "t1", false); len(list) != 0 {
		t.Errorf("a room's queue lists %d material reports", len(list))
	}
	if err := svc.ActOnReport(ctx, "admin", r.ID, moderation.Action{Kind: moderation.KindMute, Duration: "1h"}); !errors.Is(err, moderation.ErrInvalid) || len(down.taken) != 0 {
		t.Errorf("muting on a tip's report: %v (taken %v), want ErrInvalid and nothing taken down", err, down.taken)
	}
	if err := roles.Grant("lead1", "lead", "org:o1"); err != nil {
		t.Fatal(err)
	}
	if err := svc.ActOnReport(ctx, "admin", r.ID, moderation.Action{Kind: moderation.KindRemove}); err != nil {
		t.Fatal(err)
	}
	told, err := svc.Notices(ctx, "lead1")
	if err != nil || len(told) != 1 || told[0].Material != moderation.KindTip || told[0].Title != "A tip" || told[0].Reason != moderation.ReasonOuting || told[0].Room != "" {
		t.Errorf("the writing organisation's lead was told %+v, %v; want the tip taken down for the report's reason", told, err)
	}
	if told, _ := svc.Notices(ctx, "u1"); len(told) != 0 {
		t.Errorf("the reporter was told %+v", told)
	}
	if err := svc.ActOnReport(ctx, "admin", r.ID, moderation.Action{Kind: moderation.KindRemove}); !errors.Is(err, moderation.ErrNotFound) {
		t.Errorf("taking a tip down twice: %v, want ErrNotFound", err)
	}
	if fmt.Sprint(down.taken) != "[t1]" {
		t.Errorf("taken down %v, want [t1]", down.taken)
	}
	entries, err := svc.Audit(ctx, "admin", moderation.AuditFilter{Action: moderation.KindRemove})
	if err != nil || len(entries) != 1 || entries[0].Target != "tip:t1" || entries[0].Reason != string(moderation.ReasonOuting) {
		t.Errorf("audit of the take-down: %+v, %v; want one remove of tip:t1 for the report's reason", entries, err)
	}
}
