package text

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText returns the readable plain text of an HTML fragment or document.
//
// Block elements (p, div, li, headings, table rows, …) start new lines;
// paragraph-like blocks (p, headings, blockquote, pre, lists, tables,
// figures, hr) are separated by a blank line; <br> is a line break; table
// cells are separated by a space. The content of script, style, noscript,
// template, title, svg, math and iframe is dropped. Entities are
// decoded, runs of white space (including &nbsp;) collapse to one space
// except inside <pre>, lines are trimmed, at most one blank line separates
// paragraphs, and the result is trimmed and in NFC. Images and links
// contribute only their text content, not alt or href attributes.
//
// HTMLToText accepts any input: malformed markup is read the way the HTML5
// tokenizer reads it, and invalid UTF-8 becomes U+FFFD.
func HTMLToText(s string) string {
	w := textWriter{}
	w.b.Grow(len(s) / 2)
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside dropped elements
	pre := 0  // depth inside <pre>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return NFC(w.finish())
		case html.TextToken:
			if skip == 0 {
				w.text(validUTF8(string(z.Text())), pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if dropped[a] {
				// The tokenizer reads <script/> like <script>: raw text
				// follows. Only foreign elements really self-close.
				if tt == html.StartTagToken || (a != atom.Svg && a != atom.Math) {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if a == atom.Pre && tt == html.StartTagToken {
				pre++
			}
			w.open(a)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if dropped[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if a == atom.Pre && pre > 0 {
				pre--
			}
			w.close(a)
		}
	}
}

// dropped lists the elements whose content is not readable text. <head> is
// not listed because its end tag is often missing; its text-bearing children
// (title, script, style) are.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Title: true, atom.Svg: true, atom.Math: true,
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true,
}

// paragraphs are separated by a blank line; blocks by a line break.
var (
	paragraphs = map[atom.Atom]bool{
		atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
		atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true,
		atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true,
		atom.Figure: true, atom.Hr: true, atom.Section: true, atom.Article: true,
		atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Main: true,
		atom.Nav: true, atom.Address: true, atom.Details: true, atom.Form: true,
		atom.Fieldset: true,
	}
	blocks = map[atom.Atom]bool{
		atom.Div: true, atom.Li: true, atom.Tr: true, atom.Dt: true, atom.Dd: true,
		atom.Figcaption: true, atom.Caption: true, atom.Summary: true,
		atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Body: true,
		atom.Html: true, atom.Legend: true, atom.Option: true,
	}
	cells = map[atom.Atom]bool{atom.Td: true, atom.Th: true}
)

// textWriter accumulates text with pending separators, so that separators
// never pile up and never appear at the start or end of the output.
type textWriter struct {
	b     strings.Builder
	space bool // a space is pending before the next text
	nl    int  // line breaks pending before the next text (0, 1 or 2)
}

func (w *textWriter) open(a atom.Atom) {
	switch {
	case a == atom.Br:
		w.breakLine(1)
	case paragraphs[a]:
		w.breakLine(2)
	case blocks[a]:
		w.breakLine(1)
	case cells[a]:
		w.space = true
	}
}

func (w *textWriter) close(a atom.Atom) {
	if a == atom.Br { // </br> is read as <br> by browsers
		w.breakLine(1)
		return
	}
	w.open(a)
}

// breakLine asks for n line breaks before the next text.
func (w *textWriter) breakLine(n int) {
	w.nl = max(w.nl, n)
	w.space = false
}

// text writes a text token; inside <pre> white space is kept.
func (w *textWriter) text(t string, pre bool) {
	for _, r := range t {
		if pre && (r == '\n' || r == '\r') {
			if r == '\n' {
				w.nl++
				w.space = false
			}
			continue
		}
		if !pre && unicode.IsSpace(r) {
			w.space = true
			continue
		}
		if r == 0 || (unicode.IsControl(r) && r != '\t') {
			continue
		}
		w.flush()
		w.b.WriteRune(r)
	}
}

// flush writes the pending separators before a visible rune.
func (w *textWriter) flush() {
	if w.b.Len() == 0 {
		w.nl, w.space = 0, false
		return
	}
	if w.nl > 0 {
		w.b.WriteString("\n\n"[:min(w.nl, 2)])
	} else if w.space {
		w.b.WriteByte(' ')
	}
	w.nl, w.space = 0, false
}

func (w *textWriter) finish() string { return w.b.String() }
