package text

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExtractURLs returns the http and https URLs found in text, in order of
// first appearance and without duplicates, as written (not canonicalised;
// see [CanonicalURL]). The scheme is matched case-insensitively; a URL ends
// at white space, at a character never found raw in links (< > " ` and
// typographic quotes or CJK punctuation); trailing sentence punctuation
// (. , ; : ! ? ' and closing brackets without a matching opening one) is not
// part of the URL. Bare host names starting with "www." are recognised too
// and returned with "http://" prepended, so every result is absolute.
// Candidates without a host are skipped.
func ExtractURLs(text string) []string {
	text = validUTF8(text)
	var urls []string
	seen := map[string]bool{}
	for i := 0; i < len(text); {
		start, prefix := nextURLStart(text, i)
		if start < 0 {
			break
		}
		end := urlEnd(text, start)
		cand := trimURLTail(text[start:end])
		i = max(end, start+1)
		u := prefix + cand
		if !hasHost(u) || seen[u] {
			continue
		}
		seen[u] = true
		urls = append(urls, u)
	}
	return urls
}

// nextURLStart finds the next "http://", "https://" or word-initial "www."
// at or after i. prefix is what must be prepended to make it absolute.
func nextURLStart(s string, i int) (start int, prefix string) {
	for ; i < len(s); i++ {
		c := s[i] | 0x20
		if c == 'h' && hasPrefixFold(s[i:], "http") {
			rest := s[i+4:]
			if hasPrefixFold(rest, "://") || hasPrefixFold(rest, "s://") {
				return i, ""
			}
		}
		if c == 'w' && hasPrefixFold(s[i:], "www.") && (i == 0 || !isWordByteBefore(s, i)) {
			return i, "http://"
		}
	}
	return -1, ""
}

// isWordByteBefore reports whether the rune before s[i] is a letter, digit,
// or one of the characters that glue a host to what precedes it.
func isWordByteBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '/' || r == '@' || r == '-'
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// urlEnd returns the index where the URL starting at start ends.
func urlEnd(s string, start int) int {
	for i, r := range s[start:] {
		if unicode.IsSpace(r) || unicode.IsControl(r) || isURLStop(r) {
			return start + i
		}
	}
	return len(s)
}

func isURLStop(r rune) bool {
	switch r {
	case '<', '>', '"', '`', '“', '”', '‘', '’', '«', '»', '‹', '›', '「', '」',
		'『', '』', '【', '】', '《', '》', '，', '。', '、', '；', '：', '！', '？', '（', '）',
		'…', utf8.RuneError:
		return true
	}
	return false
}

// trimURLTail removes trailing punctuation that belongs to the sentence:
// sentence marks, and closing brackets that have no opening partner in
// the URL. It runs in linear time even on hostile input.
func trimURLTail(u string) string {
	var open, closed [3]int // ( [ {, then ) ] }
	for i := 0; i < len(u); i++ {
		if k := strings.IndexByte("([{", u[i]); k >= 0 {
			open[k]++
		} else if k := strings.IndexByte(")]}", u[i]); k >= 0 {
			closed[k]++
		}
	}
	for u != "" {
		last := u[len(u)-1]
		if strings.IndexByte(".,;:!?'*", last) >= 0 {
			u = u[:len(u)-1]
			continue
		}
		if k := strings.IndexByte(")]}", last); k >= 0 && open[k] < closed[k] {
			closed[k]--
			u = u[:len(u)-1]
			continue
		}
		return u
	}
	return u
}

// hasHost reports whether u parses with a plausible host: a non-empty name
// made of letters, digits, dots, hyphens, or an IP literal.
func hasHost(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	h := p.Hostname()
	if h == "" || strings.HasPrefix(h, ".") || strings.HasPrefix(h, "-") {
		return false
	}
	for _, r := range h {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == ':' || r == '_') {
			return false
		}
	}
	return true
}
