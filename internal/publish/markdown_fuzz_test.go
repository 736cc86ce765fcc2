package publish

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// allowedTags are the elements goldmark produces from Markdown with raw
// HTML off (tables and strikethrough on).
var allowedTags = map[string]bool{
	"p": true, "br": true, "hr": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"em": true, "strong": true, "del": true, "code": true, "pre": true, "blockquote": true, "a": true, "img": true,
	"ul": true, "ol": true, "li": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
}

var allowedAttrs = map[string]bool{"href": true, "src": true, "alt": true, "title": true, "start": true, "class": true, "style": true}

// FuzzRenderMarkdown: whatever a publication body holds, the rendered HTML
// has only Markdown's own elements, no event handler, no raw HTML passed
// through, and no link or image to a script, vbscript, data or file URL.
//
//	go test -run '^$' -fuzz FuzzRenderMarkdown -fuzztime 60s ./internal/publish/
func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Tin sai\n\n**Đúng**: xem [nguồn](https://example.org).", "<script>alert(1)</script>",
		"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x]( java\tscript:alert(1))", "![i](data:text/html;base64,PHNjcmlwdD4=)",
		"<img src=x onerror=alert(1)>", "| a | b |\n|---|:-:|\n| <b>1</b> | 2 |", "~~del~~ https://example.org/<x>",
		"[a][r]\n\n[r]: vbscript:msgbox", "<!-- c --><a href=\"javascript:x\">y</a>", "`<script>`", "    <iframe>",
		"[x](file:///etc/passwd)", "&#106;avascript:alert(1)", "[x](&#106;avascript:alert(1))", "<svg/onload=alert(1)>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(RenderMarkdown(src))
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			switch z.Next() {
			case html.ErrorToken:
				return
			case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
				tok := z.Token()
				if !allowedTags[tok.Data] {
					t.Fatalf("element <%s> in the output of %q:\n%s", tok.Data, src, out)
				}
				for _, a := range tok.Attr {
					if !allowedAttrs[a.Key] {
						t.Fatalf("attribute %s on <%s> in the output of %q:\n%s", a.Key, tok.Data, src, out)
					}
					if (a.Key == "href" || a.Key == "src") && dangerousURL(a.Val) {
						t.Fatalf("%s=%q on <%s> in the output of %q", a.Key, a.Val, tok.Data, src)
					}
				}
			}
		}
	})
}

// dangerousURL reports a URL a browser would run or open locally, reading
// it as browsers do (control characters and spaces inside the scheme are
// dropped, case ignored).
func dangerousURL(v string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(v) {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(s, scheme) {
			return true
		}
	}
	return false
}
