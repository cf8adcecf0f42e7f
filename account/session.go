package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Session is what a user may see of one of their sessions; it never holds the token or
// its hash, and there is no IP address at all.
type Session struct {
	ID       string
	UserID   string
	Device   string
	Created  time.Time
	LastSeen time.Time
}

// Session lifetimes: the defaults of Options.IdleTimeout and Options.AbsoluteTimeout.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
	// touchInterval is how stale the stored LastSeen may get. Authenticate keeps the true
	// value in memory and writes it at most this often per session, so the hot path does
	// not write; a write lost in a crash only makes the session idle out sooner.
	touchInterval = time.Minute
)

const (
	tokenBytes     = 32 // 256 bits
	sessionIDBytes = 9  // public id: 72 bits is plenty to be unguessable among one user's sessions
)

var b64url = base64.RawURLEncoding

// newToken returns a fresh session token (base64url, no padding) and its stored hash.
func newToken() (token, hash string) {
	b := make([]byte, tokenBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	token = b64url.EncodeToString(b)
	return token, hashToken(token)
}

// hashToken is the session's document id. SHA-256 suffices: the token has 256 bits of entropy.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormedToken rejects what newToken cannot have made before any lookup, so garbage
// costs no database query.
func wellFormedToken(token string) bool {
	if len(token) != b64url.EncodedLen(tokenBytes) {
		return false
	}
	_, err := b64url.DecodeString(token)
	return err == nil
}

func newSessionID() string {
	b := make([]byte, sessionIDBytes)
	_, _ = rand.Read(b)
	return b64url.EncodeToString(b)
}

// expired reports whether a session has idled out or passed its absolute lifetime at now.
func (s *Service) expired(r SessionRecord, now time.Time) bool {
	return !now.Before(r.LastSeen.Add(s.idle)) || !now.Before(r.Created.Add(s.absolute))
}

func (r SessionRecord) public() Session {
	return Session{ID: r.ID, UserID: r.UserID, Device: r.Device, Created: r.Created, LastSeen: r.LastSeen}
}
