package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Input is a round instance in terms of ids: the shape of `cascade match`
// and of offline rounds. Preferences list the most preferred first; when
// any list is given, a pair is mutually acceptable only if each side lists
// the other. When no list is given at all, preferences are derived from
// the scores (higher first, ties by smaller id) and every scored pair is
// mutually acceptable. A scored pair is allowed in optimal mode; an
// unscored one is not.
type Input struct {
	Requests []RequestPrefs
	Mentors  []MentorPrefs
	Scores   []PairScore
	Locked   []Pair
	Banned   []Pair
}

// RequestPrefs is a request and its preference list of mentor ids.
type RequestPrefs struct {
	ID    string
	Prefs []string
}

// MentorPrefs is a mentor, its capacity and its preference list of
// request ids.
type MentorPrefs struct {
	ID       string
	Capacity int
	Prefs    []string
}

// PairScore is the score of one allowed pair.
type PairScore struct {
	Request string
	Mentor  string
	Score   float64
}

// notRanked is the mentor rank of a pair the mentor does not list: worse
// than every listed request.
const notRanked = math.MaxInt32

// edge is a (request, mentor) pair stored under its request.
type edge struct {
	mentor int32
	mRank  int32 // the mentor's rank of the request, or notRanked
	score  float64
	mutual bool // acceptable in stable mode
	scored bool // allowed in optimal mode
}

// Instance is a validated, indexed round instance. Requests and mentors
// are indexed in id order, which is what makes every solver's tie-breaks
// independent of input order. An Instance is read-only after NewInstance
// and safe for concurrent use.
type Instance struct {
	reqIDs, menIDs []string
	reqIdx, menIdx map[string]int32
	capacity       []int
	// Request r's edges are edges[start[r]:start[r+1]]: the mutually
	// acceptable ones first, in r's order of preference, then the
	// scored-only ones by mentor index.
	start     []int32
	edges     []edge
	lockedTo  []int32 // the mentor a request is locked to, or -1
	lockCount []int   // locked requests per mentor
	banned    map[[2]int32]struct{}
	warnings  []Warning
}

// NewInstance validates in and indexes it for the solvers and verifiers.
// It takes time linear in the input plus sorting.
//
// Errors: ErrInvalidID (empty id), ErrDuplicateID (two requests or two
// mentors with one id, or an id twice in one list), ErrUnknownID (a
// preference, score, lock or ban naming no request or mentor),
// ErrInvalidCapacity (negative), ErrInvalidScore (NaN, infinite or
// negative), ErrDuplicatePair (a pair scored twice), ErrLockConflict.
// Doubtful but solvable input is reported by Warnings.
func NewInstance(in Input) (*Instance, error) {
	inst := &Instance{}
	reqPrefs, err := inst.indexRequests(in.Requests)
	if err != nil {
		return nil, err
	}
	menPrefs, err := inst.indexMentors(in.Mentors)
	if err != nil {
		return nil, err
	}
	if err := inst.indexBans(in.Banned); err != nil {
		return nil, err
	}
	b := builder{inst: inst, warn: map[WarningCode]*Warning{}}
	if err := b.build(reqPrefs, menPrefs, in.Scores); err != nil {
		return nil, err
	}
	if err := inst.indexLocks(in.Locked); err != nil {
		return nil, err
	}
	for _, c := range []WarningCode{WarnZeroCapacity, WarnEmptyPrefs, WarnNonReciprocal} {
		if w := b.warn[c]; w != nil {
			inst.warnings = append(inst.warnings, *w)
		}
	}
	return inst, nil
}

// Warnings returns the doubtful-input warnings, at most one per code.
func (in *Instance) Warnings() []Warning { return slices.Clone(in.warnings) }

// RequestIDs returns the request ids in index (sorted) order.
func (in *Instance) RequestIDs() []string { return slices.Clone(in.reqIDs) }

// MentorIDs returns the mentor ids in index (sorted) order.
func (in *Instance) MentorIDs() []string { return slices.Clone(in.menIDs) }

// reqEdges returns request r's edges.
func (in *Instance) reqEdges(r int) []edge { return in.edges[in.start[r]:in.start[r+1]] }

// residual is each mentor's capacity left after its locked requests.
func (in *Instance) residual() []int {
	res := make([]int, len(in.capacity))
	for m, c := range in.capacity {
		res[m] = c - in.lockCount[m]
	}
	return res
}

// indexIDs sorts ids, rejecting empty and duplicate ones, and returns the
// sorted ids, the id → index map and each input position's index.
func indexIDs(kind string, ids []string) ([]string, map[string]int32, []int32, error) {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	for i, id := range sorted {
		if id == "" {
			return nil, nil, nil, fmt.Errorf("%s: %w: empty", kind, ErrInvalidID)
		}
		if i > 0 && sorted[i-1] == id {
			return nil, nil, nil, fmt.Errorf("%s %q: %w", kind, id, ErrDuplicateID)
		}
	}
	idx := make(map[string]int32, len(sorted))
	for i, id := range sorted {
		idx[id] = int32(i)
	}
	pos := make([]int32, len(ids))
	for i, id := range ids {
		pos[i] = idx[id]
	}
	return sorted, idx, pos, nil
}

func (in *Instance) indexRequests(reqs []RequestPrefs) ([][]string, error) {
	ids := make([]string, len(reqs))
	for i, r := range reqs {
		ids[i] = r.ID
	}
	var pos []int32
	var err error
	if in.reqIDs, in.reqIdx, pos, err = indexIDs("request", ids); err != nil {
		return nil, err
	}
	prefs := make([][]string, len(reqs))
	for i, r := range reqs {
		prefs[pos[i]] = r.Prefs
	}
	return prefs, nil
}

func (in *Instance) indexMentors(mentors []MentorPrefs) ([][]string, error) {
	ids := make([]string, len(mentors))
	for i, m := range mentors {
		ids[i] = m.ID
	}
	var pos []int32
	var err error
	if in.menIDs, in.menIdx, pos, err = indexIDs("mentor", ids); err != nil {
		return nil, err
	}
	prefs := make([][]string, len(mentors))
	in.capacity = make([]int, len(mentors))
	for i, m := range mentors {
		if m.Capacity < 0 {
			return nil, fmt.Errorf("mentor %q: %w: %d", m.ID, ErrInvalidCapacity, m.Capacity)
		}
		prefs[pos[i]] = m.Prefs
		in.capacity[pos[i]] = m.Capacity
	}
	return prefs, nil
}

// pair looks up both ids of p.
func (in *Instance) pair(what string, p Pair) (int32, int32, error) {
	r, ok := in.reqIdx[p.Request]
	if !ok {
		return 0, 0, fmt.Errorf("%s (%q, %q): request: %w", what, p.Request, p.Mentor, ErrUnknownID)
	}
	m, ok := in.menIdx[p.Mentor]
	if !ok {
		return 0, 0, fmt.Errorf("%s (%q, %q): mentor: %w", what, p.Request, p.Mentor, ErrUnknownID)
	}
	return r, m, nil
}

func (in *Instance) indexBans(bans []Pair) error {
	in.banned = make(map[[2]int32]struct{}, len(bans))
	for _, p := range bans {
		r, m, err := in.pair("ban", p)
		if err != nil {
			return err
		}
		in.banned[[2]int32{r, m}] = struct{}{}
	}
	return nil
}

func (in *Instance) isBanned(r, m int32) bool {
	if len(in.banned) == 0 {
		return false
	}
	_, ok := in.banned[[2]int32{r, m}]
	return ok
}

// indexLocks records the locks; a repeated identical lock is harmless.
func (in *Instance) indexLocks(locks []Pair) error {
	in.lockedTo = make([]int32, len(in.reqIDs))
	for i := range in.lockedTo {
		in.lockedTo[i] = -1
	}
	in.lockCount = make([]int, len(in.menIDs))
	for _, p := range locks {
		r, m, err := in.pair("lock", p)
		if err != nil {
			return err
		}
		switch {
		case in.isBanned(r, m):
			return fmt.Errorf("lock (%q, %q): %w: the pair is banned", p.Request, p.Mentor, ErrLockConflict)
		case in.lockedTo[r] == m:
			continue
		case in.lockedTo[r] >= 0:
			return fmt.Errorf("lock (%q, %q): %w: request already locked to %q", p.Request, p.Mentor, ErrLockConflict, in.menIDs[in.lockedTo[r]])
		}
		in.lockedTo[r] = m
		in.lockCount[m]++
		if in.lockCount[m] > in.capacity[m] {
			return fmt.Errorf("lock (%q, %q): %w: more locks than capacity %d", p.Request, p.Mentor, ErrLockConflict, in.capacity[m])
		}
	}
	return nil
}

// rankByScore is used when preferences come from scores: each mentor
// ranks its requests by score, higher first, ties by smaller request index.
func (in *Instance) rankByScore() {
	type entry struct {
		r     int32
		e     int32
		score float64
	}
	byMentor := make([][]entry, len(in.menIDs))
	for r := range in.reqIDs {
		for e := in.start[r]; e < in.start[r+1]; e++ {
			m := in.edges[e].mentor
			byMentor[m] = append(byMentor[m], entry{int32(r), e, in.edges[e].score})
		}
	}
	for _, list := range byMentor {
		slices.SortFunc(list, func(a, b entry) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.r, b.r)
		})
		for rank, x := range list {
			in.edges[x.e].mRank = int32(rank)
		}
	}
}
