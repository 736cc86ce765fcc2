package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/text"
)

// Hashtags and handles often run words together in one case
// ("#cornflakes", "#exumaairport", "@marcorubio", "#tinnonglulut"), which
// the split at case changes (clean) cannot part. Such a word the library
// does not know is read as the library's words it is made of, when they
// cover most of it.
const (
	minJoined     = 6    // shorter tags are read as they are
	maxJoined     = 40   // longer ones too (runes)
	maxPiece      = 20   // the longest word looked for in one
	joinedCovered = 0.65 // share of the tag's letters its known words must cover
)

// joinedWords returns the folded words of the post's hashtags and
// @handles, after the split at case changes, that are long enough to be
// several words run together.
func joinedWords(s string) []string {
	var out []string
	forEachTag(s, 16, func(start, end int) {
		for _, w := range strings.Fields(splitCamel(s[start+1 : end])) {
			n := utf8.RuneCountInString(w)
			if n < minJoined || n > maxJoined || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
				continue
			}
			out = append(out, text.Fold(strings.ToLower(w)))
		}
	})
	return out
}

// segment splits w, a folded word the library does not know, into the
// library's words: the split that maximises the sum of the squared
// lengths of its known pieces (so longer words win over runs of short
// ones), letters left over counting for nothing. It returns the pieces'
// term ids, or nil when they cover less than joinedCovered of w. The
// caller holds the read lock.
func (ix *Index) segment(w, lang string) []uint32 {
	rs := []rune(w)
	n := len(rs)
	minPiece := 3
	if lang == "vi" {
		minPiece = 2
	}
	type cell struct {
		score, covered int
		from           int    // start of the last piece, or -1 for a skipped letter
		id             uint32 // the last piece's term
	}
	best := make([]cell, n+1)
	for i := 1; i <= n; i++ {
		best[i] = cell{score: best[i-1].score, covered: best[i-1].covered, from: -1}
		for j := max(0, i-maxPiece); j <= i-minPiece; j++ {
			id, ok := ix.dict[pieceTerm(string(rs[j:i]), lang)]
			if !ok {
				continue
			}
			l := i - j
			if s := best[j].score + l*l; s > best[i].score {
				best[i] = cell{score: s, covered: best[j].covered + l, from: j, id: id}
			}
		}
	}
	if float64(best[n].covered) < joinedCovered*float64(n) {
		return nil
	}
	var ids []uint32
	for i := n; i > 0; {
		c := best[i]
		if c.from < 0 {
			i--
			continue
		}
		ids = append(ids, c.id)
		i = c.from
	}
	return ids
}

// pieceTerm is normTerm for a piece of a folded word, without keeping the
// stems of the many pieces that are no word in the stem cache.
func pieceTerm(p, lang string) string {
	if lang == "vi" {
		return p
	}
	if s, ok := stems.Load(p); ok {
		return s.(string)
	}
	return snowball(p)
}
