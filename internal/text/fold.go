package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search key of s: case-folded and with diacritics removed,
// so that "Giả", "giả" and "gia" (or "Đà Nẵng" and "da nang") all fold to
// the same string.
//
// Precisely, Fold decomposes s (NFD), drops the combining diacritical marks
// U+0300–U+036F, maps each remaining rune to its simple case fold (lower
// case; final sigma becomes sigma), maps đ, Đ and the look-alike ð, Ð
// (U+00F0, U+00D0, sometimes typed for Đ) to "d" by hand because they do not
// decompose, and recomposes the result (NFC). Marks of other scripts are kept,
// so Devanagari or Thai text is only case-folded. Letters that do not
// decompose (ø, ł, æ, ß) are kept as they are. Invalid UTF-8 becomes U+FFFD.
//
// Fold is idempotent, accepts NFC and NFD input alike, and is registered as an
// SQL function for search indexing, so it is written to be fast: ASCII input
// without upper-case letters is returned without allocating, and text made of
// Latin letters (including all Vietnamese letters) and common punctuation is
// folded in one pass through lookup tables without calling the normaliser.
func Fold(s string) string {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			break
		}
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			j := i
			for j < len(s) && s[j] < utf8.RuneSelf && (s[j] < 'A' || s[j] > 'Z') {
				j++
			}
			if j > i {
				b.WriteString(s[i:j])
				i = j
			} else {
				b.WriteByte(c + 'a' - 'A')
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < rune(len(foldLatin)) && foldLatin[r] != "":
			b.WriteString(foldLatin[r])
		case 0x0300 <= r && r <= 0x036F:
			// combining diacritical mark: dropped
		case 0x1E00 <= r && r <= 0x1EFF:
			b.WriteString(foldLatinExt[r-0x1E00])
		case isFoldInert(r) && size > 1:
			b.WriteRune(r)
		default:
			// Invalid UTF-8 (size 1), other scripts, or marks that may compose:
			// take the general path for the whole string.
			return slowFold(s)
		}
		i += size
	}
	return b.String()
}

// slowFold is the definition of Fold, used for input the table-driven path
// does not cover and to build those tables.
func slowFold(s string) string {
	d := norm.NFD.String(validUTF8(s))
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if 0x0300 <= r && r <= 0x036F {
			continue
		}
		b.WriteRune(foldRune(r))
	}
	return norm.NFC.String(b.String())
}

// foldRune folds one rune that has already been decomposed.
func foldRune(r rune) rune {
	switch r {
	case 'đ', 'Đ', 'ð', 'Ð':
		return 'd'
	}
	if r < utf8.RuneSelf {
		return unicode.ToLower(r)
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// isFoldInert reports whether r is unchanged by Fold and cannot interact with
// its neighbours under normalisation (punctuation and symbols often found in
// Vietnamese and English news text), so the fast path may copy it.
func isFoldInert(r rune) bool {
	switch {
	case 0x2010 <= r && r <= 0x205E: // general punctuation: dashes, quotes, …
		return true
	case 0x20A0 <= r && r <= 0x20C0: // currency signs such as ₫ and €
		return true
	case r == 0xFFFD:
		return true
	}
	return false
}

// foldLatin and foldLatinExt hold slowFold of every rune in U+0080–U+024F
// (Latin-1 Supplement, Latin Extended-A and -B, which contain ă â đ ê ô ơ ư)
// and U+1E00–U+1EFF (Latin Extended Additional, which contains the
// precomposed Vietnamese letters with tone marks such as ả ẵ ệ ữ).
var (
	foldLatin    [0x0250]string
	foldLatinExt [0x0100]string
)

func init() {
	for r := rune(0x80); r < rune(len(foldLatin)); r++ {
		foldLatin[r] = slowFold(string(r))
	}
	for r := rune(0); r < rune(len(foldLatinExt)); r++ {
		foldLatinExt[r] = slowFold(string(0x1E00 + r))
	}
}
