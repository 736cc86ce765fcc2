package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// Query is a parsed search query: a post matches when every group matches
// and no excluded phrase does.
//
// The language, as typed in a search box:
//
//	tin giả            both words, anywhere (AND is implicit)
//	"tin giả"          the words together, in this order
//	vắc-xin            a word with inner punctuation is a phrase: "vắc xin"
//	-lừa, -"tin giả"   leave out posts with this word or phrase
//	bão OR lũ          either word; OR (in capitals) binds tighter than AND,
//	                   so "miền Trung bão OR lũ" is miền, Trung, (bão or lũ)
//
// Everything else is text: parentheses, '*', ':' and the like only separate
// words, and a lone OR at either end is ignored. An unbalanced quote runs to
// the end of the query. Matching ignores case and diacritics ("da nang"
// finds "Đà Nẵng"); words typed with diacritics rank the posts that have
// them exactly first. Exclusions ignore diacritics too.
type Query struct {
	Groups  []Group  // all must match
	Exclude []Phrase // none may match
}

// Group is alternatives joined by OR; a plain term is a group of one.
type Group []Phrase

// Phrase is words that must appear together, in order; a single term is a
// phrase of one word. Words are split as the index splits them (runs of
// letters and digits) and kept as typed, in NFC.
type Phrase struct {
	Words  []string
	Quoted bool // typed between double quotes
}

// Limits on one query.
const (
	MaxQueryBytes = 1024 // longer input is refused
	MaxQueryWords = 64   // words in all phrases, excluded ones included
)

// Errors of Parse. All are apperr.Invalid, with a message for the person
// who typed the query.
var (
	ErrEmptyQuery   error = apperr.Errorf(apperr.Invalid, "the search query is empty: type at least one word to look for")
	ErrNoWords      error = apperr.Errorf(apperr.Invalid, "the search query has no words to look for, only punctuation or operators")
	ErrOnlyExcluded error = apperr.Errorf(apperr.Invalid, "the search query only excludes words: add at least one word to look for")
	ErrQueryTooLong error = apperr.Errorf(apperr.Invalid, "the search query is too long: at most %d characters and %d words", MaxQueryBytes, MaxQueryWords)
)

// item is one lexed element of a query: a phrase, possibly excluded, or OR.
type item struct {
	phrase  Phrase
	exclude bool
	or      bool
}

// Parse reads a query typed by a person (see Query for the language). It
// never panics; any input yields either a Query with at least one group or
// one of the errors above.
func Parse(s string) (Query, error) {
	if len(s) > MaxQueryBytes {
		return Query{}, ErrQueryTooLong
	}
	s = text.NFC(s)
	if strings.TrimSpace(s) == "" {
		return Query{}, ErrEmptyQuery
	}
	var q Query
	lastPositive, pendingOr, words := false, false, 0
	for _, it := range lex(s) {
		switch {
		case it.or:
			pendingOr = lastPositive
		case it.exclude:
			q.Exclude = append(q.Exclude, it.phrase)
			lastPositive, pendingOr = false, false
		case pendingOr:
			last := &q.Groups[len(q.Groups)-1]
			*last = append(*last, it.phrase)
			pendingOr = false
		default:
			q.Groups = append(q.Groups, Group{it.phrase})
			lastPositive = true
		}
		words += len(it.phrase.Words)
	}
	switch {
	case words > MaxQueryWords:
		return Query{}, ErrQueryTooLong
	case len(q.Groups) == 0 && len(q.Exclude) > 0:
		return Query{}, ErrOnlyExcluded
	case len(q.Groups) == 0:
		return Query{}, ErrNoWords
	}
	return q, nil
}

// lex splits s into items, dropping terms that have no words.
func lex(s string) []item {
	var items []item
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		exclude := false
		if r == '-' && i+1 < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); !unicode.IsSpace(next) {
				exclude = true
				i++
			}
		}
		var raw string
		quoted := i < len(s) && s[i] == '"'
		if quoted {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				end = len(s) - i - 1
			}
			raw = s[i+1 : i+1+end]
			i += end + 2
		} else {
			end := strings.IndexFunc(s[i:], func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
			if end < 0 {
				end = len(s) - i
			}
			raw = s[i : i+end]
			i += end
		}
		if !quoted && !exclude && raw == "OR" {
			items = append(items, item{or: true})
			continue
		}
		if words := splitWords(raw); len(words) > 0 {
			items = append(items, item{phrase: Phrase{Words: words, Quoted: quoted}, exclude: exclude})
		}
	}
	return items
}

// splitWords returns the words of s as the index splits them.
func splitWords(s string) []string {
	spans := store.SearchSpans(s)
	if len(spans) == 0 {
		return nil
	}
	words := make([]string, len(spans))
	for i, sp := range spans {
		words[i] = s[sp[0]:sp[1]]
	}
	return words
}

// String writes q back in the query language, in a canonical form that
// Parse reads as the same query: phrases of several words in quotes.
func (q Query) String() string {
	var parts []string
	for _, g := range q.Groups {
		alts := make([]string, len(g))
		for i, p := range g {
			alts[i] = p.String()
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, p := range q.Exclude {
		parts = append(parts, "-"+p.String())
	}
	return strings.Join(parts, " ")
}

// String writes p as a term, or in quotes when it has several words.
func (p Phrase) String() string {
	s := strings.Join(p.Words, " ")
	if len(p.Words) > 1 || s == "OR" {
		return `"` + s + `"`
	}
	return s
}

// groupPhrase is a positive phrase with the index of its group.
type groupPhrase struct {
	group int
	p     Phrase
}

// phrases lists the positive phrases of q, group by group.
func (q Query) phrases() []groupPhrase {
	var out []groupPhrase
	for i, g := range q.Groups {
		for _, p := range g {
			out = append(out, groupPhrase{i, p})
		}
	}
	return out
}

// hasDiacritics reports whether some positive phrase of q has diacritics
// (or letters that fold otherwise), so that exact matches rank first.
func (q Query) hasDiacritics() bool {
	for _, gp := range q.phrases() {
		if !equalWords(gp.p.folded(), gp.p.exact()) {
			return true
		}
	}
	return false
}

// storeQuery turns q into the store's form.
func (q Query) storeQuery() ([][]store.SearchPhrase, []store.SearchPhrase) {
	all := make([][]store.SearchPhrase, len(q.Groups))
	for i, g := range q.Groups {
		for _, p := range g {
			all[i] = append(all[i], store.SearchPhrase(p.Words))
		}
	}
	none := make([]store.SearchPhrase, len(q.Exclude))
	for i, p := range q.Exclude {
		none[i] = store.SearchPhrase(p.Words)
	}
	return all, none
}
