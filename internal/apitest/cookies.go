package apitest

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// cookies holds what the server set, by name; the server is one origin and every
// cookie it sets has Path=/, so domain and path are not tracked.
type cookies struct {
	mu     sync.Mutex
	byName map[string]*http.Cookie
}

func (j *cookies) update(set []*http.Cookie, now time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, ck := range set {
		// net/http turns Max-Age=0 into MaxAge -1; fasthttp writes a deletion as Max-Age=0
		// or as an Expires in the past.
		if ck.MaxAge < 0 || ck.Value == "" || (!ck.Expires.IsZero() && !ck.Expires.After(now)) {
			delete(j.byName, ck.Name)
			continue
		}
		j.byName[ck.Name] = ck
	}
}

func (j *cookies) get(name string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	if ck, ok := j.byName[name]; ok {
		return ck.Value
	}
	return ""
}

func (j *cookies) set(name, value string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if value == "" {
		delete(j.byName, name)
		return
	}
	j.byName[name] = &http.Cookie{Name: name, Value: value}
}

func (j *cookies) header() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	names := make([]string, 0, len(j.byName))
	for n := range j.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, (&http.Cookie{Name: n, Value: j.byName[n].Value}).String())
	}
	return strings.Join(parts, "; ")
}
