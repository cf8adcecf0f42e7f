package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// HashParams are argon2id parameters. Zero fields take the defaults (m=64 MiB, t=2, p=1);
// tests lower them. Stored hashes carry their own parameters, so changing these later
// still verifies old hashes.
type HashParams struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultHashParams are the parameters of new hashes: m=64 MiB, t=2, p=1 (≈85 ms here).
var DefaultHashParams = HashParams{MemoryKiB: 64 * 1024, Time: 2, Threads: 1}

const (
	saltBytes = 16
	keyBytes  = 32
)

var b64 = base64.RawStdEncoding

// hasher runs argon2id behind a semaphore: each hash holds MemoryKiB of RAM, so the
// number running at once bounds memory and keeps logins from starving each other.
type hasher struct {
	params   HashParams
	sem      chan struct{}
	verifies atomic.Uint64 // counted so tests can prove unknown users cost the same work
	dummy    string        // a hash to verify against when the pseudonym is unknown
}

func newHasher(p HashParams, concurrency int) *hasher {
	if p.MemoryKiB == 0 {
		p.MemoryKiB = DefaultHashParams.MemoryKiB
	}
	if p.Time == 0 {
		p.Time = DefaultHashParams.Time
	}
	if p.Threads == 0 {
		p.Threads = DefaultHashParams.Threads
	}
	h := &hasher{params: p, sem: make(chan struct{}, concurrency)}
	// Made now, not on first use, so the first unknown pseudonym is not slower than others.
	h.dummy, _ = h.hash(context.Background(), rand.Text()) // cannot fail without a deadline
	return h
}

// acquire waits for a hashing slot or for ctx to end.
func (h *hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *hasher) release() { <-h.sem }

// hash returns the PHC string of pw with a fresh salt; it fails only when ctx ends while waiting.
func (h *hasher) hash(ctx context.Context, pw string) (string, error) {
	salt := make([]byte, saltBytes)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	p := h.params
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, keyBytes)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// verify reports whether pw matches the PHC string phc. An unparsable phc is an error
// (corrupt data), a mismatch is (false, nil).
func (h *hasher) verify(ctx context.Context, phc, pw string) (bool, error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	h.verifies.Add(1)
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// verifyDummy does the work of verify against a hash no password matches, so that an
// unknown pseudonym costs what a known one does.
func (h *hasher) verifyDummy(ctx context.Context, pw string) error {
	_, err := h.verify(ctx, h.dummy, pw)
	return err
}

var errBadPHC = errors.New("account: malformed password hash")

// parsePHC reads "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<key>" (raw standard base64).
func parsePHC(s string) (HashParams, []byte, []byte, error) {
	var p HashParams
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadPHC
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errBadPHC
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil ||
		p.MemoryKiB == 0 || p.Time == 0 || p.Threads == 0 {
		return p, nil, nil, errBadPHC
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return p, nil, nil, errBadPHC
	}
	return p, salt, key, nil
}
