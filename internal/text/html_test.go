package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain text", "just text", "just text"},
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"br", "a<br>b<br/>c", "a\nb\nc"},
		{"div lines", "<div>a</div><div>b</div>", "a\nb"},
		{"list", "<ul><li>one</li><li>two</li></ul><p>after</p>", "one\ntwo\n\nafter"},
		{"headings", "<h1>Title</h1>Body", "Title\n\nBody"},
		{"inline stays inline", "<p>Tin <b>giả</b> về <a href='x'>vắc xin</a></p>", "Tin giả về vắc xin"},
		{"adjacent inline", "<span>a</span><span>b</span>", "ab"},
		{"script and style dropped", "<script>var x = '<p>no</p>';</script><style>p{}</style><p>yes</p>", "yes"},
		{"self-closed script still raw", "<script/>alert(1)</script>ok", "ok"},
		{"unclosed script drops the rest", "ok<script>alert(1)", "ok"},
		{"head title dropped", "<html><head><title>T</title><meta charset=utf-8></head><body><p>Body</p></body></html>", "Body"},
		{"missing head end", "<head><title>T</title><p>Body", "Body"},
		{"svg dropped", "a<svg><text>label</text></svg>b", "ab"},
		{"self-closing svg", "a<svg/>b", "ab"},
		{"entities", "&lt;tag&gt; &amp; &quot;q&quot; &#273;&agrave; &nbsp;x", "<tag> & \"q\" đà x"},
		{"whitespace collapsed", "<p>  many\n\n   spaces\there  </p>", "many spaces here"},
		{"pre kept", "<pre>a  b\n  c</pre>", "a  b\n  c"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"blank lines capped", "<p>a</p><p></p><p></p><div><p>b</p></div>", "a\n\nb"},
		{"comments", "a<!-- hidden -->b", "ab"},
		{"NFD becomes NFC", "<p>gia\u0309</p>", "giả"},
		{"mastodon post", `<p>Tin giả: <a href="https://a.vn/x" rel="nofollow"><span class="invisible">https://</span><span class="">a.vn/x</span></a></p><p><a href="https://m.s/tags/vi" class="mention hashtag">#<span>vi</span></a></p>`, "Tin giả: https://a.vn/x\n\n#vi"},
		{"garbage", "<<<>>><p<<a href=>\x00\xff", "<<<>>>\uFFFD"},
		{"unclosed tags", "<div><p>a<b>b", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.in); got != tt.want {
				t.Errorf("HTMLToText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzHTMLToText(f *testing.F) {
	for _, s := range append(seedStrings,
		"<p>a</p><br><li>b<script>c</script><pre> d\n</pre>",
		"<svg><script>x</script></svg>y", "<table><td>1<td>2</table>",
		"&amp;&#x1F600;&#0;&bogus;", "<pre>\r\n\r\n</pre>",
	) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := HTMLToText(s)
		if !utf8.ValidString(got) {
			t.Fatalf("HTMLToText(%q) = %q is not valid UTF-8", s, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("HTMLToText(%q) = %q is not NFC", s, got)
		}
		if strings.Contains(got, "\n\n\n") {
			t.Fatalf("HTMLToText(%q) = %q has more than one blank line", s, got)
		}
		if strings.ContainsRune(got, 0) {
			t.Fatalf("HTMLToText(%q) = %q contains NUL", s, got)
		}
		if got != "" && strings.TrimSpace(got[:1]) == "" && !strings.Contains(s, "pre") {
			t.Fatalf("HTMLToText(%q) = %q starts with white space", s, got)
		}
	})
}

func BenchmarkHTMLToText(b *testing.B) {
	doc := strings.Repeat(`<div class="post"><p>Tin giả về <a href="https://a.vn">vắc-xin</a> ở Đà Nẵng &amp; Hà Nội.</p><script>track()</script><ul><li>một</li><li>hai</li></ul></div>`, 20)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		_ = HTMLToText(doc)
	}
}
