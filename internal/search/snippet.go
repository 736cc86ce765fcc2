package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// SnippetBytes is about how long an excerpt is, in bytes of UTF-8.
const SnippetBytes = 320

// Span is a byte range [Start, End) of a string.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// folded returns the words of p with case and diacritics folded, split as
// the store splits them.
func (p Phrase) folded() []string {
	var out []string
	for _, e := range p.exact() {
		out = append(out, splitWords(text.Fold(e))...)
	}
	return out
}

// exact returns the words of p lower-cased, diacritics kept.
func (p Phrase) exact() []string {
	var out []string
	for _, w := range p.Words {
		out = append(out, splitWords(text.Lower(w))...)
	}
	return out
}

// docWord is one folded word of a text with the span of the original word.
type docWord struct {
	folded string
	span   Span
}

// docWords splits s into words as the index does and folds them.
func docWords(s string) []docWord {
	spans := store.SearchSpans(s)
	words := make([]docWord, 0, len(spans))
	for _, sp := range spans {
		w := s[sp[0]:sp[1]]
		f := text.Fold(w)
		if f == w || !strings.ContainsFunc(f, notWordRune) {
			words = append(words, docWord{folded: f, span: Span{sp[0], sp[1]}})
			continue
		}
		for _, part := range splitWords(f) {
			words = append(words, docWord{folded: part, span: Span{sp[0], sp[1]}})
		}
	}
	return words
}

// notWordRune reports whether r separates words in the index.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// Matches returns where the phrases of q's groups occur in s, comparing
// folded words, so that a query typed without diacritics highlights the
// original "Đà Nẵng". A phrase's span runs from its first word to its last
// ("vắc-xin" whole). Spans are sorted and do not overlap.
func (q Query) Matches(s string) []Span {
	words := docWords(s)
	var spans []Span
	for _, g := range q.Groups {
		for _, p := range g {
			spans = append(spans, phraseSpans(words, p.folded())...)
		}
	}
	return mergeSpans(spans)
}

// phraseSpans finds each occurrence of the folded phrase in words.
func phraseSpans(words []docWord, phrase []string) []Span {
	var out []Span
	if len(phrase) == 0 {
		return nil
	}
	for i := 0; i+len(phrase) <= len(words); i++ {
		ok := true
		for j, w := range phrase {
			if words[i+j].folded != w {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, Span{words[i].span.Start, words[i+len(phrase)-1].span.End})
		}
	}
	return out
}

// mergeSpans sorts spans and joins those that overlap.
func mergeSpans(spans []Span) []Span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// excerpt cuts a window of about SnippetBytes from s around the densest run
// of marks, collapses white space, and returns the excerpt with the marks
// moved into it. "…" shows where text was cut.
func excerpt(s string, marks []Span) (string, []Span) {
	start, end := window(s, marks)
	var b strings.Builder
	var out []Span
	if start > 0 {
		b.WriteString("…")
	}
	m, space := 0, false
	for i := start; i < end; {
		for m < len(marks) && marks[m].End <= i {
			m++
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			i += size
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if m < len(marks) && marks[m].Start == i && marks[m].End <= end {
			out = append(out, Span{b.Len(), b.Len() + marks[m].End - i})
			b.WriteString(s[i:marks[m].End])
			i = marks[m].End
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	if end < len(s) {
		b.WriteString("…")
	}
	return b.String(), out
}

// window picks [start, end) of s: the whole of s when short, else the
// stretch of about SnippetBytes that holds the most marks, starting a
// little before its first mark, cut at word boundaries.
func window(s string, marks []Span) (int, int) {
	if len(s) <= SnippetBytes {
		return 0, len(s)
	}
	start, best := 0, 0
	for i, mk := range marks {
		n := 0
		for _, other := range marks[i:] {
			if other.End-mk.Start > SnippetBytes*3/4 {
				break
			}
			n++
		}
		if n > best {
			best, start = n, max(0, mk.Start-SnippetBytes/4)
		}
	}
	end := min(len(s), start+SnippetBytes)
	if start > 0 {
		start = wordStartAfter(s, start)
	}
	if end < len(s) {
		end = wordEndBefore(s, end, start)
	}
	return start, end
}

// wordStartAfter moves i forward to the start of the next word.
func wordStartAfter(s string, i int) int {
	for _, sp := range store.SearchSpans(s[i:]) {
		if sp[0] > 0 {
			return i + sp[0]
		}
	}
	return i
}

// wordEndBefore moves end back to the end of the last whole word in
// s[start:end], keeping a punctuation mark that follows it.
func wordEndBefore(s string, end, start int) int {
	cut := end
	for !utf8.RuneStart(s[cut]) {
		cut--
	}
	spans := store.SearchSpans(s[start:cut])
	n := len(spans)
	if n > 1 && start+spans[n-1][1] == cut {
		n-- // the last word may be cut in the middle
	}
	if n == 0 {
		return cut
	}
	last := start + spans[n-1][1]
	if r, size := utf8.DecodeRuneInString(s[last:]); unicode.IsPunct(r) {
		last += size
	}
	return last
}

// SnippetHTML writes an excerpt as HTML: text escaped, marks in <mark>.
func SnippetHTML(excerpt string, marks []Span) string {
	var b strings.Builder
	at := 0
	for _, m := range marks {
		if m.Start < at || m.End > len(excerpt) {
			continue
		}
		b.WriteString(html.EscapeString(excerpt[at:m.Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(excerpt[m.Start:m.End]))
		b.WriteString("</mark>")
		at = m.End
	}
	b.WriteString(html.EscapeString(excerpt[at:]))
	return b.String()
}
