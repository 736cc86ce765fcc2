package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"lower ascii", "tin gia", "tin gia"},
		{"upper ascii", "WHO Says", "who says"},
		{"hook above", "giả", "gia"},
		{"đ by hand", "Đà Nẵng", "da nang"},
		{"lower đ", "đường", "duong"},
		{"NFD input", "\u0110a\u0300 Na\u0306\u0303ng", "da nang"},
		{"NFD, marks reordered", "vo\u0301\u031bi", "voi"},
		{"all tones of a", "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ", "a a a a a a a a a a a a a a a a a a"},
		{"horn letters", "ƠƯơư Ờ Ữ", "ouou o u"},
		{"sentence", "Thủ tướng: TIN GIẢ về vắc-xin!", "thu tuong: tin gia ve vac-xin!"},
		{"punctuation kept", "“Tin giả” – 100₫…", "“tin gia” – 100₫…"},
		{"Icelandic eth look-alike", "ÐÀ ðà", "da da"},
		{"other Latin", "Café Müller ÅNGSTRÖM", "cafe muller angstrom"},
		{"letters that do not decompose", "Øresund Łódź Straße", "øresund łodz straße"},
		{"Greek sigma folds", "ΣΟΦΊΑ σοφίας", "σοφια σοφιασ"},
		{"Cyrillic й", "Йошкар", "иошкар"},
		{"Devanagari marks kept", "हिन्दी", "हिन्दी"},
		{"Hangul untouched", "한국어", "한국어"},
		{"emoji", "Tin giả 😮", "tin gia 😮"},
		{"invalid UTF-8", "gi\xffả", "gi\uFFFDa"},
		{"stray mark at start", "\u0301a", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := slowFold(tt.in); got != tt.want {
				t.Errorf("slowFold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFoldTablesMatchSlowPath checks every rune of the fast path, alone and
// after a base letter, against the definition.
func TestFoldTablesMatchSlowPath(t *testing.T) {
	check := func(r rune) {
		for _, s := range []string{string(r), "A" + string(r) + "\u0301b", string(r) + "\u031b\u0301"} {
			if got, want := Fold(s), slowFold(s); got != want {
				t.Errorf("Fold(%q) = %q, slowFold = %q", s, got, want)
			}
		}
	}
	for r := rune(0); r < 0x0370; r++ {
		check(r)
	}
	for r := rune(0x1E00); r <= 0x1EFF; r++ {
		check(r)
	}
	for r := rune(0x2000); r <= 0x20CF; r++ {
		check(r)
	}
}

func TestFoldASCIIDoesNotAllocate(t *testing.T) {
	s := "tin gia ve vac xin o da nang, 2026"
	if n := testing.AllocsPerRun(100, func() { _ = Fold(s) }); n != 0 {
		t.Errorf("Fold of lower-case ASCII allocates %v times", n)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if want := slowFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, slowFold = %q", s, got, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
		for _, r := range got {
			if 0x0300 <= r && r <= 0x036F {
				t.Fatalf("Fold(%q) = %q keeps combining mark %U", s, got, r)
			}
			if r == 'đ' || r == 'Đ' {
				t.Fatalf("Fold(%q) = %q keeps đ", s, got)
			}
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, got, again)
		}
		if utf8.ValidString(s) {
			if nfd := Fold(norm.NFD.String(s)); nfd != got {
				t.Fatalf("Fold(NFD(%q)) = %q, Fold = %q", s, nfd, got)
			}
			if up := Fold(strings.ToUpper(s)); up != got {
				t.Fatalf("Fold(ToUpper(%q)) = %q, Fold = %q", s, up, got)
			}
		}
	})
}

// Texts for the benchmarks: a lower-case ASCII query, a Vietnamese news
// sentence in NFC and in NFD, English with capitals, and mixed scripts.
var (
	benchASCII = "tin gia ve vac xin o da nang lan truyen tren mang xa hoi"
	benchVI    = "Tin giả về vắc-xin ở Đà Nẵng lan truyền trên mạng xã hội, Bộ Y tế khẳng định thông tin này là sai sự thật."
	benchVIDec = norm.NFD.String(benchVI)
	benchEN    = "The World Health Organization said on Monday that claims about the vaccine are false and misleading."
	benchMixed = "Тест Tin giả 😮 한국어 — Café"
)

func BenchmarkFold(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"ascii-lower", benchASCII}, {"en", benchEN}, {"vi-nfc", benchVI},
		{"vi-nfd", benchVIDec}, {"mixed-scripts", benchMixed},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.s)))
			b.ReportAllocs()
			for b.Loop() {
				_ = Fold(bc.s)
			}
		})
	}
}
