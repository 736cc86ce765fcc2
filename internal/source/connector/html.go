package connector

import (
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	ugcOnce sync.Once
	ugc     *bluemonday.Policy
)

// SanitizeHTML returns s cleaned by bluemonday's UGC policy, safe to show.
func SanitizeHTML(s string) string {
	ugcOnce.Do(func() {
		ugc = bluemonday.UGCPolicy()
		ugc.RequireNoReferrerOnLinks(true)
		ugc.AddTargetBlankToFullyQualifiedLinks(true)
	})
	return strings.TrimSpace(ugc.Sanitize(s))
}

// LooksLikeHTML reports whether s appears to contain markup or entities.
func LooksLikeHTML(s string) bool {
	return strings.ContainsAny(s, "<&")
}

// HTMLToText turns an HTML fragment into plain text: entities decoded, tags
// dropped, script/style skipped, block elements and <br> become line breaks,
// runs of spaces collapsed. It is deliberately small; intake normalises more.
func HTMLToText(s string) string {
	if !LooksLikeHTML(s) {
		return collapse(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapse(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style || a == atom.Template:
				if tt == html.StartTagToken {
					skip++
				}
			case a == atom.Br:
				b.WriteByte('\n')
			case a == atom.Img:
				// keep alt text: it often carries the claim
				for {
					k, v, more := z.TagAttr()
					if string(k) == "alt" && len(v) > 0 {
						b.WriteString(" ")
						b.Write(v)
						b.WriteString(" ")
					}
					if !more {
						break
					}
				}
			case isBlock(a):
				b.WriteString("\n\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style || a == atom.Template:
				if skip > 0 {
					skip--
				}
			case isBlock(a):
				b.WriteString("\n\n")
			}
		}
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Blockquote, atom.Pre,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Tr, atom.Table,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Figure, atom.Figcaption, atom.Hr:
		return true
	}
	return false
}

// collapse trims each line, collapses runs of blanks within lines, and keeps
// at most one empty line between paragraphs.
func collapse(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := false
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
