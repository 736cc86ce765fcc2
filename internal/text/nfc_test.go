package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNFC(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"ascii", "fact check", "fact check"},
		{"already NFC", "Tin giả", "Tin giả"},
		{"NFD tone and hook", "gia\u0309", "giả"},
		{"NFD two marks", "Ne\u0302\u0303ng", "Nễng"},
		{"marks in non-canonical order", "vo\u0301\u031bi", "với"},
		{"NFD whole name", "\u0110a\u0300 Na\u0306\u0303ng", "Đà Nẵng"},
		{"Windows-1258 style tone after vowel", "Vie\u0302\u0323t Nam", "Việt Nam"},
		{"invalid UTF-8", "ab\xffcd", "ab\uFFFDcd"},
		{"invalid run", "x\xff\xfe", "x\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NFC(tt.in); got != tt.want {
				t.Errorf("NFC(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"already lower", "already lower"},
		{"WHO Says", "who says"},
		{"Đà Nẵng", "đà nẵng"},
		{"\u0110a\u0300 NA\u0306\u0303NG", "đà nẵng"},
		{"THỦ TƯỚNG", "thủ tướng"},
		{"ΣΟΦΙΑ", "σοφια"},
		{"bad\xff", "bad\uFFFD"},
	}
	for _, tt := range tests {
		if got := Lower(tt.in); got != tt.want {
			t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"a", "a"},
		{"  a  b  ", "a b"},
		{"a\tb\r\nc", "a b c"},
		{"a\u00a0\u2003b", "a b"},
		{"zero\u200bwidth soft\u00adhyphen \ufeffbom", "zerowidth softhyphen bom"},
		{"\u200b a", "a"},
		{"x\xff", "x\uFFFD"},
	}
	for _, tt := range tests {
		if got := NormalizeSpace(tt.in); got != tt.want {
			t.Errorf("NormalizeSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNFCDoesNotAllocateOnNFC(t *testing.T) {
	s := strings.Repeat("Tin giả về vắc xin ở Đà Nẵng. ", 10)
	if n := testing.AllocsPerRun(100, func() { _ = NFC(s) }); n != 0 {
		t.Errorf("NFC of NFC text allocates %v times", n)
	}
}

// seedStrings are shared seeds for the fuzz tests.
var seedStrings = []string{
	"", " ", "a", "Tin giả về vắc xin ở Đà Nẵng", "\u0110a\u0300 Na\u0306\u0303ng",
	"tin gia ve vac xin o da nang", "The WHO said it's not true.",
	"<p>Hello<br>world</p>", "https://Example.COM:443/a/./b/../c?utm_source=x&b=2&a=1#frag",
	"\xff\xfe", "a\u0301\u0323\u031b", "İstanbul ΣΟΦΙΑ ς", "한국어 텍스트", "नमस्ते दुनिया",
	"тнương тâм", "𝙇𝙀𝙀", "Ｆｕｌｌ", "e\u0301\u0308\u0327", "\u1100\u1161\u11a8",
}

func FuzzNFC(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NFC(s)
		if !utf8.ValidString(got) {
			t.Fatalf("NFC(%q) is not valid UTF-8: %q", s, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("NFC(%q) = %q is not NFC", s, got)
		}
		if again := NFC(got); again != got {
			t.Fatalf("NFC not idempotent: %q -> %q -> %q", s, got, again)
		}
		if utf8.ValidString(s) && NFC(norm.NFD.String(s)) != got {
			t.Fatalf("NFC(NFD(%q)) != NFC(%q)", s, s)
		}
	})
}

func FuzzLower(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Lower(s)
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("Lower(%q) = %q: not valid NFC", s, got)
		}
		if again := Lower(got); again != got {
			t.Fatalf("Lower not idempotent: %q -> %q -> %q", s, got, again)
		}
		if Fold(got) != Fold(s) {
			t.Fatalf("Fold(Lower(%q)) = %q, Fold = %q", s, Fold(got), Fold(s))
		}
	})
}

func FuzzNormalizeSpace(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeSpace(s)
		if !utf8.ValidString(got) {
			t.Fatalf("NormalizeSpace(%q) not valid UTF-8", s)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("NormalizeSpace(%q) = %q has stray spaces", s, got)
		}
		if again := NormalizeSpace(got); again != got {
			t.Fatalf("NormalizeSpace not idempotent: %q -> %q", got, again)
		}
	})
}
