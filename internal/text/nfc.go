package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// validUTF8 returns s with each run of invalid UTF-8 bytes replaced by U+FFFD.
// It does not allocate when s is already valid.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// NFC returns s in Unicode Normalization Form C (canonical composition).
//
// Vietnamese text arrives both precomposed and decomposed (NFD): macOS file
// names, some keyboards and Windows-1258 decoders produce base letters
// followed by combining marks, which compare unequal to the precomposed form.
// NFC makes both spellings identical. Invalid UTF-8 is replaced by U+FFFD.
// NFC does not allocate when s is already valid NFC.
func NFC(s string) string {
	return norm.NFC.String(validUTF8(s))
}

// Lower returns s in NFC and lower case, keeping diacritics: "Đà Nẵng"
// becomes "đà nẵng". Use it for the exact-diacritic form of a search index;
// use [Fold] for the form that ignores diacritics.
func Lower(s string) string {
	s = NFC(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return norm.NFC.String(strings.ToLower(s))
		}
	}
	return s
}

// NormalizeSpace trims s and collapses every run of Unicode white space
// (including no-break spaces, tabs and line breaks) into a single ASCII
// space. Invisible format characters that only break comparisons (zero-width
// space U+200B, word joiner U+2060, byte-order mark U+FEFF and soft hyphen
// U+00AD) are removed. Invalid UTF-8 is replaced by U+FFFD.
func NormalizeSpace(s string) string {
	s = validUTF8(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case isInvisible(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInvisible reports whether r is a zero-width format character that
// NormalizeSpace drops.
func isInvisible(r rune) bool {
	switch r {
	case 0x00AD, 0x200B, 0x2060, 0xFEFF:
		return true
	}
	return false
}
