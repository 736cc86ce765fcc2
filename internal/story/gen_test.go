package story

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/factdesk/factdesk/internal/text"
)

// labelled is a generated post with its gold story label.
type labelled struct {
	Text  string
	Label string
}

// variantGen makes light-edit variants of real texts: the edits a post picks
// up when people copy, repost and retype it. Each variant gets one or more of:
// a change of case, a change of punctuation, dropped diacritics, added
// hashtags, and one changed word.
type variantGen struct {
	r     *rand.Rand
	vocab []string // words to put in place of a changed word
}

func newVariantGen(seed uint64, originals []string) *variantGen {
	g := &variantGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	seen := map[string]bool{}
	for _, s := range originals {
		for _, w := range strings.Fields(s) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			if len(w) > 1 && !seen[strings.ToLower(w)] {
				seen[strings.ToLower(w)] = true
				g.vocab = append(g.vocab, w)
			}
		}
	}
	if len(g.vocab) == 0 {
		g.vocab = []string{"x"}
	}
	return g
}

// corpus turns originals into labelled posts: each original (label = its
// index) and 0 to maxVariants variants of it, all shuffled, so that a
// variant may arrive before its original.
func (g *variantGen) corpus(originals []string, prefix string, maxVariants int) []labelled {
	var out []labelled
	for i, s := range originals {
		label := prefix + strconv.Itoa(i)
		out = append(out, labelled{s, label})
		for range g.r.IntN(maxVariants + 1) {
			out = append(out, labelled{g.variant(s), label})
		}
	}
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// variant applies each light edit with probability 1/2, and at least one.
func (g *variantGen) variant(s string) string {
	edits := []func(string) string{g.editCase, g.editPunct, stripDiacritics, g.editHashtags, g.editWord}
	out, changed := s, false
	for _, e := range edits {
		if g.r.IntN(2) == 0 {
			out, changed = e(out), true
		}
	}
	if !changed {
		out = edits[g.r.IntN(len(edits))](out)
	}
	return out
}

func (g *variantGen) editCase(s string) string {
	switch g.r.IntN(3) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	}
	words := strings.Fields(s)
	for i, w := range words {
		if g.r.IntN(3) == 0 {
			rs := []rune(w)
			rs[0] = unicode.ToUpper(rs[0])
			words[i] = string(rs)
		}
	}
	return strings.Join(words, " ")
}

func (g *variantGen) editPunct(s string) string {
	switch g.r.IntN(3) {
	case 0: // drop all punctuation
		return strings.Map(func(r rune) rune {
			if unicode.IsPunct(r) && r != '#' && r != '@' {
				return -1
			}
			return r
		}, s)
	case 1:
		return strings.TrimRight(s, ".!? ") + []string{"!!!", "...", " ?!", "!!"}[g.r.IntN(4)]
	}
	words := strings.Fields(s)
	for i := range words {
		if g.r.IntN(6) == 0 {
			words[i] += []string{",", " -", ":", "..."}[g.r.IntN(4)]
		}
	}
	return strings.Join(words, " ")
}

var hashtags = []string{"#tingia", "#canhbao", "#covid19", "#chiase", "#khancap", "#breaking", "#fakenews", "#news", "#viral", "#share", "#VietNam", "#TinNong"}

func (g *variantGen) editHashtags(s string) string {
	var tags []string
	for range 1 + g.r.IntN(2) {
		tags = append(tags, hashtags[g.r.IntN(len(hashtags))])
	}
	if g.r.IntN(3) == 0 {
		return strings.Join(tags, " ") + " " + s
	}
	return s + " " + strings.Join(tags, " ")
}

// editWord replaces one word (mostly), or deletes or inserts one.
func (g *variantGen) editWord(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return s
	}
	i := g.r.IntN(len(words))
	w := g.vocab[g.r.IntN(len(g.vocab))]
	switch n := g.r.IntN(10); {
	case n < 7:
		words[i] = w
	case n < 9 && len(words) > 1:
		words = append(words[:i], words[i+1:]...)
	default:
		words = append(words[:i], append([]string{w}, words[i:]...)...)
	}
	return strings.Join(words, " ")
}

// stripDiacritics drops Vietnamese (and other Latin) diacritics, keeping
// case: "Đà Nẵng" becomes "Da Nang", as typed on a keyboard without accents.
func stripDiacritics(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		switch {
		case r >= 0x300 && r <= 0x36f:
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// distinct drops originals that are themselves near-duplicates of an
// earlier one (exact Jaccard of folded two-word shingles at least max):
// boilerplate and repeated quotes in the source data would otherwise count
// as "different stories" that no clusterer should separate.
func distinct(originals []string, maxSim float64) []string {
	post := map[uint64][]int{} // shingle -> kept originals
	var kept []string
	var sets []map[uint64]bool
	for _, s := range originals {
		set := map[uint64]bool{}
		toks := text.Tokens(text.Fold(stripURLs(s)))
		for _, h := range text.ShingleHashes(toks, 2) {
			set[h] = true
		}
		if len(set) == 0 {
			continue
		}
		overlap := map[int]int{}
		for h := range set {
			for _, k := range post[h] {
				overlap[k]++
			}
		}
		dup := false
		for k, n := range overlap {
			if float64(n)/float64(len(set)+len(sets[k])-n) >= maxSim {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		for h := range set {
			post[h] = append(post[h], len(kept))
		}
		kept = append(kept, s)
		sets = append(sets, set)
	}
	return kept
}
