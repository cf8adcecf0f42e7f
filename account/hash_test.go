package account

import (
	"context"
	"errors"
	"regexp"
	"testing"
)

var testParams = HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

func TestHashVerify(t *testing.T) {
	ctx := context.Background()
	h := newHasher(DefaultHashParams, 1)
	phc, err := h.hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	shape := regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !shape.MatchString(phc) {
		t.Errorf("got %q, want a PHC argon2id string with m=65536,t=2,p=1", phc)
	}
	other, _ := h.hash(ctx, "correct horse battery staple")
	if other == phc {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		pw   string
		want bool
	}{{"correct horse battery staple", true}, {"correct horse battery stapl", false}, {"", false}}
	for _, tc := range tests {
		if ok, err := h.verify(ctx, phc, tc.pw); ok != tc.want || err != nil {
			t.Errorf("verify(%q): got %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	// Hashes keep their own parameters: a service with other defaults still verifies them.
	if ok, err := newHasher(testParams, 1).verify(ctx, phc, "correct horse battery staple"); !ok || err != nil {
		t.Errorf("verify with other current parameters: got %v, %v; want true", ok, err)
	}
}

func TestParsePHCRejects(t *testing.T) {
	for _, s := range []string{
		"", "$argon2i$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=18$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=65536,t=2,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0",
	} {
		if _, _, _, err := parsePHC(s); !errors.Is(err, errBadPHC) {
			t.Errorf("parsePHC(%q): got %v, want errBadPHC", s, err)
		}
	}
}

// TestHashWaitsForSlot: with every slot taken, hashing waits and gives up with ctx.
func TestHashWaitsForSlot(t *testing.T) {
	h := newHasher(testParams, 1)
	if err := h.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.hash(ctx, "correct horse battery staple"); !errors.Is(err, context.Canceled) {
		t.Errorf("hash with all slots busy and ctx cancelled: got %v, want context.Canceled", err)
	}
	h.release()
}
