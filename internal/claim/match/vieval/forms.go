package vieval

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// variant writes sentence s in a query form; the random choices of the
// Typos and Social forms are seeded by the query id.
func variant(s, form, qid string) string {
	switch form {
	case NoDiacritics:
		return StripDiacritics(s)
	case Typos:
		return AddTypos(s, rng(qid))
	case Social:
		return socialShare(s, rng(qid))
	}
	return s
}

func rng(qid string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(qid))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// StripDiacritics removes the Vietnamese (and other Latin) diacritics of s
// as a person typing without accents does, keeping case and everything
// else: "Đà Nẵng cấm xe" becomes "Da Nang cam xe". Unlike text.Fold it
// does not lower-case.
func StripDiacritics(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case 0x0300 <= r && r <= 0x036F:
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

// Tone marks as combining characters: grave, acute, tilde, hook above, dot below.
var tones = []rune{0x0300, 0x0301, 0x0303, 0x0309, 0x0323}

func isTone(r rune) bool { return strings.ContainsRune(string(tones), r) }

// AddTypos puts one typo in about every eighth word of s (one at least,
// three at most), each in a different word of three letters or more: a
// letter dropped, two neighbouring letters swapped, a letter doubled, or
// (in a word with a tone mark) the wrong tone or none.
func AddTypos(s string, r *rand.Rand) string {
	words := strings.Split(s, " ")
	var cand []int
	for i, w := range words {
		if letters(w) >= 3 {
			cand = append(cand, i)
		}
	}
	n := min(max(1, len(words)/8), 3, len(cand))
	r.Shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
	for _, i := range cand[:n] {
		words[i] = typo(words[i], r)
	}
	return strings.Join(words, " ")
}

func letters(w string) int {
	n := 0
	for _, c := range w {
		if unicode.IsLetter(c) {
			n++
		}
	}
	return n
}

// typo changes one letter of w (see AddTypos).
func typo(w string, r *rand.Rand) string {
	rs := []rune(norm.NFD.String(w))
	op := r.IntN(4)
	if op == 3 {
		for i, c := range rs {
			if isTone(c) {
				rs = append(rs[:i:i], rs[i+1:]...)
				t := tones[r.IntN(len(tones))]
				if t == c { // no tone at all
					return norm.NFC.String(string(rs))
				}
				// the new tone goes after the vowel's other marks (ê + ́ = ế)
				j := i
				for j < len(rs) && unicode.IsMark(rs[j]) {
					j++
				}
				rs = append(rs[:j:j], append([]rune{t}, rs[j:]...)...)
				return norm.NFC.String(string(rs))
			}
		}
		op = r.IntN(3)
	}
	// the positions of base letters (not marks), whose marks move with them
	var pos []int
	for i, c := range rs {
		if unicode.IsLetter(c) {
			pos = append(pos, i)
		}
	}
	end := func(k int) int { // end of the letter at pos[k] with its marks
		if k+1 < len(pos) {
			return pos[k+1]
		}
		e := pos[k] + 1
		for e < len(rs) && unicode.IsMark(rs[e]) {
			e++
		}
		return e
	}
	switch op {
	case 0: // drop
		k := r.IntN(len(pos))
		rs = append(rs[:pos[k]:pos[k]], rs[end(k):]...)
	case 1: // swap two neighbouring letters
		k := r.IntN(len(pos) - 1)
		a, b := rs[pos[k]:end(k)], rs[pos[k+1]:end(k+1)]
		swapped := append(append(append([]rune{}, b...), a...), rs[end(k+1):]...)
		rs = append(rs[:pos[k]:pos[k]], swapped...)
	default: // double
		k := r.IntN(len(pos))
		rs = append(rs[:end(k):end(k)], append([]rune{rs[pos[k]]}, rs[end(k):]...)...)
	}
	return norm.NFC.String(string(rs))
}

// Social-media wording: openers and hashtags that carry no claim.
var (
	openers  = []string{"", "", "Nóng:", "Chia sẻ gấp!", "Mọi người ơi,", "Tin sốc:"}
	hashtags = []string{"#tinnong", "#chiase", "#canhbao", "#xonxao", "#sharengay"}
)

// socialShare writes s as a short share: maybe an opener, the first
// socialWords words, an ellipsis and a hashtag.
func socialShare(s string, r *rand.Rand) string {
	ws := strings.Fields(s)
	cut := min(len(ws), socialWords)
	out := strings.TrimRight(strings.Join(ws[:cut], " "), ".,;:!?…")
	if cut < len(ws) {
		out += "..."
	}
	if o := openers[r.IntN(len(openers))]; o != "" {
		out = o + " " + out
	}
	return out + " " + hashtags[r.IntN(len(hashtags))]
}
