package moderation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Entry is one line of the audit log: who did what to what, why and when — never a
// message body. Prev is the hash of the entry before (empty for the first), Hash the
// hash of this one over every other field, so that editing, removing or inserting an
// entry breaks the chain from there on.
type Entry struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Reason string    `json:"reason,omitempty"`
	Note   string    `json:"note,omitempty"`
	Prev   string    `json:"prev"`
	Hash   string    `json:"hash"`
}

// Actions recorded in the audit log besides the moderation actions (Kind*).
const (
	AuditApprove         = "approve"
	AuditReject          = "reject"
	AuditSuspend         = "suspend"
	AuditDisable         = "disable"
	AuditEnable          = "enable"
	AuditPublishRound    = "publish_round"
	AuditAppointMod      = "appoint_moderator"
	AuditWithdrawMod     = "withdraw_moderator"
	AuditAppointRoomMod  = "appoint_room_moderator"
	AuditWithdrawRoomMod = "withdraw_room_moderator"
	AuditOpenReport      = "open_report"
	AuditResolveReport   = "resolve_report"
	AuditMuteLifted      = "mute_lifted"
	AuditReadAudit       = "read_audit"
)

// AuditFilter selects entries; zero fields match everything.
type AuditFilter struct {
	Actor, Action, Target string
	From, To              time.Time // From inclusive, To exclusive
}

// AuditStore keeps the audit log. It has no way to change or remove an entry.
type AuditStore interface {
	// LastAuditEntry returns the entry with the highest Seq, or ErrNotFound if none.
	LastAuditEntry(ctx context.Context) (Entry, error)
	// InsertAuditEntry stores e; ErrTaken if its Seq is taken (a unique index).
	InsertAuditEntry(ctx context.Context, e Entry) error
	// AuditEntries returns the entries that match f, by ascending Seq.
	AuditEntries(ctx context.Context, f AuditFilter) ([]Entry, error)
	AuditKeys
}

// Log appends to the audit log. The unique index on Seq is what orders the chain
// across instances: an append that loses its Seq to another instance re-reads the last
// entry and links to it instead.
type Log struct {
	st  AuditStore
	now func() time.Time

	mu   sync.Mutex
	last *Entry // the last entry this instance knows of; nil: read it from the store
}

// NewLog returns the audit log on st; now may be nil (time.Now).
func NewLog(st AuditStore, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	return &Log{st: st, now: now}
}

// maxAppendAttempts bounds the retries of an append that keeps losing its Seq.
const maxAppendAttempts = 16

// Append records e (Actor, Action, Target, Reason, Note) at the current time, linked
// to the entry before it, and returns it as stored: the people it names (the actor, a
// "user:<id>" target) under their pseudonyms.
func (l *Log) Append(ctx context.Context, e Entry) (Entry, error) {
	var err error
	if e.Actor, e.Target, _, err = l.opaque(ctx, e.Actor, e.Target, true); err != nil {
		return Entry{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e.At = utc(l.now())
	for range maxAppendAttempts {
		if l.last == nil {
			last, err := l.st.LastAuditEntry(ctx)
			switch {
			case errors.Is(err, ErrNotFound):
				last = Entry{}
			case err != nil:
				return Entry{}, fmt.Errorf("moderation: audit: %w", err)
			}
			l.last = &last
		}
		e.Seq, e.Prev = l.last.Seq+1, l.last.Hash
		e.Hash = e.hash()
		err := l.st.InsertAuditEntry(ctx, e)
		if errors.Is(err, ErrTaken) {
			l.last = nil // another instance appended: link to its entry
			continue
		}
		if err != nil {
			l.last = nil
			return Entry{}, fmt.Errorf("moderation: audit: %w", err)
		}
		l.last = &e
		return e, nil
	}
	return Entry{}, fmt.Errorf("moderation: audit: %w: sequence kept being taken", ErrTaken)
}

// Entries returns the entries that match f, by ascending Seq, each person named by
// their user id while their key is stored and by their pseudonym after. f may name
// people by user id or by pseudonym.
func (l *Log) Entries(ctx context.Context, f AuditFilter) ([]Entry, error) {
	f, ok, err := l.Opaque(ctx, f)
	if err != nil || !ok {
		return nil, err
	}
	entries, err := l.st.AuditEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	return l.reveal(ctx, entries)
}

// Opaque returns f with the people it names under their pseudonyms, as the log stores
// them; ok is false if someone named has no key (nothing in the log is about them).
func (l *Log) Opaque(ctx context.Context, f AuditFilter) (AuditFilter, bool, error) {
	actor, target, ok, err := l.opaque(ctx, f.Actor, f.Target, false)
	f.Actor, f.Target = actor, target
	return f, ok, err
}

// hash is the hex SHA-256 of the entry's fields other than Hash, in a fixed encoding.
func (e Entry) hash() string {
	b, err := json.Marshal(struct {
		Seq                                       int64
		At                                        string
		Actor, Action, Target, Reason, Note, Prev string
	}{e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Target, e.Reason, e.Note, e.Prev})
	if err != nil {
		panic("moderation: hash entry: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// BrokenLink is the first entry at which the chain does not hold, and why.
type BrokenLink struct {
	Seq    int64
	Reason string
}

func (b *BrokenLink) Error() string {
	return fmt.Sprintf("audit chain broken at entry %d: %s", b.Seq, b.Reason)
}

// Verify checks the whole chain: sequence numbers 1, 2, 3… without a hole, each entry's
// hash over its own fields, and each entry's link to the hash of the one before. It
// returns the number of entries, and a *BrokenLink naming the first that fails.
func Verify(ctx context.Context, st AuditStore) (int, error) {
	entries, err := st.AuditEntries(ctx, AuditFilter{})
	if err != nil {
		return 0, err
	}
	prev := ""
	for i, e := range entries {
		want := int64(i + 1)
		switch {
		case e.Seq != want:
			return i, &BrokenLink{Seq: want, Reason: fmt.Sprintf("missing; the next entry stored is %d", e.Seq)}
		case e.Hash != e.hash():
			return i, &BrokenLink{Seq: e.Seq, Reason: "its fields do not match its hash (edited)"}
		case e.Prev != prev:
			return i, &BrokenLink{Seq: e.Seq, Reason: "it does not link to the entry before (removed, replaced or inserted)"}
		}
		prev = e.Hash
	}
	return len(entries), nil
}
