package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of the CPU times in /proc/<pid>/stat: USER_HZ, 100 on every Linux
// architecture Go supports (it is part of the kernel ABI, not the configured HZ).
const userHZ = 100

// procSample is the server's CPU time and resident memory at one moment.
type procSample struct {
	cpu time.Duration
	rss int64 // bytes
}

// sampleProc reads /proc for pid; without a pid (0) it returns a zero sample.
func sampleProc(pid int) (procSample, error) {
	if pid == 0 {
		return procSample{}, nil
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procSample{}, err
	}
	// The command name (field 2) may hold spaces; the fields after it are plain.
	rest := string(stat)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	f := strings.Fields(rest) // f[0] is field 3 (state); utime and stime are fields 14 and 15
	if len(f) < 13 {
		return procSample{}, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return procSample{}, fmt.Errorf("/proc/%d/stat: bad CPU times", pid)
	}
	s := procSample{cpu: time.Duration(utime+stime) * time.Second / userHZ}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procSample{}, err
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return procSample{}, fmt.Errorf("/proc/%d/status: VmRSS %q", pid, v)
			}
			s.rss = kb << 10
		}
	}
	return s, nil
}

// runtimeSample is the server's own account of its memory, from its /metrics (on the operators' listener): steadier
// than RSS, which keeps pages the Go heap has freed until the scavenger returns them.
type runtimeSample struct {
	goroutines, heapInuse, stackInuse float64
}

func sampleRuntime(ctx context.Context, api *loadAPI) (runtimeSample, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, api.metricsURL, nil)
	if err != nil {
		return runtimeSample{}, err
	}
	resp, err := api.http.Do(req)
	if err != nil {
		return runtimeSample{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return runtimeSample{}, fmt.Errorf("%s: %s (see -metrics-url)", api.metricsURL, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return runtimeSample{}, err
	}
	var s runtimeSample
	for line := range strings.Lines(string(data)) {
		name, val, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_goroutines":
			s.goroutines = v
		case "go_memstats_heap_inuse_bytes":
			s.heapInuse = v
		case "go_memstats_stack_inuse_bytes":
			s.stackInuse = v
		}
	}
	return s, nil
}
