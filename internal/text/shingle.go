package text

import "strings"

// Shingles returns the word n-grams of tokens, each written as its tokens
// joined by single spaces, in order and with repeats kept.
//
// Shingles are taken over [Tokens], which for Vietnamese are syllables, not
// segmented words: "tin giả về vắc xin" with n = 2 gives "tin giả", "giả về",
// "về vắc", "vắc xin". Syllable n-grams need no word segmenter, are stable
// under different segmentations, and for n >= 2 already capture most
// multi-syllable words, so they serve near-duplicate detection as well as
// word n-grams would. Use n = 3 or more for MinHash over posts.
//
// A text shorter than n tokens yields one shingle of all its tokens, so a
// short post still has a fingerprint; no tokens, or n < 1, yield nil.
func Shingles(tokens []string, n int) []string {
	if n < 1 || len(tokens) == 0 {
		return nil
	}
	if len(tokens) <= n {
		return []string{strings.Join(tokens, " ")}
	}
	out := make([]string, 0, len(tokens)-n+1)
	for i := 0; i+n <= len(tokens); i++ {
		out = append(out, strings.Join(tokens[i:i+n], " "))
	}
	return out
}

// ShingleHashes returns the 64-bit FNV-1a hash of each shingle of
// [Shingles](tokens, n), without building the strings: element i equals
// Hash64(Shingles(tokens, n)[i]).
//
// The hash has a fixed seed (the FNV offset basis), so values are the same
// in every process and may be stored on disk, unlike hash/maphash.
func ShingleHashes(tokens []string, n int) []uint64 {
	if n < 1 || len(tokens) == 0 {
		return nil
	}
	n = min(n, len(tokens))
	out := make([]uint64, 0, len(tokens)-n+1)
	for i := 0; i+n <= len(tokens); i++ {
		h := uint64(fnvOffset64)
		for j, t := range tokens[i : i+n] {
			if j > 0 {
				h = fnvAdd(h, " ")
			}
			h = fnvAdd(h, t)
		}
		out = append(out, h)
	}
	return out
}

// FNV-1a 64-bit parameters.
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// Hash64 returns the 64-bit FNV-1a hash of s: a fast, fixed-seed hash for
// fingerprints that are stored or compared across processes.
func Hash64(s string) uint64 {
	return fnvAdd(fnvOffset64, s)
}

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime64
	}
	return h
}
