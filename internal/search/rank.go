package search

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// BM25 parameters, the usual ones.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// rankPhrase is one positive phrase of a query, ready for scoring.
type rankPhrase struct {
	group  int
	folded []string
	exact  []string // lower-cased with diacritics; nil when the same as folded
	idf    float64
}

// ranker scores candidates with BM25 in Go, identically on both backends.
// A phrase's term frequency counts its occurrences with diacritics ignored,
// plus once more each occurrence with the diacritics as typed; a group
// scores its best alternative; a post's score is the sum over groups.
type ranker struct {
	phrases []rankPhrase
	groups  int
}

// newRanker prepares q for scoring. df holds the document frequency of each
// positive phrase in the order of Query.phrases, docs the number of posts.
func newRanker(q Query, docs int64, df []int64) *ranker {
	r := &ranker{groups: len(q.Groups)}
	for i, gp := range q.phrases() {
		folded, exact := gp.p.folded(), gp.p.exact()
		if len(folded) == 0 {
			continue
		}
		rp := rankPhrase{group: gp.group, folded: folded, idf: idf(docs, df[i])}
		if !equalWords(folded, exact) {
			rp.exact = exact
		}
		r.phrases = append(r.phrases, rp)
	}
	return r
}

// idf is BM25's inverse document frequency, in the variant that stays
// positive for very common phrases.
func idf(docs, df int64) float64 {
	n, d := float64(docs), float64(min(max(df, 1), max(docs, 1)))
	return math.Log(1 + (n-d+0.5)/(d+0.5))
}

// scored is a candidate with its score.
type scored struct {
	id    int64
	score float64
	exact bool
}

// rank scores cands (one tier of matches) and sorts them best first, the
// newest first among equals. Average length is taken over cands.
func (r *ranker) rank(cands []store.SearchCandidate, exact bool) []scored {
	tfs := make([][]float64, len(cands))
	lens := make([]int, len(cands))
	total := 0
	for i, c := range cands {
		tfs[i], lens[i] = r.frequencies(c.Title+"\n"+c.Text, exact)
		total += lens[i]
	}
	avg := max(float64(total)/float64(max(len(cands), 1)), 1)
	out := make([]scored, len(cands))
	best := make([]float64, r.groups)
	for i, c := range cands {
		clear(best)
		norm := bm25K1 * (1 - bm25B + bm25B*float64(lens[i])/avg)
		for k, p := range r.phrases {
			tf := tfs[i][k]
			best[p.group] = max(best[p.group], p.idf*tf*(bm25K1+1)/(tf+norm))
		}
		s := 0.0
		for _, b := range best {
			s += b
		}
		out[i] = scored{id: c.ID, score: s, exact: exact}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].id > out[b].id
	})
	return out
}

// frequencies counts each phrase in s and the words of s; exact tells
// whether s is known to hold a phrase with its diacritics as typed. It
// works on the whole text folded (and lower-cased, for exact matches)
// rather than word by word, which is several times faster over many
// candidates. Stored text is NFC already, so lower-casing needs no
// normalisation.
func (r *ranker) frequencies(s string, exact bool) ([]float64, int) {
	folded := text.Fold(s)
	tf := make([]float64, len(r.phrases))
	var lower string
	for k, p := range r.phrases {
		tf[k] = float64(countPhrase(folded, p.folded))
		if exact && p.exact != nil && tf[k] > 0 {
			if lower == "" {
				lower = strings.ToLower(s)
			}
			tf[k] += float64(countPhrase(lower, p.exact))
		}
	}
	return tf, countWords(folded)
}

// countPhrase counts the occurrences of the words, in sequence, in s, with
// words delimited as the index delimits them.
func countPhrase(s string, words []string) int {
	n := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], words[0])
		if j < 0 {
			break
		}
		at := i + j
		if !wordBefore(s, at) && restMatches(s, at+len(words[0]), words[1:]) {
			n++
		}
		_, size := utf8.DecodeRuneInString(s[at:])
		i = at + size
	}
	return n
}

// restMatches reports whether a word ends at end and the words follow it,
// each after at least one separator.
func restMatches(s string, end int, words []string) bool {
	for _, w := range words {
		if wordAt(s, end) {
			return false
		}
		for end < len(s) && !wordAt(s, end) {
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
		if !strings.HasPrefix(s[end:], w) {
			return false
		}
		end += len(w)
	}
	return !wordAt(s, end)
}

// wordAt reports whether a word rune starts at s[i].
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// wordBefore reports whether a word rune ends just before s[i].
func wordBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	_, size := utf8.DecodeLastRuneInString(s[:i])
	return wordAt(s, i-size)
}

// countWords counts the words of s as the index splits them, with a fast
// path for ASCII, which most folded text is.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			w := asciiWord[c]
			if w && !in {
				n++
			}
			in = w
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		w := r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if w && !in {
			n++
		}
		in = w
		i += size
	}
	return n
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
