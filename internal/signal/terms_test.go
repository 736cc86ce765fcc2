package signal

import (
	"slices"
	"testing"

	"github.com/factdesk/factdesk/internal/post"
)

func TestTerms(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"vi", "KHẨN CẤP: Đập thủy điện ở Hòa Bắc sắp vỡ, người dân Hòa Vang sơ tán!", []string{"khan cap", "dap thuy", "thuy dien", "hoa bac"}},
		{"en", "The vaccine ban in 2026 is fake, see https://example.com/x", []string{"vaccine", "ban", "fake"}},
		{"vi", "Đà Nẵng", []string{"da nang"}},
		{"vi", "Uống nước chanh chữa được COVID-19 #TinGia #DaNang x#no", []string{"#tingia", "#danang", "covid", "nuoc chanh"}},
		{"", "", []string{}},
	} {
		got := Terms(&post.Post{Lang: c.lang, Text: c.text})
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Terms(%q) = %q, missing %q", c.text, got, w)
			}
		}
		for _, g := range got {
			if g == "https" || g == "com" || g == "2026" || g == "ở" || g == "o" || g == "#no" || g == "cap dap" {
				t.Errorf("Terms(%q) has %q", c.text, g)
			}
		}
	}
	long := post.Post{Lang: "en"}
	for i := range 500 {
		long.Text += "word" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + " "
	}
	if got := Terms(&long); len(got) > MaxTerms {
		t.Errorf("%d terms from a long post", len(got))
	}
}

func FuzzTerms(f *testing.F) {
	f.Add("vi", "Tin giả về vắc-xin ở Đà Nẵng")
	f.Add("en", "Don’t trust https://x.y/z")
	f.Fuzz(func(t *testing.T, lang, s string) {
		got := Terms(&post.Post{Lang: lang, Text: s})
		if len(got) > MaxTerms {
			t.Fatalf("%d terms", len(got))
		}
	})
}
