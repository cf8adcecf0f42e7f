package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// RecoveryCodeCount codes are made at signup, each usable once.
const RecoveryCodeCount = 10

// recoveryAlphabet has 31 symbols without the 0/O and 1/I/L look-alikes, so codes copied by
// hand survive; 16 symbols give 79 bits, out of reach of guessing, so a fast hash is enough.
const recoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const recoveryGroups, recoveryGroupLen = 4, 4

// newRecoveryCodes returns codes to show once ("ABCD-EFGH-JKMN-PQRS") and their hashes to store.
func newRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodeCount {
		raw := make([]byte, recoveryGroups*recoveryGroupLen)
		b := make([]byte, len(raw))
		_, _ = rand.Read(b) // crypto/rand.Read never fails
		for i := range raw {
			// 248 = 8×31: rejecting higher bytes keeps every symbol equally likely.
			for b[i] >= 248 {
				var one [1]byte
				_, _ = rand.Read(one[:])
				b[i] = one[0]
			}
			raw[i] = recoveryAlphabet[int(b[i])%len(recoveryAlphabet)]
		}
		var sb strings.Builder
		for g := range recoveryGroups {
			if g > 0 {
				sb.WriteByte('-')
			}
			sb.Write(raw[g*recoveryGroupLen : (g+1)*recoveryGroupLen])
		}
		codes = append(codes, sb.String())
		hashes = append(hashes, hashRecoveryCode(sb.String()))
	}
	return codes, hashes
}

// hashRecoveryCode hashes a code as typed: case, spaces and dashes do not matter.
func hashRecoveryCode(code string) string {
	code = strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(code))
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}
