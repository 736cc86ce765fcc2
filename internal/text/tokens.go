package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens splits s into word tokens, in lower case and NFC.
//
// A token is a maximal run of letters, numbers and combining marks (marks
// keep words of scripts such as Devanagari or Thai whole). Everything else
// separates tokens, so hyphenated and dotted forms split: "vắc-xin" gives
// "vắc" and "xin", "3.5" gives "3" and "5". An apostrophe (' or ’) between
// two letters stays inside the token and is written as ASCII "'", so
// "Don’t" gives "don't" and "O'Neill" gives "o'neill"; other apostrophes
// separate tokens. Invisible characters inside a word (soft hyphen,
// zero-width space, joiner and non-joiner, word joiner, BOM) are removed
// rather than splitting it. Vietnamese writes one syllable per space-separated unit,
// so its tokens are syllables: "Đà Nẵng" gives "đà" and "nẵng".
func Tokens(s string) []string {
	s = Lower(s)
	toks := make([]string, 0, len(s)/4+1)
	start := -1    // start of the current token, or -1
	dirty := false // the current token contains ’ or an invisible rune
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isTokenRune(r) || (start >= 0 && r >= utf8.RuneSelf && unicode.IsMark(r)):
			if start < 0 {
				start = i
			}
		case start < 0:
			// separator between tokens
		case (r == '\'' || r == '’') && letterAt(s, i+size) && letterBefore(s, i):
			dirty = dirty || r == '’'
		case isInvisible(r) || r == zwnj || r == zwj:
			dirty = true
		default:
			toks = append(toks, token(s[start:i], dirty))
			start, dirty = -1, false
		}
		i += size
	}
	if start >= 0 {
		toks = append(toks, token(s[start:], dirty))
	}
	if len(toks) == 0 {
		return nil
	}
	return toks
}

// isTokenRune reports whether r can start or continue a token.
func isTokenRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// letterAt reports whether a letter starts at s[i].
func letterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && unicode.IsLetter(r)
}

// letterBefore reports whether the rune (ignoring combining marks) before
// s[i] is a letter.
func letterBefore(s string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsMark(r) {
			return unicode.IsLetter(r)
		}
		i -= size
	}
	return false
}

// Zero-width non-joiner and joiner: kept inside words by some scripts and
// by obfuscated posts, never meaningful in a token.
const (
	zwnj = '\u200C'
	zwj  = '\u200D'
)

// token returns the token s[start:i], cleaned if dirty: typographic
// apostrophes become ASCII and invisible characters are removed.
func token(t string, dirty bool) string {
	if !dirty {
		return t
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '’':
			return '\''
		case isInvisible(r) || r == zwnj || r == zwj:
			return -1
		}
		return r
	}, t)
}

// Words returns the [Tokens] of s without stop words, using the language
// [DetectLang] finds for s. See [WordsLang] for the rules.
func Words(s string) []string {
	lang, _ := DetectLang(s)
	return WordsLang(s, lang)
}

// WordsLang returns the [Tokens] of s without stop words, for text known to
// be in lang ("vi", "en" or anything else).
//
// The Vietnamese list (stopwords_vi.txt) holds function syllables ("và",
// "của") and multi-syllable function words ("tuy nhiên", "có thể"); a
// multi-syllable entry is removed where its syllables appear in sequence,
// longest match first. The English list is stopwords_en.txt.
//
// Accented Vietnamese entries are matched exactly, so "đá" (stone) is not
// removed because "đã" is a stop word. Their folded forms ("va", "cua",
// "da") are also removed, but only when lang is "vi" and s carries no
// Vietnamese diacritics at all, that is for Vietnamese typed without
// accents, and not for entries marked "*" in the list, whose folded form is
// mostly another word ("lắm" folds to "lam", which is usually "làm"). The
// price of folding is that an unaccented content word sharing a stop
// word's folded form goes too ("da" in "da nang" reads as "đã").
// English stop words are removed in all text, except that in Vietnamese
// text a token that is also a possible Vietnamese syllable ("to", "an",
// "the") is kept.
func WordsLang(s, lang string) []string {
	toks := Tokens(s)
	vi := lang == "vi"
	folded := vi && !hasVietMarks(s)
	out := toks[:0]
	for i := 0; i < len(toks); {
		if n := viStopRun(toks[i:], folded); n > 0 {
			i += n
			continue
		}
		t := toks[i]
		i++
		if enStop[t] && !(vi && isVietSyllable(Fold(t))) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// viStopRun returns how many leading tokens of toks form the longest
// Vietnamese stop word, or 0.
func viStopRun(toks []string, folded bool) int {
	longest := 1
	if viStopLead[Fold(toks[0])] {
		longest = min(len(toks), viStopMaxLen)
	}
	for n := longest; n > 0; n-- {
		phrase := strings.Join(toks[:n], " ")
		if viStop[phrase] || (folded && viStopFolded[Fold(phrase)]) {
			return n
		}
	}
	return 0
}
