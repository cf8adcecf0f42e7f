package loadgen

import (
	"math"
	"testing"
)

// Every value falls in a bucket whose top is at least the value and within 1/64 of it,
// and buckets are in value order, so a percentile errs high by under 1.6 %.
func TestHistogramBuckets(t *testing.T) {
	last := -1
	for _, us := range []int64{0, 1, 127, 128, 129, 255, 256, 1000, 24_999, 25_000, 25_400, 25_600, 1 << 20, 3_600_000_000, math.MaxInt64 / 2} {
		b := bucketOf(us)
		top := bucketTop(b)
		if b < last || b >= len(histogram{}.counts) {
			t.Fatalf("%d µs: bucket %d after %d (of %d)", us, b, last, len(histogram{}.counts))
		}
		if top < us || float64(top-us) > float64(us)/subBuckets {
			t.Fatalf("%d µs: bucket %d tops at %d", us, b, top)
		}
		if b > 0 && bucketTop(b-1) >= us {
			t.Fatalf("%d µs: the bucket below (%d) tops at %d", us, b-1, bucketTop(b-1))
		}
		last = b
	}
	var h histogram
	for us := int64(1); us <= 100_000; us++ {
		h.counts[bucketOf(us)].Add(1)
	}
	if p99 := quantile(h.snapshot(), nil, 0.99); p99 < 99 || p99 > 99*(1+1.0/subBuckets) {
		t.Fatalf("p99 of 1..100,000 µs: %v ms", p99)
	}
}
