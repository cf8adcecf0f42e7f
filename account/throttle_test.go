package account

import (
	"testing"
	"time"
)

func TestThrottle(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		run  func(th *throttle) time.Duration // returns begin's answer at the end
		want time.Duration
	}{
		{"nine failures are free", func(th *throttle) time.Duration {
			failN(th, t0, 9)
			return th.begin("k", t0)
		}, 0},
		{"tenth failure starts the pause", func(th *throttle) time.Duration {
			failN(th, t0, 10)
			return th.begin("k", t0)
		}, time.Second},
		{"pause capped", func(th *throttle) time.Duration {
			now := t0
			for range 40 {
				if d := th.begin("k", now); d > 0 {
					now = now.Add(d)
					continue
				}
				th.end("k", now, false)
			}
			return th.begin("k", now)
		}, maxBackoff},
		{"forgotten after an hour", func(th *throttle) time.Duration {
			failN(th, t0, 12)
			return th.begin("k", t0.Add(forgetAfter))
		}, 0},
		{"success resets", func(th *throttle) time.Duration {
			failN(th, t0, 9)
			th.begin("k", t0)
			th.end("k", t0, true)
			failN(th, t0, 9)
			return th.begin("k", t0)
		}, 0},
		{"parallel attempts limited after the free ones", func(th *throttle) time.Duration {
			for range freeAttempts - 1 {
				th.begin("k", t0) // nine in flight
			}
			if d := th.begin("k", t0); d != 0 {
				return d
			}
			return th.begin("k", t0) // the eleventh in flight
		}, firstBackoff},
		{"abandoned attempts do not count", func(th *throttle) time.Duration {
			for range 20 {
				th.begin("k", t0)
				th.abandon("k")
			}
			return th.begin("k", t0)
		}, 0},
		{"other keys unaffected", func(th *throttle) time.Duration {
			failN(th, t0, 15)
			return th.begin("other", t0)
		}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.run(newThrottle()); got != tc.want {
				t.Errorf("got pause %v, want %v", got, tc.want)
			}
		})
	}
}

// The per-address count has more free failures and survives successes, so an attacker's
// own account cannot wipe the address's count between guesses.
func TestAddressThrottle(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	th := newAddressThrottle()
	failN(th, t0, addressFreeAttempts-1)
	if d := th.begin("k", t0); d != 0 {
		t.Fatalf("after %d failures: got pause %v, want none", addressFreeAttempts-1, d)
	}
	th.end("k", t0, true) // a success in between
	failN(th, t0, 1)
	if d := th.begin("k", t0); d != firstBackoff {
		t.Errorf("after %d failures and a success: got pause %v, want %v", addressFreeAttempts, d, firstBackoff)
	}
}

func failN(th *throttle, now time.Time, n int) {
	for range n {
		th.begin("k", now)
		th.end("k", now, false)
	}
}
