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
	reURL      = regexp.MustCompile(`(?i)(?:https?://|\bwww\.|pic\.twitter\.com/)\S*`)
	reDateTail = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}, (\d{4})\s*$`)
	reHashtag  = regexp.MustCompile(`[#@](\w+)`)
	reCamel    = regexp.MustCompile(`([\p{Ll}\d])(\p{Lu})`)
	reQuoted   = regexp.MustCompile(`["“”«»]([^"“”«»]{3,200})["“”«»]`)
	reTwQuoted = regexp.MustCompile(`‘([^‘’]{3,200})’`)
)

// clean removes links and picture links, which are not words of the
// claim (they are matched separately, as URLs), and splits hashtags and
// @mentions at case changes ("#CoronaVirus" reads as "Corona Virus",
// "@LindseyGrahamSC" as "Lindsey Graham SC"). The author's name and date
// of an embedded tweet stay: a claim is often about its author.
func clean(s string) string {
	s = reURL.ReplaceAllString(s, " ")
	return reHashtag.ReplaceAllStringFunc(s, func(h string) string {
		return " " + reCamel.ReplaceAllString(h[1:], "$1 $2") + " "
	})
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
	if m := reDateTail.FindStringSubmatch(s); m != nil {
		a.month, a.year = strings.ToLower(m[1]), m[2]
	}
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
