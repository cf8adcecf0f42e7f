package moderation

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// The audit log is append-only and hash-chained, so an entry about a person cannot be
// rewritten when their account is deleted. It never holds their user id: it holds a
// pseudonym, HMAC-SHA-256 of the id under a random key of that person's alone, kept
// outside the log. Deleting the account deletes the key (crypto-shredding): from then on
// nothing links the pseudonym back to anyone, while the entries, the action and the
// opaque id stay and the chain, computed over the stored values, still verifies.

// OpaquePrefix begins every pseudonym in the audit log.
const OpaquePrefix = "opaque:"

// AuditKeys keeps one random key per person named in the audit log.
type AuditKeys interface {
	// AuditKey returns userID's key; ErrNotFound if it has none.
	AuditKey(ctx context.Context, userID string) ([]byte, error)
	// InsertAuditKey stores userID's key and pseudonym; ErrTaken if it has a key already
	// (a unique index on the user).
	InsertAuditKey(ctx context.Context, userID string, key []byte, pseudonym string) error
	// AuditUsers returns the user of each pseudonym whose key is still stored.
	AuditUsers(ctx context.Context, pseudonyms []string) (map[string]string, error)
	// DeleteAuditKey deletes userID's key, if any.
	DeleteAuditKey(ctx context.Context, userID string) error
}

func pseudonym(key []byte, userID string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(userID))
	return OpaquePrefix + hex.EncodeToString(mac.Sum(nil)[:16])
}

// pseudonymOf returns userID's pseudonym, creating its key on first use when create is
// set; without create, ok is false when userID has no key.
func (l *Log) pseudonymOf(ctx context.Context, userID string, create bool) (p string, ok bool, err error) {
	for range 2 {
		key, err := l.st.AuditKey(ctx, userID)
		if err == nil {
			return pseudonym(key, userID), true, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return "", false, fmt.Errorf("moderation: audit key: %w", err)
		}
		if !create {
			return "", false, nil
		}
		key = make([]byte, 32)
		rand.Read(key)
		p = pseudonym(key, userID)
		err = l.st.InsertAuditKey(ctx, userID, key, p)
		if err == nil {
			return p, true, nil
		}
		if !errors.Is(err, ErrTaken) {
			return "", false, fmt.Errorf("moderation: audit key: %w", err)
		}
		// Another instance created it at the same moment: read theirs.
	}
	return "", false, fmt.Errorf("moderation: audit key of a user: %w", ErrTaken)
}

// isPerson reports whether an actor value names a person (not the system, not a
// pseudonym already).
func isPerson(actor string) bool {
	return actor != "" && actor != System && !strings.HasPrefix(actor, OpaquePrefix)
}

// splitUserTarget splits "user:<id>" or "user:<id>@room:<room>" into the id and the rest.
func splitUserTarget(target string) (id, rest string, ok bool) {
	s, found := strings.CutPrefix(target, "user:")
	if !found {
		return "", "", false
	}
	id, rest = s, ""
	if i := strings.Index(s, "@"); i >= 0 {
		id, rest = s[:i], s[i:]
	}
	return id, rest, true
}

// opaque replaces the user ids of an actor and a target by pseudonyms. With create, a
// person without a key gets one; without, ok is false if anyone named has none (so
// nothing in the log is about them).
func (l *Log) opaque(ctx context.Context, actor, target string, create bool) (string, string, bool, error) {
	ok := true
	if isPerson(actor) {
		p, found, err := l.pseudonymOf(ctx, actor, create)
		if err != nil {
			return "", "", false, err
		}
		actor, ok = p, ok && found
	}
	if id, rest, ok := splitUserTarget(target); ok && isPerson(id) {
		p, found, err := l.pseudonymOf(ctx, id, create)
		if err != nil {
			return "", "", false, err
		}
		target, ok = "user:"+p+rest, ok && found
	}
	return actor, target, ok, nil
}

// reveal shows the entries with the user id of every pseudonym whose key is still
// stored; the others stay opaque.
func (l *Log) reveal(ctx context.Context, entries []Entry) ([]Entry, error) {
	var ps []string
	for _, e := range entries {
		if strings.HasPrefix(e.Actor, OpaquePrefix) {
			ps = append(ps, e.Actor)
		}
		if id, _, ok := splitUserTarget(e.Target); ok && strings.HasPrefix(id, OpaquePrefix) {
			ps = append(ps, id)
		}
	}
	if len(ps) == 0 {
		return entries, nil
	}
	users, err := l.st.AuditUsers(ctx, ps)
	if err != nil {
		return nil, fmt.Errorf("moderation: audit: %w", err)
	}
	for i := range entries {
		e := &entries[i]
		if u, ok := users[e.Actor]; ok {
			e.Actor = u
		}
		if id, rest, ok := splitUserTarget(e.Target); ok {
			if u, found := users[id]; found {
				e.Target = "user:" + u + rest
			}
		}
	}
	return entries, nil
}

// Forget deletes userID's key: the entries about them keep the action and a pseudonym
// nothing links to them any more.
func (l *Log) Forget(ctx context.Context, userID string) error {
	if err := l.st.DeleteAuditKey(ctx, userID); err != nil {
		return fmt.Errorf("moderation: audit: %w", err)
	}
	return nil
}
