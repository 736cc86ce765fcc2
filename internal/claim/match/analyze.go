package match

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/factdesk/factdesk/internal/text"
)

// analysis is a text broken into what matching compares.
type analysis struct {
	lang     string   // "vi", "en", ...
	cleaned  string   // the text without links, hashtags split
	plain    []string // the terms of the words written without diacritics
	terms    []string // folded (and, for English, lightly stemmed) words without stop words, in order
	exact    []string // the words that carry diacritics, lower-cased NFC, as written
	numbers  []string // words containing a digit ("5g", "2020")
	entities []string // folded forms of capitalised words that are not sentence starts
	quotes   [][]string
	urls     []string // canonical URLs
	joined   []string // hashtags and handles that may be words run together (joinedWords)
	year     string   // from a trailing "January 6, 2020", if any
	month    string
}

var (
	reDateTail = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}, (\d{4})\s*$`)
	reQuoted   = regexp.MustCompile(`["“”«»]([^"“”«»]{3,200})["“”«»]`)
	reTwQuoted = regexp.MustCompile(`‘([^‘’]{3,200})’`)
)

// clean removes links and picture links, which are not words of the
// claim (they are matched separately, as URLs), and splits hashtags and
// @mentions at case changes ("#CoronaVirus" reads as "Corona Virus",
// "@LindseyGrahamSC" as "Lindsey Graham SC"). The author's name and date
// of an embedded tweet stay: a claim is often about its author.
func clean(s string) string {
	s = stripURLs(s)
	if !strings.ContainsAny(s, "#@") {
		return s
	}
	var b strings.Builder
	last := 0
	forEachTag(s, -1, func(start, end int) {
		b.WriteString(s[last:start])
		b.WriteString(" " + splitCamel(s[start+1:end]) + " ")
		last = end
	})
	b.WriteString(s[last:])
	return b.String()
}

// forEachTag calls fn with the bounds of each hashtag or @handle of s, at
// most max of them (all when max < 0): a '#' or '@' and the letters (with
// their marks), digits and underscores after it ("#ĐàNẵng", "#tin_nóng").
func forEachTag(s string, max int, fn func(start, end int)) {
	for i := 0; i < len(s) && max != 0; i++ {
		if s[i] != '#' && s[i] != '@' {
			continue
		}
		j := i + 1
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isTagRune(r) {
				break
			}
			j += n
		}
		if j > i+1 {
			fn(i, j)
			max--
			i = j - 1
		}
	}
}

func isTagRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// splitCamel puts a space where a tag's case changes from a lower-case
// letter or a digit to an upper-case letter ("CoronaVirus2020Facts" reads
// "Corona Virus2020 Facts", "ĐàNẵng" reads "Đà Nẵng").
func splitCamel(w string) string {
	var b strings.Builder
	prev := rune(-1)
	for _, r := range w {
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || '0' <= prev && prev <= '9') {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// dateTail returns the month (lower case) and year of a trailing
// "January 6, 2020", the date of an embedded tweet, or "" and "". Only the
// end of s is searched: the expression anchored at the end would otherwise
// be tried from every position of a long post.
func dateTail(s string) (month, year string) {
	from := max(0, len(s)-64)
	for from > 0 && !utf8.RuneStart(s[from]) {
		from--
	}
	m := reDateTail.FindStringSubmatchIndex(s[from:])
	if m == nil {
		return "", ""
	}
	if m[0] == 0 && from > 0 && isWordByte(s[from-1]) {
		return "", "" // the window cut a word: not a word boundary in s
	}
	return strings.ToLower(s[from+m[2] : from+m[3]]), s[from+m[4] : from+m[5]]
}

// stripURLs replaces each link and picture link (from "http://",
// "https://", "www." at a word's start or "pic.twitter.com/", in any case,
// to the next white space) with a space.
func stripURLs(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		n := urlAt(s, i)
		if n == 0 {
			continue
		}
		j := i + n
		for j < len(s) && !isSpaceByte(s[j]) {
			j++
		}
		b.WriteString(s[last:i])
		b.WriteByte(' ')
		last, i = j, j-1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// urlAt returns the length of the link prefix starting s[i:], or 0.
func urlAt(s string, i int) int {
	rest := s[i:]
	switch s[i] | 0x20 {
	case 'h':
		for _, p := range []string{"https://", "http://"} {
			if len(rest) >= len(p) && strings.EqualFold(rest[:len(p)], p) {
				return len(p)
			}
		}
	case 'w':
		if len(rest) >= 4 && strings.EqualFold(rest[:4], "www.") && (i == 0 || !isWordByte(s[i-1])) {
			return 4
		}
	case 'p':
		const p = "pic.twitter.com/"
		if len(rest) >= len(p) && strings.EqualFold(rest[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// isWordByte is \w of regular expressions: an ASCII letter, digit or '_'.
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// isSpaceByte is \s of regular expressions.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// analyze reads s, in lang ("vi", "en", or "" to detect it).
func analyze(s, lang string) analysis {
	s = text.NFC(s)
	var a analysis
	for _, u := range text.ExtractURLs(s) {
		if c, err := text.CanonicalURL(u); err == nil {
			a.urls = append(a.urls, c)
		}
	}
	a.month, a.year = dateTail(s)
	a.joined = joinedWords(s)
	s = clean(s)
	a.cleaned = s
	if lang == "" {
		lang, _ = text.DetectLang(s)
	}

	a.lang = lang
	for _, w := range text.WordsLang(s, lang) {
		f := normTerm(w, lang)
		a.terms = append(a.terms, f)
		if f != w && text.Fold(w) != w {
			a.exact = append(a.exact, w)
		} else {
			a.plain = append(a.plain, f)
		}
		if hasDigit(w) {
			a.numbers = append(a.numbers, f)
		}
	}
	a.entities = entities(s, lang)
	if !strings.ContainsAny(s, "\"“”«»‘") {
		return a // no quoted phrase: spare the expressions' slow scan
	}
	for _, re := range []*regexp.Regexp{reQuoted, reTwQuoted} {
		for _, m := range re.FindAllStringSubmatch(s, 8) {
			if q := termsOf(m[1], lang); len(q) >= 2 {
				a.quotes = append(a.quotes, q)
			}
		}
	}
	return a
}

// termsOf returns the matching terms of s.
func termsOf(s, lang string) []string {
	ws := text.WordsLang(s, lang)
	for i, w := range ws {
		ws[i] = normTerm(w, lang)
	}
	return ws
}

// normTerm folds a token and, outside Vietnamese, strips a possessive and
// stems it (Snowball English), so "vaccines" and "vaccinated" meet
// "vaccine". Vietnamese words do not inflect and are only folded.
func normTerm(w, lang string) string {
	f := text.Fold(w)
	if lang == "vi" {
		return f
	}
	return stem(strings.TrimSuffix(f, "'s"))
}

// stems caches English stems: a library repeats its words, and stemming
// is most of the cost of indexing a claim. The cache stops growing at
// maxStems words, so that the endless vocabulary of posts cannot grow it.
var (
	stems     sync.Map
	stemCount atomic.Int64
)

const maxStems = 200_000

func stem(w string) string {
	if s, ok := stems.Load(w); ok {
		return s.(string)
	}
	s := snowball(w)
	if stemCount.Add(1) <= maxStems {
		stems.Store(w, s)
	}
	return s
}

// snowball is the Snowball English stem of w.
func snowball(w string) string {
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// entities returns the folded terms of capitalised words that do not start
// a sentence (names of people, places, organisations), without stop words.
func entities(s, lang string) []string {
	var out []string
	start := true // at the start of a sentence
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool { return unicode.IsSpace(r) }) {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		r, _ := utf8.DecodeRuneInString(core)
		if core != "" && unicode.IsUpper(r) && !start && utf8.RuneCountInString(core) > 1 {
			for _, t := range text.WordsLang(core, lang) {
				out = append(out, normTerm(t, lang))
			}
		}
		last, _ := utf8.DecodeLastRuneInString(w)
		start = last == '.' || last == '!' || last == '?' || last == ':'
	}
	return out
}
