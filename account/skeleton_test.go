package account_test

import (
	"testing"

	"github.com/cascade-platform/cascade/account"
)

func TestPseudonymSkeleton(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"greek capital alpha", "CanaryLeadAlpha", "CanaryLeadΑlpha", true},
		{"cyrillic small a", "CanaryLeadAlpha", "CanaryLeadAlphа", true},
		{"cyrillic o and e", "Rosa Verde", "Rоsa Vеrde", true},
		{"capital I for l", "CanaryLeadAlpha", "CanaryLeadAIpha", true},
		{"digit 1 for l", "CanaryLeadAlpha", "CanaryLeadA1pha", true},
		{"digit 0 for O", "Olga", "0lga", true},
		{"digit 0 for o", "Rosa", "R0sa", true},
		{"case", "Ana Mara", "ANA MARA", true},
		{"full width", "Ana", "Ａｎａ", true},
		{"rn for m", "Amina", "Arnina", true},
		{"different names", "Ana", "Ann", false},
		{"a space is not nothing", "Ana Maria", "AnaMaria", false},
		{"i is not l", "Lina", "Lila", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := account.PseudonymSkeleton(tc.a), account.PseudonymSkeleton(tc.b)
			if (a == b) != tc.same {
				t.Errorf("skeletons of %q and %q: got %q and %q, want same=%v", tc.a, tc.b, a, b, tc.same)
			}
		})
	}
}
