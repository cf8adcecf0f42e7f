package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/internal/fakeclock"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/store"
	"github.com/cascade-platform/cascade/store/storetest"
)

func appendEntries(t *testing.T, log *moderation.Log, n int) {
	t.Helper()
	for i := range n {
		if _, err := log.Append(context.Background(), moderation.Entry{Actor: "u1", Action: moderation.KindMute, Target: fmt.Sprintf("user:u%d@room:r", i), Reason: "spam"}); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
}

// TestAuditChainFindsTampering edits, removes and forges stored entries and requires
// Verify to name the first broken link each time.
func TestAuditChainFindsTampering(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		tamper  func(db *store.DB) error
		wantSeq int64
		why     string
	}{
		"edited reason": {func(db *store.DB) error { return store.TamperAuditEntry(ctx, db, 3, "reason", "other") }, 3, "edited"},
		"edited actor":  {func(db *store.DB) error { return store.TamperAuditEntry(ctx, db, 5, "actor", "u9") }, 5, "edited"},
		"removed":       {func(db *store.DB) error { return store.DeleteAuditEntry(ctx, db, 2) }, 2, "missing"},
		"forged": {func(db *store.DB) error {
			e := moderation.Entry{Seq: 6, At: time.Now().UTC().Truncate(time.Millisecond), Actor: "u1", Action: "ban", Target: "user:x", Prev: "0000"}
			return db.InsertAuditEntry(ctx, e)
		}, 6, ""},
	} {
		t.Run(name, func(t *testing.T) {
			db := storetest.NewDB(t)
			appendEntries(t, moderation.NewLog(db, fakeclock.New().Now), 5)
			if n, err := moderation.Verify(ctx, db); err != nil || n != 5 {
				t.Fatalf("untouched chain: got %d, %v; want 5 entries holding", n, err)
			}
			if err := tc.tamper(db); err != nil {
				t.Fatal(err)
			}
			_, err := moderation.Verify(ctx, db)
			var broken *moderation.BrokenLink
			if !errors.As(err, &broken) || broken.Seq != tc.wantSeq || !strings.Contains(broken.Reason, tc.why) {
				t.Fatalf("after tampering: got %v, want the link at %d named (%s)", err, tc.wantSeq, tc.why)
			}
		})
	}
}

// TestAuditAppendsFromTwoInstances: two logs on one store (two instances) append at
// once; the unique sequence number keeps one chain, with every entry in it once.
func TestAuditAppendsFromTwoInstances(t *testing.T) {
	db := storetest.NewDB(t)
	logs := []*moderation.Log{moderation.NewLog(db, nil), moderation.NewLog(db, nil)}
	var wg sync.WaitGroup
	for i, log := range logs {
		wg.Go(func() {
			for j := range 10 {
				if _, err := log.Append(context.Background(), moderation.Entry{Actor: fmt.Sprint(i), Action: "ban", Target: fmt.Sprint(j)}); err != nil {
					t.Errorf("instance %d append %d: %v", i, j, err)
				}
			}
		})
	}
	wg.Wait()
	n, err := moderation.Verify(context.Background(), db)
	if err != nil || n != 20 {
		t.Fatalf("got %d entries, %v; want 20 in one chain", n, err)
	}
	seen := map[string]bool{}
	entries, _ := db.AuditEntries(context.Background(), moderation.AuditFilter{})
	for _, e := range entries {
		key := e.Actor + "/" + e.Target
		if seen[key] {
			t.Errorf("entry %s stored twice", key)
		}
		seen[key] = true
	}
}

func TestAuditFilter(t *testing.T) {
	db := storetest.NewDB(t)
	clock := fakeclock.New()
	log := moderation.NewLog(db, clock.Now)
	ctx := context.Background()
	for _, e := range []moderation.Entry{
		{Actor: "a", Action: "ban", Target: "user:x"},
		{Actor: "b", Action: "mute", Target: "user:x"},
		{Actor: "a", Action: "mute", Target: "user:y"},
	} {
		if _, err := log.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
	}
	start := fakeclock.New().Now()
	for name, tc := range map[string]struct {
		f    moderation.AuditFilter
		want []int64
	}{
		"all":         {moderation.AuditFilter{}, []int64{1, 2, 3}},
		"actor":       {moderation.AuditFilter{Actor: "a"}, []int64{1, 3}},
		"action":      {moderation.AuditFilter{Action: "mute"}, []int64{2, 3}},
		"target":      {moderation.AuditFilter{Target: "user:x"}, []int64{1, 2}},
		"time range":  {moderation.AuditFilter{From: start.Add(time.Hour), To: start.Add(2 * time.Hour)}, []int64{2}},
		"combination": {moderation.AuditFilter{Actor: "a", Action: "mute"}, []int64{3}},
	} {
		got, err := log.Entries(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var seqs []int64
		for _, e := range got {
			seqs = append(seqs, e.Seq)
		}
		if fmt.Sprint(seqs) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got entries %v, want %v", name, seqs, tc.want)
		}
	}
}

// TestReportOutcomeOnce: a report takes one outcome; a second resolution is refused.
func TestReportOutcomeOnce(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	r := moderation.Report{ID: "r1", Room: "s1", Reporter: "u1", Seq: 4, Author: "u2", Reason: "spam", Created: time.Now(),
		Messages: []moderation.Excerpt{{Seq: 4, Author: "u2", Body: "buy now", Sent: time.Now(), Reported: true}}}
	if err := db.InsertReport(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertOutcome(ctx, moderation.Outcome{Report: "r1", Status: moderation.StatusDismissed, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	err := db.InsertOutcome(ctx, moderation.Outcome{Report: "r1", Status: moderation.StatusActioned, At: time.Now()})
	if !errors.Is(err, moderation.ErrTaken) {
		t.Fatalf("second outcome: got %v, want ErrTaken", err)
	}
	got, err := db.Report(ctx, "r1")
	if err != nil || got.Status() != moderation.StatusDismissed || got.Reporter != "u1" || len(got.Messages) != 1 || got.Messages[0].Body != "buy now" {
		t.Fatalf("report: got %+v, %v; want it dismissed with its message", got, err)
	}
	open, _ := db.Reports(ctx, moderation.ReportFilter{Open: true})
	if len(open) != 0 {
		t.Errorf("open reports: got %d, want 0", len(open))
	}
}

// TestSanctionDeletedOnce: of two sweepers lifting one mute, one deletes it; a mute
// renewed meanwhile (a new end) is not deleted by a sweeper that saw the old one.
func TestSanctionDeletedOnce(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	until := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := moderation.Sanction{ID: "s1|u2", Room: "s1", User: "u2", Role: "muted", Until: until, Reason: "spam"}
	if err := db.SaveSanction(ctx, s); err != nil {
		t.Fatal(err)
	}
	first, err1 := db.DeleteSanction(ctx, s.ID, until)
	second, err2 := db.DeleteSanction(ctx, s.ID, until)
	if err1 != nil || err2 != nil || !first || second {
		t.Fatalf("two deletes: got %v/%v, %v/%v; want exactly the first", first, err1, second, err2)
	}
	s.Until = until.Add(time.Hour)
	if err := db.SaveSanction(ctx, s); err != nil {
		t.Fatal(err)
	}
	if gone, _ := db.DeleteSanction(ctx, s.ID, until); gone {
		t.Fatal("a sweeper that saw the old end deleted the renewed mute")
	}
	if list, _ := db.DueSanctions(ctx, until); len(list) != 0 {
		t.Fatalf("due at the old end: got %+v, want none", list)
	}
	if list, _ := db.DueSanctions(ctx, s.Until); len(list) != 1 || !list[0].Until.Equal(s.Until) {
		t.Fatalf("due at the new end: got %+v, want the renewed one", list)
	}
}

// TestAuditPseudonyms: the log stores people under pseudonyms (never their ids), shows
// and filters them by id while their key exists, and once the key is deleted shows only
// the opaque pseudonym, with the chain still holding.
func TestAuditPseudonyms(t *testing.T) {
	db := storetest.NewDB(t)
	ctx := context.Background()
	log := moderation.NewLog(db, fakeclock.New().Now)
	for _, e := range []moderation.Entry{
		{Actor: "staff1", Action: moderation.KindMute, Target: "user:gone7@room:r1"},
		{Actor: "gone7", Action: moderation.KindBan, Target: "user:other3@room:r1"},
		{Actor: moderation.System, Action: moderation.AuditMuteLifted, Target: "user:gone7@room:r1"},
		{Actor: "staff1", Action: moderation.KindLock, Target: "room:r1"},
	} {
		if _, err := log.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	stored, err := db.AuditEntries(ctx, moderation.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range stored {
		if strings.Contains(e.Actor+e.Target, "gone7") || strings.Contains(e.Actor+e.Target, "staff1") {
			t.Errorf("stored entry %d names a user id: %+v", e.Seq, e)
		}
	}
	seqs := func(f moderation.AuditFilter) string {
		t.Helper()
		got, err := log.Entries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range got {
			out = append(out, fmt.Sprintf("%d %s %s", e.Seq, e.Actor, e.Target))
		}
		return strings.Join(out, ", ")
	}
	if got, want := seqs(moderation.AuditFilter{Target: "user:gone7@room:r1"}), "1 staff1 user:gone7@room:r1, 3 system user:gone7@room:r1"; got != want {
		t.Errorf("by target before the key goes: %q, want %q", got, want)
	}
	if got, want := seqs(moderation.AuditFilter{Actor: "gone7"}), "2 gone7 user:other3@room:r1"; got != want {
		t.Errorf("by actor before the key goes: %q, want %q", got, want)
	}
	if err := log.Forget(ctx, "gone7"); err != nil {
		t.Fatal(err)
	}
	if got := seqs(moderation.AuditFilter{Actor: "gone7"}); got != "" {
		t.Errorf("by the forgotten actor: %q, want nothing", got)
	}
	opaque := stored[1].Actor
	if !strings.HasPrefix(opaque, moderation.OpaquePrefix) {
		t.Fatalf("stored actor %q is not a pseudonym", opaque)
	}
	want := "1 staff1 user:" + opaque + "@room:r1, 2 " + opaque + " user:other3@room:r1, 3 system user:" + opaque + "@room:r1, 4 staff1 room:r1"
	if got := seqs(moderation.AuditFilter{}); got != want {
		t.Errorf("after the key goes: %q, want %q", got, want)
	}
	if got := seqs(moderation.AuditFilter{Actor: opaque}); got != "2 "+opaque+" user:other3@room:r1" {
		t.Errorf("by the opaque actor: %q", got)
	}
	if n, err := moderation.Verify(ctx, db); err != nil || n != 4 {
		t.Errorf("verify after the key went: %d, %v; want 4 entries holding", n, err)
	}
}

// TestForgetModeration: a deleted account leaves no id in reports, outcomes, sanctions
// or notices; its copied messages name the stand-in, and keep their text unless wiped.
func TestForgetModeration(t *testing.T) {
	for _, wipe := range []bool{false, true} {
		t.Run(fmt.Sprintf("wipe=%v", wipe), func(t *testing.T) {
			db := storetest.NewDB(t)
			ctx := context.Background()
			at := time.Now().UTC().Truncate(time.Millisecond)
			filed := moderation.Report{ID: "r1", Room: "s", Reporter: "gone", Seq: 1, Author: "other", Reason: moderation.ReasonSpam,
				Text: "their note", Created: at, Messages: []moderation.Excerpt{
					{Seq: 1, Author: "other", Body: "hello", Sent: at, Reported: true},
					{Seq: 2, Author: "gone", Body: "their words", Sent: at},
				}}
			of := moderation.Report{ID: "r2", Room: "s", Reporter: "other", Seq: 2, Author: "gone", Reason: moderation.ReasonSpam,
				Created: at, Messages: []moderation.Excerpt{{Seq: 2, Author: "gone", Body: "their words", Sent: at, Reported: true}}}
			for _, r := range []moderation.Report{filed, of} {
				if err := db.InsertReport(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.InsertOutcome(ctx, moderation.Outcome{Report: "r2", Status: moderation.StatusDismissed, By: "gone", At: at}); err != nil {
				t.Fatal(err)
			}
			if err := db.SaveSanction(ctx, moderation.Sanction{ID: "x", Room: "s", User: "gone", Role: "muted", Until: at, Reason: moderation.ReasonSpam}); err != nil {
				t.Fatal(err)
			}
			if err := db.InsertNotice(ctx, moderation.Notice{ID: "n1", User: "gone", Room: "s", Action: moderation.KindMute, Created: at}); err != nil {
				t.Fatal(err)
			}
			if err := db.ForgetModeration(ctx, "gone", "former-x", wipe); err != nil {
				t.Fatal(err)
			}
			mine, err := db.Reports(ctx, moderation.ReportFilter{Reporter: "gone"})
			if err != nil || len(mine) != 0 {
				t.Errorf("reports filed by the forgotten account: %+v, %v; want none", mine, err)
			}
			wantText, wantWords := "their note", "their words"
			if wipe {
				wantText, wantWords = "", ""
			}
			r1, _ := db.Report(ctx, "r1")
			if r1.Reporter != "" || r1.Text != wantText || r1.Messages[1].Author != "former-x" || r1.Messages[1].Body != wantWords || r1.Messages[0].Body != "hello" {
				t.Errorf("the report they filed: %+v", r1)
			}
			r2, _ := db.Report(ctx, "r2")
			if r2.Author != "former-x" || r2.Messages[0].Author != "former-x" || r2.Messages[0].Body != wantWords || !r2.Messages[0].Reported ||
				r2.Outcome == nil || r2.Outcome.By != "" || r2.Outcome.Status != moderation.StatusDismissed {
				t.Errorf("the report of their message: %+v (outcome %+v)", r2, r2.Outcome)
			}
			if due, _ := db.DueSanctions(ctx, at); len(due) != 0 {
				t.Errorf("their sanctions: %+v, want none", due)
			}
			if notices, _ := db.NoticesOf(ctx, "gone"); len(notices) != 0 {
				t.Errorf("their notices: %+v, want none", notices)
			}
		})
	}
}
