package account

import (
	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
)

// PseudonymSkeleton returns what a pseudonym looks like, for uniqueness: two names with
// the same skeleton cannot both be taken, so nobody can pass as someone else with Greek
// or Cyrillic letters, I or 1 for l, or 0 for O. It is the confusable skeleton of
// Unicode TS #39 (data of Unicode 13), taken around case folding: the first skeleton
// turns I and 1 into l and 0 into O before folding would make I an i, and the second maps
// what folding produced. Callers pass a normalised pseudonym; the skeleton is stored and
// indexed, never shown.
func PseudonymSkeleton(s string) string {
	return confusables.Skeleton(fold(confusables.Skeleton(norm.NFKC.String(s))))
}
