package web

import (
	"testing"

	"golang.org/x/net/html"
)

func TestSafeSnippet(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"Tin <mark>giả</mark> lan", "Tin <mark>giả</mark> lan"},
		{"a &amp; b &lt;i&gt; &#39;q&#39; &#x27;", "a &amp; b &lt;i&gt; &#39;q&#39; &#x27;"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"<mark>open", "<mark>open</mark>"},
		{"</mark>x<mark><mark>y</mark></mark>", "&lt;/mark&gt;x<mark>&lt;mark&gt;y</mark>&lt;/mark&gt;"},
		{`<mark onclick="x">a</mark>`, `&lt;mark onclick="x"&gt;a&lt;/mark&gt;`},
		{"AT&T & co &zz; &#xZZ;", "AT&amp;T &amp; co &zz; &amp;#xZZ;"},
		{"1 > 0 <", "1 &gt; 0 &lt;"},
	} {
		if got := string(safeSnippet(tt.in)); got != tt.want {
			t.Errorf("safeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzSafeSnippet(f *testing.F) {
	for _, s := range []string{"Tin <mark>giả</mark>", "<script>", "&amp;<mark>", "<<mark>>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := parseHTML(t, "<p>"+string(safeSnippet(s))+"</p>")
		for _, el := range findAll(first(doc, "body"), func(n *html.Node) bool { return true }) {
			if el.Data != "p" && el.Data != "mark" {
				t.Fatalf("safeSnippet(%q) makes a %s element", s, el.Data)
			}
			if len(el.Attr) != 0 {
				t.Fatalf("safeSnippet(%q) makes an attribute", s)
			}
		}
	})
}
