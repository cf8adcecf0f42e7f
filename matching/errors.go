package matching

import (
	"errors"
	"fmt"
)

// Sentinel errors. Functions wrap them with %w and a short context, so
// callers test with errors.Is.
var (
	// ErrInvalidID: an id is empty.
	ErrInvalidID = errors.New("invalid id")
	// ErrUnknownID: an id refers to no request or mentor of the instance.
	ErrUnknownID = errors.New("unknown id")
	// ErrDuplicateID: an id appears twice where it must be unique
	// (two requests, two mentors, or twice in one preference list).
	ErrDuplicateID = errors.New("duplicate id")
	// ErrDuplicatePair: the same (request, mentor) pair is scored twice.
	ErrDuplicatePair = errors.New("duplicate pair")
	// ErrInvalidScore: a score is NaN, infinite or negative.
	ErrInvalidScore = errors.New("invalid score")
	// ErrInvalidCapacity: a capacity is negative.
	ErrInvalidCapacity = errors.New("invalid capacity")
	// ErrInvalidProfile: a request or mentor profile has out-of-range values.
	ErrInvalidProfile = errors.New("invalid profile")
	// ErrInvalidWeights: a weight is negative, NaN or infinite.
	ErrInvalidWeights = errors.New("invalid weights")
	// ErrLockConflict: locks that cannot all hold (a locked pair is also
	// banned, a request is locked to two mentors, or a mentor has more
	// locks than capacity).
	ErrLockConflict = errors.New("lock conflict")

	// Errors of CheckValid and CheckStable: the assignment breaks a rule.

	// ErrDuplicateAssignment: a request is assigned twice.
	ErrDuplicateAssignment = errors.New("request assigned twice")
	// ErrNotAcceptable: an assigned pair is not acceptable in the mode.
	ErrNotAcceptable = errors.New("pair not acceptable")
	// ErrBanned: an assigned pair is banned.
	ErrBanned = errors.New("pair banned")
	// ErrOverCapacity: a mentor holds more requests than its capacity.
	ErrOverCapacity = errors.New("over capacity")
	// ErrLockMissing: a locked pair is not in the assignment.
	ErrLockMissing = errors.New("locked pair missing")
)

// WarningCode names a kind of doubtful but solvable input.
type WarningCode string

// Warning codes reported by NewInstance.
const (
	// WarnNonReciprocal: a preference list names a partner whose own list
	// does not name it back; the pair is not acceptable in stable mode.
	WarnNonReciprocal WarningCode = "non_reciprocal"
	// WarnEmptyPrefs: preferences are given but some list is empty.
	WarnEmptyPrefs WarningCode = "empty_prefs"
	// WarnZeroCapacity: a mentor has capacity 0 and can take no request.
	WarnZeroCapacity WarningCode = "zero_capacity"
	// WarnNoScores: the instance has no scores, so optimal mode and the
	// greedy baselines can assign nothing but locked pairs.
	WarnNoScores WarningCode = "no_scores"
)

// Warning reports doubtful input once per code: how many cases and the
// first one in id order, so a huge instance does not flood the caller.
type Warning struct {
	Code    WarningCode
	Count   int
	Example string
}

func (w Warning) String() string {
	return fmt.Sprintf("%s: %d case(s), e.g. %s", w.Code, w.Count, w.Example)
}
