package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// deconfuse undoes two tricks used to dodge keyword filters, so that the
// token can be judged by its letters: compatibility characters (fullwidth
// or mathematical letters such as 𝙇𝙀𝙀) are replaced by NFKC, and in a
// token that mixes Latin letters with look-alikes from other scripts
// ("тнương", Cyrillic т and н with Latin ương), the look-alikes are
// replaced by the Latin letters they imitate. Tokens wholly in another
// script are left alone.
func deconfuse(tok string) string {
	ascii := true
	for i := 0; i < len(tok); i++ {
		if tok[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return tok
	}
	tok = strings.ToLower(norm.NFKC.String(tok))
	latin, lookalike := false, false
	for _, r := range tok {
		if _, ok := homoglyphs[r]; ok {
			lookalike = true
		} else if r < 0x250 || (0x1E00 <= r && r <= 0x1EFF) {
			latin = latin || unicode.IsLetter(r)
		}
	}
	if !latin || !lookalike {
		return tok
	}
	return norm.NFC.String(strings.Map(func(r rune) rune {
		if l, ok := homoglyphs[r]; ok {
			return l
		}
		return r
	}, tok))
}

// homoglyphs maps lower-case letters of other scripts, and Latin small
// capitals, to the ASCII letter they are used to imitate.
var homoglyphs = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'ԍ': 'g', 'н': 'h', 'һ': 'h',
	'і': 'i', 'ј': 'j', 'к': 'k', 'ӏ': 'l', 'м': 'm', 'п': 'n', 'о': 'o', 'р': 'p',
	'ԛ': 'q', 'г': 'r', 'ѕ': 's', 'т': 't', 'у': 'y', 'х': 'x', 'ԝ': 'w',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o',
	'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'γ': 'y',
	// Latin letters outside the alphabet, small capitals and IPA
	'ĸ': 'k', 'ı': 'i', 'ə': 'e', 'ɑ': 'a', 'ɡ': 'g', 'ɪ': 'i', 'ʀ': 'r', 'ʏ': 'y',
	'ʙ': 'b', 'ɢ': 'g', 'ʜ': 'h', 'ʟ': 'l', 'ɴ': 'n', 'ᴀ': 'a', 'ᴄ': 'c', 'ᴅ': 'd',
	'ᴇ': 'e', 'ᴊ': 'j', 'ᴋ': 'k', 'ᴍ': 'm', 'ᴏ': 'o', 'ᴘ': 'p', 'ᴛ': 't', 'ᴜ': 'u',
	'ᴠ': 'v', 'ᴡ': 'w', 'ᴢ': 'z', 'ꜱ': 's', 'ɗ': 'd', 'ƙ': 'k', 'ƅ': 'b', 'ɦ': 'h',
	'ɾ': 'r', 'ʋ': 'v', 'ƭ': 't', 'ɩ': 'i', 'ᵭ': 'đ',
	// Armenian
	'ռ': 'n', 'ց': 'g', 'ս': 'u', 'օ': 'o', 'հ': 'h',
}
