package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// forEachLangToken calls fn with each lower-case NFC word token of s that
// should count for language identification; hashtags count only when
// hashtags is true.
func forEachLangToken(s string, hashtags bool, fn func(string)) {
	for field := range strings.FieldsSeq(validUTF8(s)) {
		if hashtags && field[0] == '#' {
			field = field[1:]
		} else if skipField(field) {
			continue
		}
		for _, tok := range Tokens(field) {
			if !hasDigit(tok) {
				fn(deconfuse(tok))
			}
		}
	}
}

// skipField reports whether a white-space separated field is a link,
// address, mention or hashtag, which says nothing about the language.
func skipField(f string) bool {
	if f[0] == '@' || f[0] == '#' {
		return true
	}
	return strings.Contains(f, "://") || strings.Contains(f, "@") ||
		hasPrefixFold(f, "www.") || hasPrefixFold(f, "pic.twitter.com")
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// Token letter classes.
const (
	clsASCII  = iota // a-z only
	clsNoViet        // a-z only, with one of f j w z, which Vietnamese lacks
	clsViOnly        // contains a letter only Vietnamese uses
	clsShared        // accents Vietnamese shares with other languages
	clsLatin         // other Latin diacritics (ç ñ ü ß ...)
	clsScript        // a non-Latin script
)

// Token categories: what DetectLang knows about a token.
const (
	catViOnly     = iota // Vietnamese-only letters, a Vietnamese syllable
	catViOnlyOdd         // Vietnamese-only letters, not a syllable (names)
	catShared            // shared accents, a Vietnamese syllable
	catSharedOdd         // shared accents, not a Vietnamese syllable
	catLatin             // other Latin diacritics
	catScript            // non-Latin script
	catBothStop          // folded Vietnamese and English stop word ("to", "do")
	catViStop            // folded Vietnamese stop word ("va", "cua")
	catEnStopSyll        // English stop word, also a syllable shape ("the")
	catEnStop            // English stop word, not a syllable shape ("of")
	catOtherStop         // function word of another Latin-script language
	catSyllable          // unaccented Vietnamese syllable shape
	catNoViet            // has f, j, w or z
	catOdd               // anything else in a-z ("needs", "street")
	numCategories
)

var categoryNames = [numCategories]string{
	"vi-only", "vi-only-odd", "shared", "shared-odd", "latin", "script",
	"both-stop", "vi-stop", "en-stop-syll", "en-stop", "other-stop",
	"syllable", "no-viet", "odd",
}

// tokenCategory returns the category of a lower-case token.
func tokenCategory(tok string) int {
	f := Fold(tok)
	switch letterClass(tok) {
	case clsScript:
		return catScript
	case clsLatin:
		return catLatin
	case clsViOnly:
		if isVietSyllable(f) {
			return catViOnly
		}
		return catViOnlyOdd
	case clsShared:
		if isVietSyllable(f) {
			return catShared
		}
		return catSharedOdd
	case clsNoViet:
		if enStop[tok] {
			return catEnStop
		}
		if otherStop[tok] {
			return catOtherStop
		}
		return catNoViet
	}
	syll := isVietSyllable(f)
	switch {
	case viStopFolded[f] && enStop[tok]:
		return catBothStop
	case viStopFolded[f]:
		return catViStop
	case enStop[tok] && syll:
		return catEnStopSyll
	case enStop[tok]:
		return catEnStop
	case otherStop[tok]:
		return catOtherStop
	case syll:
		return catSyllable
	}
	return catOdd
}

// letterClass classifies the letters of a lower-case NFC token.
func letterClass(tok string) int {
	cls := clsASCII
	for _, r := range tok {
		c := runeClass(r)
		if c == clsScript {
			return clsScript
		}
		if c == clsLatin && cls != clsViOnly {
			cls = clsLatin
		}
		if c == clsViOnly {
			cls = clsViOnly
		}
		if c == clsShared && cls == clsASCII {
			cls = clsShared
		}
	}
	if cls == clsASCII && strings.ContainsAny(tok, "fjwz") {
		return clsNoViet
	}
	return cls
}

// runeClass classifies one lower-case rune.
func runeClass(r rune) int {
	switch {
	case r < utf8.RuneSelf:
		return clsASCII
	case strings.ContainsRune("àáâãèéêìíòóôõùúý", r):
		return clsShared
	case strings.ContainsRune("ăđĩũơư", r) || (0x1EA0 <= r && r <= 0x1EF9):
		return clsViOnly
	case r == '\'' || unicode.IsMark(r):
		return clsASCII
	case unicode.Is(unicode.Latin, r):
		return clsLatin
	}
	return clsScript
}

// hasVietMarks reports whether s contains any letter with a Vietnamese
// diacritic (precomposed or as a combining mark), or đ.
func hasVietMarks(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		r = unicode.ToLower(r)
		if c := runeClass(r); c == clsShared || c == clsViOnly {
			return true
		}
		switch r {
		case 0x0300, 0x0301, 0x0302, 0x0303, 0x0306, 0x0309, 0x031B, 0x0323:
			return true
		}
	}
	return false
}

// otherStop lists frequent function words of other Latin-script languages
// (French, Spanish, Portuguese, Italian, German, Dutch, Indonesian) that
// are not English stop words; words that could be unaccented Vietnamese
// syllables ("la", "de", "di", "con") are left out.
var otherStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		le les des et est une du au aux ce cette qui que pour pas sur avec dans par il ils elle nous vous sont
		el los las una por para con del al es lo como pero sus
		os uma um em com pelo pela dos nas nos
		il della delle degli che di per sono gli
		der die das und ist nicht ein eine mit von zu den dem sie ich es auf auch sich
		het een van en op voor niet zijn
		yang dan di ini itu dengan untuk tidak ada dari dalam akan pada juga oleh`) {
		m[w] = !enStop[w] && !isVietSyllable(w)
	}
	return m
}()
