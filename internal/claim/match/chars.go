package match

import (
	"math/bits"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/text"
)

// gramSizes are the lengths of the character n-grams compared: they let
// "wildfires" meet "fires", "Australian" meet "Australia" and a typo meet
// the word it misspells, which whole words cannot.
var gramSizes = [2]int{3, 5}

// gramText is the form n-grams are taken from: the folded words (stop
// words kept) joined by single spaces and padded with one.
func gramText(s string) string {
	return " " + strings.Join(text.Words(text.Fold(s)), " ") + " "
}

// eachGram calls f(k, h) with the hash h of every n-gram of s (runes) of
// size gramSizes[k], all sizes in one pass (a rolling polynomial hash).
func eachGram(s string, f func(k int, h uint32)) {
	const p = 16777619
	var win [8]rune // the last runes, in a ring
	var hs, pow [len(gramSizes)]uint32
	for k, n := range gramSizes {
		pow[k] = 1
		for range n {
			pow[k] *= p
		}
	}
	i := 0
	for _, r := range s {
		for k, n := range gramSizes {
			hs[k] = hs[k]*p + uint32(r)
			if i >= n {
				hs[k] -= uint32(win[(i-n)&7]) * pow[k]
			}
			if i >= n-1 {
				f(k, hs[k]|1) // never 0, which marks an empty slot
			}
		}
		win[i&7] = r
		i++
	}
}

// gramSet is a set of n-gram hashes (open addressing, linear probing).
type gramSet struct {
	slots []uint32
	n     int
}

// newGramSet returns a set sized for about n hashes.
func newGramSet(n int) *gramSet {
	size := 1 << bits.Len(uint(2*n+16))
	return &gramSet{slots: make([]uint32, size)}
}

// add inserts h and reports whether it was new. The set must not fill.
func (s *gramSet) add(h uint32) bool {
	mask := uint32(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return false
		case 0:
			s.slots[i] = h
			s.n++
			return true
		}
	}
}

func (s *gramSet) has(h uint32) bool {
	mask := uint32(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

// reset empties the set, sized for about n hashes.
func (s *gramSet) reset(n int) {
	if need := 2*n + 16; need > len(s.slots) || len(s.slots) > 4096 && len(s.slots) > 8*need {
		// too small, or grown by a long text far beyond this one
		*s = *newGramSet(n)
		return
	}
	clear(s.slots)
	s.n = 0
}

// postGrams holds a post's n-grams and the scratch sets for a claim's.
type postGrams struct {
	post, claim [len(gramSizes)]*gramSet
}

// gramPool keeps postGrams between matches: their sets are most of what
// a match allocates.
var gramPool sync.Pool

func newPostGrams(s string) *postGrams {
	g := gramText(s)
	n := utf8.RuneCountInString(g)
	pg, _ := gramPool.Get().(*postGrams)
	if pg == nil {
		pg = &postGrams{}
		for k := range gramSizes {
			pg.post[k], pg.claim[k] = newGramSet(n), newGramSet(256)
		}
	}
	for k := range gramSizes {
		pg.post[k].reset(n)
	}
	eachGram(g, func(k int, h uint32) { pg.post[k].add(h) })
	return pg
}

// release returns the sets for another match; pg must not be used after.
func (pg *postGrams) release() { gramPool.Put(pg) }

// shares returns, per gram size, the share of the claim's distinct
// n-grams (of claimText, a gramText) found in the post, and the share of
// the post's found in the claim.
func (pg *postGrams) shares(claimText string) (ofClaim, ofPost [len(gramSizes)]float64) {
	n := utf8.RuneCountInString(claimText)
	var shared [len(gramSizes)]int
	for k := range gramSizes {
		pg.claim[k].reset(n)
	}
	eachGram(claimText, func(k int, h uint32) {
		if pg.claim[k].add(h) && pg.post[k].has(h) {
			shared[k]++
		}
	})
	for k := range gramSizes {
		if pg.claim[k].n > 0 && pg.post[k].n > 0 {
			ofClaim[k] = float64(shared[k]) / float64(pg.claim[k].n)
			ofPost[k] = float64(shared[k]) / float64(pg.post[k].n)
		}
	}
	return ofClaim, ofPost
}
