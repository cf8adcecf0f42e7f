package web

import (
	"errors"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/internal/fakeclock"
)

// retryAfter returns take's pause, 0 when it let the attempt through.
func retryAfter(t *testing.T, r *rateLimit, addr string) time.Duration {
	t.Helper()
	err := r.take(addr)
	if err == nil {
		return 0
	}
	var te *account.ThrottledError
	if !errors.As(err, &te) {
		t.Fatalf("take(%s): got %v, want nil or *account.ThrottledError", addr, err)
	}
	return te.RetryAfter
}

func TestRateLimit(t *testing.T) {
	clk := fakeclock.New()
	r := newRateLimit(ApplicationLimits{PerAddress: 2, Total: 3}, clk.Now)
	steps := []struct {
		addr    string
		advance time.Duration
		want    time.Duration
	}{
		{"a", 0, 0},
		{"a", 0, 0},
		{"a", 0, 30 * time.Minute}, // 2 an hour: room for one more in half an hour
		{"b", 0, 0},
		{"c", 0, 20 * time.Minute}, // everyone's 3 an hour are spent
		{"a", 20 * time.Minute, 10 * time.Minute}, // everyone has room again, a not yet
		{"a", 10 * time.Minute, 0},
		{"b", 0, 10 * time.Minute}, // b has room, everyone not
		{"b", 10 * time.Minute, 0}, // refused attempts took nothing
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		if got := retryAfter(t, r, s.addr); got != s.want {
			t.Fatalf("step %d (%s): got pause %v, want %v", i+1, s.addr, got, s.want)
		}
	}
}

func TestRateLimitOff(t *testing.T) {
	r := newRateLimit(ApplicationLimits{}, fakeclock.New().Now)
	for range 1000 {
		if err := r.take("a"); err != nil {
			t.Fatalf("take with no limits: %v", err)
		}
	}
}
