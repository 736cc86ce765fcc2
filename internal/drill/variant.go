package drill

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// mutate rewords a text the way people retelling a rumour do: a word
// swapped for a synonym, or two clauses in the other order. The result is
// what this variant's own copies repeat.
func (g *generator) mutate(s string) string {
	if g.rng.IntN(3) > 0 {
		if out, ok := g.synonym(s); ok {
			return out
		}
	}
	return g.swapClauses(s)
}

// synonym replaces one word of a synonym group found in s by another word
// of its group.
func (g *generator) synonym(s string) (string, bool) {
	lower := strings.ToLower(s)
	type hit struct {
		from string
		grp  []string
	}
	var found []hit
	for _, grp := range g.sc.Outbreak.Synonyms {
		for _, w := range grp {
			if containsWord(lower, strings.ToLower(w)) {
				found = append(found, hit{w, grp})
				break
			}
		}
	}
	if len(found) == 0 {
		return s, false
	}
	h := found[g.rng.IntN(len(found))]
	from, to := h.from, h.grp[g.rng.IntN(len(h.grp))]
	for to == from {
		to = h.grp[g.rng.IntN(len(h.grp))]
	}
	i := indexWord(lower, strings.ToLower(from))
	return s[:i] + matchCase(s[i:i+len(from)], to) + s[i+len(from):], true
}

// containsWord reports whether w occurs in s between non-letters.
func containsWord(s, w string) bool { return indexWord(s, w) >= 0 }

func indexWord(s, w string) int {
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return -1
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !unicode.IsLetter(before)) && (i+len(w) == len(s) || !unicode.IsLetter(after)) {
			return i
		}
		off = i + len(w)
	}
	return -1
}

// matchCase gives to the capitalisation of the word it replaces.
func matchCase(orig, to string) string {
	r, _ := utf8.DecodeRuneInString(orig)
	if unicode.IsUpper(r) {
		t, n := utf8.DecodeRuneInString(to)
		return string(unicode.ToUpper(t)) + to[n:]
	}
	return to
}

// swapClauses exchanges two adjacent comma-separated clauses.
func (g *generator) swapClauses(s string) string {
	parts := strings.Split(s, ", ")
	if len(parts) < 3 {
		return s
	}
	i := 1 + g.rng.IntN(len(parts)-2) // keep the first clause, which says what happened
	parts[i], parts[i+1] = parts[i+1], parts[i]
	return strings.Join(parts, ", ")
}

// dress gives one copy its own surface: a frame, dropped diacritics, a
// typo, hashtags, a link, a place (its seed's, else one of the outbreak's).
// None of it is inherited by the copies.
func (g *generator) dress(s, place string) string {
	o := g.sc.Outbreak
	if len(o.Frames) > 0 && g.rng.Float64() < 0.3 {
		s = strings.Replace(g.pick(o.Frames), "{text}", s, 1)
	}
	if g.rng.Float64() < 0.3 {
		s = dropDiacritics(s)
	}
	if g.rng.Float64() < 0.2 {
		s = g.typo(s)
	}
	if g.rng.Float64() < 0.15 {
		switch {
		case place != "":
			s += " (" + place + ")"
		case len(o.Places) > 0:
			s += " (" + g.pick(o.Places) + ")"
		}
	}
	if len(o.Hashtags) > 0 && g.rng.Float64() < 0.35 {
		s += " " + g.pick(o.Hashtags)
	}
	if len(o.Links) > 0 && g.rng.Float64() < 0.25 {
		s += fmt.Sprintf(" https://%s/%s", g.pick(o.Links), g.token(7))
	}
	return s
}

const tokenLetters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func (g *generator) token(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = tokenLetters[g.rng.IntN(len(tokenLetters))]
	}
	return string(b)
}

// typo swaps two adjacent letters of one longer word.
func (g *generator) typo(s string) string {
	words := strings.Split(s, " ")
	var long []int
	for i, w := range words {
		if utf8.RuneCountInString(w) >= 5 && isLetters(w) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return s
	}
	i := long[g.rng.IntN(len(long))]
	r := []rune(words[i])
	j := 1 + g.rng.IntN(len(r)-2)
	r[j], r[j+1] = r[j+1], r[j]
	words[i] = string(r)
	return strings.Join(words, " ")
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// dropDiacritics writes s without accents the way people type in a hurry:
// "Đập thủy điện" -> "Dap thuy dien". Unlike text.Fold it keeps the case.
func dropDiacritics(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
