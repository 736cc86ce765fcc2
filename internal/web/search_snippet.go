package web

import (
	"html/template"
	"strings"
)

// safeSnippet lets through a snippet's <mark> and </mark> tags and
// escapes any other markup, so that a snippet that is not escaped as
// promised still shows as text. Marks are balanced.
func safeSnippet(s string) template.HTML {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(escapeStray(s))
			break
		}
		b.WriteString(escapeStray(s[:i]))
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<mark>") && !open:
			b.WriteString("<mark>")
			s, open = s[len("<mark>"):], true
		case strings.HasPrefix(s, "</mark>") && open:
			b.WriteString("</mark>")
			s, open = s[len("</mark>"):], false
		default:
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) // only escaped text and balanced <mark> tags
}

// escapeStray escapes what must not stand alone in escaped text: '>' and
// quotes are harmless in a text node, but a bare '&' that does not start an
// entity is escaped too, for well-formed output.
func escapeStray(s string) string {
	if !strings.ContainsAny(s, ">&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '>':
			b.WriteString("&gt;")
		case s[i] == '&' && !startsEntity(s[i:]):
			b.WriteString("&amp;")
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// startsEntity reports whether s starts with a character reference such as
// &amp; &#39; or &#x27;.
func startsEntity(s string) bool {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return false
	}
	name := s[1:end]
	if rest, ok := strings.CutPrefix(name, "#"); ok {
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "x"), "X")
		return rest != "" && strings.Trim(rest, "0123456789abcdefABCDEF") == ""
	}
	return strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
}
