package people

import (
	"crypto/rand"
	"math/big"
)

// CodeAlphabet has no look-alike characters (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B), so a
// code read from a sheet or a board is typed right.
const CodeAlphabet = "ACDEFHJKMNPQRTUVWXY3479"

// RandomCode returns a code of n characters from CodeAlphabet.
func RandomCode(n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(CodeAlphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b[i] = CodeAlphabet[k.Int64()]
	}
	return string(b)
}
