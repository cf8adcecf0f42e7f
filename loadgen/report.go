package loadgen

import (
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// histogram records durations in log-linear microsecond buckets (64 per power of two,
// so a percentile is within ~1.6%: fine enough to tell 25 ms from 25.6 ms), lock-free:
// every reader goroutine records into it.
type histogram struct {
	counts [64 * subBuckets]atomic.Int64
	max    atomic.Int64 // µs
	n      atomic.Int64
}

// subBuckets is the buckets per power of two; values below 2*subBuckets µs are exact.
const (
	mantissaBits = 6
	subBuckets   = 1 << mantissaBits
)

func bucketOf(us int64) int {
	if us < 2*subBuckets {
		return int(max(us, 0))
	}
	e := bits.Len64(uint64(us)) - mantissaBits - 1 // keep the top bits: 1 + mantissa
	return e*subBuckets + int(us>>e)
}

// bucketTop is the largest value in bucket b: percentiles err on the high side.
func bucketTop(b int) int64 {
	if b < 2*subBuckets {
		return int64(b)
	}
	e := b/subBuckets - 1
	return (int64(b%subBuckets+subBuckets)+1)<<e - 1
}

func (h *histogram) record(d time.Duration) {
	us := d.Microseconds()
	h.counts[bucketOf(us)].Add(1)
	h.n.Add(1)
	for m := h.max.Load(); us > m && !h.max.CompareAndSwap(m, us); m = h.max.Load() {
	}
}

// ms is the q-quantile of everything recorded, in milliseconds, never above the maximum
// (a bucket's top can be).
func (h *histogram) ms(q float64) float64 {
	return min(quantile(h.snapshot(), nil, q), float64(h.max.Load())/1000)
}

// snapshot copies the counts, to diff against a later one for a progress interval.
func (h *histogram) snapshot() []int64 {
	out := make([]int64, len(h.counts))
	for i := range h.counts {
		out[i] = h.counts[i].Load()
	}
	return out
}

// quantile of counts (optionally minus an earlier snapshot), in milliseconds.
func quantile(now, before []int64, q float64) float64 {
	var total int64
	for i := range now {
		total += now[i] - at(before, i)
	}
	if total == 0 {
		return 0
	}
	rank := int64(q*float64(total-1)) + 1
	var seen int64
	for i := range now {
		if seen += now[i] - at(before, i); seen >= rank {
			return float64(bucketTop(i)) / 1000
		}
	}
	return 0
}

func at(s []int64, i int) int64 {
	if s == nil {
		return 0
	}
	return s[i]
}

// seqSet is the set of seqs one socket has seen in its room.
type seqSet []uint64

func (s seqSet) has(seq int64) bool {
	i := int(seq / 64)
	return seq >= 0 && i < len(s) && s[i]&(1<<(seq%64)) != 0
}

func (s *seqSet) add(seq int64) {
	if seq < 0 {
		return
	}
	i := int(seq / 64)
	for len(*s) <= i {
		*s = append(*s, 0)
	}
	(*s)[i] |= 1 << (seq % 64)
}

// roomSeqs is every seq acked in each room: what every subscriber of the room must see.
type roomSeqs struct {
	mu    sync.Mutex
	rooms map[string][]int64
}

func (r *roomSeqs) add(room string, seq int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rooms == nil {
		r.rooms = map[string][]int64{}
	}
	r.rooms[room] = append(r.rooms[room], seq)
}

func (r *roomSeqs) of(room string) []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rooms[room]
}

// errorCounts counts error frames by code.
type errorCounts struct {
	mu sync.Mutex
	n  map[string]int
}

func (e *errorCounts) note(code string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.n == nil {
		e.n = map[string]int{}
	}
	e.n[code]++
}

func (e *errorCounts) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var parts []string
	for code, n := range e.n {
		parts = append(parts, fmt.Sprintf("%s:%d", code, n))
	}
	sort.Strings(parts)
	if parts == nil {
		return "none"
	}
	return strings.Join(parts, ",")
}

// loadStats is what the sockets of one scenario count as they go.
type loadStats struct {
	latency, ackLatency histogram
	sent, acked         atomic.Int64
	deliveries          atomic.Int64 // live messages received
	replayed            atomic.Int64 // messages received as a join's replay
	duplicates          atomic.Int64
	orderViolations     atomic.Int64
	badFrames           atomic.Int64
	errors              errorCounts
	ackedSeqs           roomSeqs
}

// loadResult is one scenario's outcome; line prints it as key=value pairs.
type loadResult struct {
	scenario string
	fields   []field
	// faults: losses, duplicates and order violations (and, for reconnect, clients not
	// recovered). Any makes the run fail.
	faults int64
}

type field struct {
	key string
	val any
}

func (r *loadResult) add(key string, val any) { r.fields = append(r.fields, field{key, val}) }

func (r *loadResult) ok() bool { return r.faults == 0 }

func (r *loadResult) line() string {
	var b strings.Builder
	b.WriteString("result scenario=" + r.scenario)
	for _, f := range r.fields {
		switch v := f.val.(type) {
		case float64:
			fmt.Fprintf(&b, " %s=%.3g", f.key, v)
		default:
			fmt.Fprintf(&b, " %s=%v", f.key, v)
		}
	}
	return b.String()
}

// addTraffic adds what every scenario that sends messages reports.
func (r *loadResult) addTraffic(st *loadStats, losses int64, elapsed time.Duration) {
	r.add("sent", st.sent.Load())
	r.add("acked", st.acked.Load())
	r.add("errors", st.errors.String())
	r.add("deliveries", st.deliveries.Load())
	r.add("deliveries_per_s", float64(st.deliveries.Load())/elapsed.Seconds())
	r.add("acked_per_s", float64(st.acked.Load())/elapsed.Seconds())
	r.add("p50_ms", st.latency.ms(0.50))
	r.add("p99_ms", st.latency.ms(0.99))
	r.add("max_ms", float64(st.latency.max.Load())/1000)
	r.add("ack_p50_ms", st.ackLatency.ms(0.50))
	r.add("ack_p99_ms", st.ackLatency.ms(0.99))
	r.addFaults(st, losses)
}

func (r *loadResult) addFaults(st *loadStats, losses int64) {
	dups, order := st.duplicates.Load(), st.orderViolations.Load()
	r.add("losses", losses)
	r.add("duplicates", dups)
	r.add("order_violations", order)
	r.faults += losses + dups + order
}
