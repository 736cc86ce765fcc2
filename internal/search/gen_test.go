package search_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

// gen makes a realistic synthetic stream of Vietnamese and English posts for
// benchmarks: Vietnamese syllables built from real onsets, rhymes and tones,
// English-like words, both drawn from Zipf distributions; social posts
// (short, a fifth of the Vietnamese ones typed without diacritics) and news
// items (a title and a longer text). Post i is the same on every run.
type gen struct {
	seed   uint64
	vi, en []string  // vocabularies, most frequent first
	viCum  []float64 // cumulative Zipf weights
	enCum  []float64
}

const (
	viVocab = 7000
	enVocab = 30000
	// stopRanks is how many of the most frequent words count as stop words:
	// benchmark queries do not use them.
	stopRanks = 40
)

func newGen(seed uint64) *gen {
	g := &gen{seed: seed}
	rng := rand.New(rand.NewPCG(seed, 1))
	g.vi = viSyllables(rng, viVocab)
	g.en = enWords(rng, enVocab)
	g.viCum = zipf(len(g.vi), 1.0)
	g.enCum = zipf(len(g.en), 1.0)
	return g
}

// zipf returns cumulative weights 1/rank^s, normalised to end at 1.
func zipf(n int, s float64) []float64 {
	cum := make([]float64, n)
	sum := 0.0
	for i := range n {
		sum += 1 / math.Pow(float64(i+1), s)
		cum[i] = sum
	}
	for i := range cum {
		cum[i] /= sum
	}
	return cum
}

func pick(rng *rand.Rand, words []string, cum []float64) string {
	return words[sort.SearchFloat64s(cum, rng.Float64())]
}

var (
	viOnsets = strings.Fields("b c ch d đ g gh gi h k kh l m n ng ngh nh ph qu r s t th tr v x - - -")
	viRhymes = strings.Fields("a ai am an ang anh ao au ay ac ach at ăm ăn ăng ăc ăt âm ân âng âu ây âc ât e em en eo ec et " +
		"ê êm ên ênh êu êch êt i ia im in inh iu ich it iêm iên iêng iêu iêc iêt o oa oai oan oang oanh oat oac oe oi om on " +
		"ong oc ot ô ôi ôm ôn ông ôc ôt ơ ơi ơm ơn ơt u ua uân uât uê ui um un ung uôc uôi uôm uôn uông uôt uy uyên uyêt uc ut " +
		"ư ưa ưi ưng ưc ưt ươi ươm ươn ương ươu ươc ươt")
	// Tone marks: none, grave, acute, hook above, tilde, dot below.
	viTones = []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
)

// viSyllables returns n distinct Vietnamese syllables in random order.
func viSyllables(rng *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var all []string
	for _, on := range viOnsets {
		if on == "-" {
			on = ""
		}
		for _, rh := range viRhymes {
			stop := strings.ContainsAny(rh[len(rh)-1:], "cpt") || strings.HasSuffix(rh, "ch")
			for ti, tone := range viTones {
				if stop && ti != 2 && ti != 5 {
					continue
				}
				s := text.NFC(on + toned(rh, tone))
				if !seen[s] {
					seen[s] = true
					all = append(all, s)
				}
			}
		}
	}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return all[:min(n, len(all))]
}

// toned puts a tone mark on the main vowel of a rhyme (simplified rules).
func toned(rh, tone string) string {
	r := []rune(rh)
	at := -1
	for i, c := range r {
		if strings.ContainsRune("ăâêôơư", c) {
			at = i
		}
	}
	if at < 0 {
		vowels := 0
		for i, c := range r {
			if strings.ContainsRune("aeiouy", c) {
				vowels++
				if at < 0 || (vowels == 2 && i == len(r)-1 && !strings.HasPrefix(rh, "o") && !strings.HasPrefix(rh, "u")) {
					at = i
				}
				if vowels == 2 && (strings.HasPrefix(rh, "o") || strings.HasPrefix(rh, "u")) {
					at = i
				}
			}
		}
	}
	if at < 0 {
		return rh
	}
	return string(r[:at+1]) + tone + string(r[at+1:])
}

var enStops = strings.Fields("the of and to a in is for on that with as was at by it from be are this an have has will not " +
	"but they he she we more after over said new about than were been who their")

// enWords returns n English-like words: real function words first, then
// made-up words of one to three syllables.
func enWords(rng *rand.Rand, n int) []string {
	on := strings.Fields("b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr r s sh sl sm sp st str t th tr v w")
	nu := strings.Fields("a e i o u ai ea ee oo ou")
	co := strings.Fields("- - n r s t l m nd ng st rt ck")
	seen := map[string]bool{}
	words := append([]string(nil), enStops...)
	for _, w := range words {
		seen[w] = true
	}
	for len(words) < n {
		var b strings.Builder
		for range 1 + rng.IntN(3) {
			b.WriteString(on[rng.IntN(len(on))] + nu[rng.IntN(len(nu))])
			if c := co[rng.IntN(len(co))]; c != "-" {
				b.WriteString(c)
			}
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// post returns post i.
func (g *gen) post(i int, sourceID int64, base time.Time) post.Post {
	rng := rand.New(rand.NewPCG(g.seed, uint64(i)+2))
	vi := rng.IntN(100) < 65
	words, cum, lang := g.en, g.enCum, "en"
	if vi {
		words, cum, lang = g.vi, g.viCum, "vi"
	}
	sentence := func(n int) string {
		ws := make([]string, n)
		for k := range ws {
			ws[k] = pick(rng, words, cum)
		}
		s := strings.Join(ws, " ")
		_, size := utf8.DecodeRuneInString(s)
		return strings.ToUpper(s[:size]) + s[size:] + "."
	}
	p := post.Post{SourceID: sourceID, ExternalID: fmt.Sprint(i), Lang: lang,
		PublishedAt: base.Add(time.Duration(i) * 3 * time.Second), Platform: "import"}
	if rng.IntN(100) < 40 { // news: title and a longer text
		p.Title = sentence(6 + rng.IntN(8))
		var b strings.Builder
		for range 3 + rng.IntN(8) {
			b.WriteString(sentence(8+rng.IntN(14)) + " ")
		}
		p.Text = strings.TrimSpace(b.String())
	} else {
		p.Text = sentence(6 + rng.IntN(30))
		if vi && rng.IntN(5) == 0 {
			p.Text = text.Fold(p.Text) // typed without diacritics
		}
	}
	p.FetchedAt = p.PublishedAt
	p.ContentHash = fmt.Sprintf("gen-%d-%d", g.seed, i)
	return p
}

// query returns benchmark query i: two adjacent words of a random post that
// are not stop words, typed with diacritics or (half the time, for
// Vietnamese) without.
func (g *gen) query(i, posts int) string {
	rng := rand.New(rand.NewPCG(g.seed^0x5eed, uint64(i)))
	for {
		p := g.post(rng.IntN(posts), 1, time.Time{})
		ws := strings.Fields(strings.ToLower(strings.NewReplacer(".", "", ",", "").Replace(p.Title + " " + p.Text)))
		if len(ws) < 2 {
			continue
		}
		k := rng.IntN(len(ws) - 1)
		if g.isStop(ws[k]) || g.isStop(ws[k+1]) {
			continue
		}
		q := ws[k] + " " + ws[k+1]
		if rng.IntN(2) == 0 {
			q = text.Fold(q)
		}
		return q
	}
}

// isStop reports whether w is among the stopRanks most frequent words.
func (g *gen) isStop(w string) bool {
	for _, s := range g.vi[:stopRanks] {
		if text.Fold(s) == text.Fold(w) {
			return true
		}
	}
	for _, s := range g.en[:stopRanks] {
		if s == w {
			return true
		}
	}
	return false
}
