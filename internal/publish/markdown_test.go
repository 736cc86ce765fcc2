package publish

import (
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/publish/inert"
)

func TestRenderMarkdownIsInert(t *testing.T) {
	for _, src := range []string{
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"<a href='javascript:alert(1)'>x</a>",
		"![a](x\" onerror=\"alert(1))",
		"<iframe src=//evil.example></iframe>",
		"<svg onload=alert(1)>",
	} {
		got := string(RenderMarkdown(src))
		bad, err := inert.Check(strings.NewReader(got))
		if err != nil || len(bad) > 0 {
			t.Errorf("RenderMarkdown(%q) = %q: active %v (%v)", src, got, bad, err)
		}
	}
	if got := RenderMarkdown("**đậm** [nguồn](https://moh.gov.vn)"); !strings.Contains(string(got), `<strong>đậm</strong> <a href="https://moh.gov.vn">nguồn</a>`) {
		t.Errorf("plain Markdown rendered as %q", got)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Đập thủy điện Hòa Bình KHÔNG bị vỡ!": "dap-thuy-dien-hoa-binh-khong-bi-vo",
		"  --  ":                 "",
		"COVID-19: 5G & vắc-xin": "covid-19-5g-vac-xin",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slugify(strings.Repeat("dài ", 60)); len(got) > 81 || strings.HasSuffix(got, "-") {
		t.Errorf("long slug %q", got)
	}
}
