package signal

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

// MaxTerms caps the terms taken from one post, and termTextBytes the text
// they are taken from (the title and the start of the text), so that a long
// article costs no more than a social post.
const (
	MaxTerms      = 48
	termTextBytes = 2048
)

// Terms returns the terms of a post that the detector counts, each once,
// folded (case and diacritics removed, "đ" as "d") and without stop words
// or links. Vietnamese is written one syllable per word, and single
// syllables ("người", "dân") say little, so for Vietnamese the terms are
// pairs of adjacent content syllables within a clause ("thuy dien", "hoa
// vang"), plus content words that cannot be Vietnamese syllables
// ("covid"); for other languages they are single words. Hashtags are terms
// in every language, with their "#" ("#tingia"). Numbers and one-letter
// words are left out.
func Terms(p *post.Post) []string {
	s := p.Title + "\n" + p.Text
	if len(s) > termTextBytes {
		cut := termTextBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = stripLinks(s)
	lang := p.Lang
	if lang == "" {
		lang, _ = text.DetectLang(s)
	}
	t := termSet{seen: map[string]struct{}{}}
	for _, tag := range hashtags(s) {
		if !t.add(tag) {
			return t.out
		}
	}
	for clause := range strings.FieldsFuncSeq(s, isClauseBreak) {
		if !t.clause(clause, lang) {
			break
		}
	}
	return t.out
}

// termSet gathers the terms of one post.
type termSet struct {
	seen map[string]struct{}
	out  []string
}

// add adds a term once and reports whether there is room for more.
func (t *termSet) add(term string) bool {
	if _, dup := t.seen[term]; !dup {
		t.seen[term] = struct{}{}
		t.out = append(t.out, term)
	}
	return len(t.out) < MaxTerms
}

// clause adds the terms of one clause and reports whether there is room
// for more.
func (t *termSet) clause(s, lang string) bool {
	toks := text.Tokens(s)
	content := contentMask(toks, text.WordsLang(s, lang))
	for i := range content {
		content[i] = content[i] && useful(toks[i])
	}
	for i, tok := range toks {
		if !content[i] {
			continue
		}
		if lang != "vi" {
			if !t.add(text.Fold(tok)) {
				return false
			}
			continue
		}
		next := i+1 < len(toks) && content[i+1]
		if !syllableLike(text.Fold(tok)) {
			if !t.add(text.Fold(tok)) {
				return false
			}
		}
		if next && !t.add(text.Fold(tok)+" "+text.Fold(toks[i+1])) {
			return false
		}
	}
	return true
}

// isClauseBreak reports whether r ends a clause: terms never span one.
func isClauseBreak(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', '“', '”', '…', '|', '/', '\n', '\r', '\t', '–', '—':
		return true
	}
	return false
}

// syllableLike reports whether a folded token could be one Vietnamese
// syllable: at most seven letters of the Vietnamese alphabet, ending in a
// vowel or an allowed final consonant.
func syllableLike(t string) bool {
	if len(t) > 7 || strings.ContainsAny(t, "fjwz0123456789'") {
		return false
	}
	for _, fin := range []string{"ch", "ng", "nh", "c", "m", "n", "p", "t"} {
		if strings.HasSuffix(t, fin) {
			return true
		}
	}
	return strings.ContainsAny(t[len(t)-1:], "aeiouy")
}

// contentMask marks the tokens that survive stop-word removal: words is a
// subsequence of toks.
func contentMask(toks, words []string) []bool {
	mask := make([]bool, len(toks))
	j := 0
	for i, t := range toks {
		if j < len(words) && words[j] == t {
			mask[i] = true
			j++
		}
	}
	return mask
}

// useful reports whether a token can be a term: two letters or more, not
// only digits.
func useful(t string) bool {
	if utf8.RuneCountInString(t) < 2 {
		return false
	}
	return strings.IndexFunc(t, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0
}

// stripLinks removes links, whose pieces ("https", "www") are not terms.
func stripLinks(s string) string {
	if !strings.Contains(s, "://") && !strings.Contains(s, "www.") {
		return s
	}
	for _, u := range text.ExtractURLs(s) {
		if !strings.Contains(s, u) {
			u = strings.TrimPrefix(u, "http://")
		}
		s = strings.ReplaceAll(s, u, " ")
	}
	return s
}

// hashtags returns the folded hashtags of s ("#TinGia" gives "#tingia"): a
// "#" at the start of a word, then letters, digits or "_".
func hashtags(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '#' || (i > 0 && s[i-1] != ' ' && !isClauseBreak(rune(s[i-1]))) {
			continue
		}
		end := strings.IndexFunc(s[i+1:], func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) && r != '_'
		})
		if end < 0 {
			end = len(s) - i - 1
		}
		if tag := s[i+1 : i+1+end]; useful(tag) {
			out = append(out, "#"+text.Fold(tag))
		}
		i += end
	}
	return out
}
