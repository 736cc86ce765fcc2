package text

import (
	"crypto/sha256"
	"encoding/hex"
)

// ContentHash returns the hex SHA-256 of the normalised text of s, for
// exact-duplicate detection: two texts that differ only in Unicode
// normalisation (NFC or NFD), letter case, white space (runs, line breaks,
// no-break spaces, leading and trailing) or invisible characters (see
// [NormalizeSpace]) have the same hash. Diacritics and punctuation count,
// so "giả" and "gia" differ.
func ContentHash(s string) string {
	sum := sha256.Sum256([]byte(Lower(NormalizeSpace(s))))
	return hex.EncodeToString(sum[:])
}
