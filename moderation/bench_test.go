package moderation_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store/storetest"
)

// BenchmarkAuditAppend is one audit entry appended to a log already holding 1,000.
func BenchmarkAuditAppend(b *testing.B) {
	db := storetest.NewDB(b)
	log := moderation.NewLog(db, nil)
	ctx := context.Background()
	for i := range 1000 {
		if _, err := log.Append(ctx, moderation.Entry{Actor: "u1", Action: "mute", Target: fmt.Sprint("user:", i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := log.Append(ctx, moderation.Entry{Actor: "u1", Action: "ban", Target: fmt.Sprint("user:", i)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweep is one sweep, which every instance runs every second: with nothing
// to do, and with 100 mutes running and 100 rooms slowed.
func BenchmarkSweep(b *testing.B) {
	for _, rooms := range []int{0, 100} {
		b.Run(fmt.Sprint(rooms, " rooms"), func(b *testing.B) {
			db := storetest.NewDB(b)
			ctx := context.Background()
			until := time.Now().Add(time.Hour)
			for i := range rooms {
				room := fmt.Sprint("s", i)
				if err := db.SaveSanction(ctx, moderation.Sanction{ID: room + "|u", Room: room, User: "u", Role: "muted", Until: until, Reason: moderation.ReasonSpam}); err != nil {
					b.Fatal(err)
				}
				if err := db.SaveControl(ctx, moderation.Control{Room: room, SlowSeconds: 30}); err != nil {
					b.Fatal(err)
				}
			}
			in := newBenchInstance(b, db)
			b.ResetTimer()
			for b.Loop() {
				if err := in.Sweep(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGate is the gate's decision on one send, which every send pays.
func BenchmarkGate(b *testing.B) {
	db := storetest.NewDB(b)
	roles := newRoles(b, db)
	g := moderation.NewGate(roles, roles, nil)
	if err := roles.Grant("m", "member", "room:s1"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if code := g.Refuse("m", "s1", "send"); code != "" {
			b.Fatal(code)
		}
	}
}
