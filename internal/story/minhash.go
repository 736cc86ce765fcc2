package story

import "math/bits"

// NumHashes is the number of MinHash permutations in a [Signature].
const NumHashes = 128

// Signature is a MinHash signature: for each of [NumHashes] fixed hash
// functions, the least hash value over a post's shingles. The fraction of
// positions where two signatures agree estimates the Jaccard similarity of
// their shingle sets.
type Signature [NumHashes]uint32

// minhashSeed fixes the hash functions, so signatures are the same in every
// process and may be compared with ones rebuilt from the store.
const minhashSeed = 0x5eed_f4c7_de5c_0001

// perm holds the multipliers (odd) and offsets of the hash functions
// h_i(x) = (a_i*x + b_i) >> 32, a multiply-shift family applied to
// well-mixed 64-bit shingle hashes.
type perm struct{ a, b [NumHashes]uint64 }

// perms is computed once from minhashSeed; it is a constant table, not state.
var perms = func() perm {
	var p perm
	s := uint64(minhashSeed)
	for i := range NumHashes {
		p.a[i] = splitmix(&s) | 1
		p.b[i] = splitmix(&s)
	}
	return p
}()

// splitmix advances the SplitMix64 generator state and returns its next value.
func splitmix(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	return mix64(*state)
}

// mix64 is the SplitMix64 finaliser: a fast bijective mixer of 64-bit values.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// MinHash computes the signature of a set of 64-bit shingle hashes (repeats
// are harmless). An empty set gives the all-ones signature, which callers
// avoid by always giving at least one shingle.
func MinHash(shingles []uint64) Signature {
	var sig Signature
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	for _, h := range shingles {
		x := mix64(h)
		for i := range NumHashes {
			v := uint32((perms.a[i]*x + perms.b[i]) >> 32)
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// Jaccard estimates the Jaccard similarity of the shingle sets behind two
// signatures: the fraction of positions where they agree.
func Jaccard(a, b *Signature) float64 {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / NumHashes
}

// compact is a signature reduced to the low 8 bits of each value (b-bit
// MinHash): a quarter of the memory, for the representative posts an index
// keeps. Two unrelated values agree by chance with probability 1/256, which
// compactJaccard corrects for.
type compact [NumHashes]byte

func compactOf(s *Signature) compact {
	var c compact
	for i, v := range s {
		c[i] = byte(v)
	}
	return c
}

// compactJaccard estimates the Jaccard similarity of a full signature and a
// compact one, corrected for chance agreement of 8-bit values.
func compactJaccard(s *Signature, c *compact) float64 {
	n := 0
	for i := range c {
		if byte(s[i]) == c[i] {
			n++
		}
	}
	const chance = 1.0 / 256
	j := (float64(n)/NumHashes - chance) / (1 - chance)
	return max(0, j)
}

// bandKey hashes rows [band*rows, band*rows+rows) of sig, and the band
// number, into one LSH key.
func bandKey(sig *Signature, band, rows int) uint64 {
	h := uint64(band+1) * 0x9e3779b97f4a7c15
	for _, v := range sig[band*rows : band*rows+rows] {
		h = bits.RotateLeft64(h^uint64(v), 27) * 0x94d049bb133111eb
	}
	return mix64(h)
}
