package text

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" ,.! ", nil},
		{"Tin giả về vắc-xin ở Đà Nẵng!", []string{"tin", "giả", "về", "vắc", "xin", "ở", "đà", "nẵng"}},
		{"\u0110a\u0300 Na\u0306\u0303ng", []string{"đà", "nẵng"}},
		{"Don’t trust O'Neill's 'quoted' claims'", []string{"don't", "trust", "o'neill's", "quoted", "claims"}},
		{"rock'n'roll ' x''y", []string{"rock'n'roll", "x", "y"}},
		{"COVID-19 tăng 3.5% vào 2026", []string{"covid", "19", "tăng", "3", "5", "vào", "2026"}},
		{"@user #TinGiả https://a.vn/x", []string{"user", "tingiả", "https", "a", "vn", "x"}},
		{"soft\u00adhyphen zero\u200bwidth ᵭ\u200cứa", []string{"softhyphen", "zerowidth", "ᵭứa"}},
		{"हिन्दी भाषा", []string{"हिन्दी", "भाषा"}},
		{"日本語テキスト", []string{"日本語テキスト"}},
		{"x²+½", []string{"x²", "½"}},
		{"bad\xffbytes", []string{"bad", "bytes"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Tuy nhiên, theo Bộ Y tế, tin giả về vắc-xin ở Đà Nẵng có thể lan nhanh.",
			[]string{"bộ", "y", "tế", "tin", "giả", "vắc", "xin", "đà", "nẵng", "lan", "nhanh"}},
		// Unaccented Vietnamese: folded stop words go too ("da" is also đã).
		{"tuy nhien theo bo y te tin gia ve vac xin o da nang co the lan nhanh",
			[]string{"bo", "y", "te", "tin", "gia", "vac", "xin", "nang", "lan", "nhanh"}},
		// Exact match only in accented text: đá (stone) is not đã.
		{"Hòn đá đã rơi xuống đường", []string{"hòn", "đá", "rơi", "đường"}},
		// Entries marked * are not matched unaccented: "ban" is mostly bàn, bán, ban.
		{"ban hanh luat moi ve thue", []string{"ban", "hanh", "luat", "thue"}},
		{"The WHO said it's not true that the vaccine causes harm.",
			[]string{"said", "true", "vaccine", "causes", "harm"}},
		// English stop words that are Vietnamese syllables stay in Vietnamese.
		{"Con chó to và một con mèo nhỏ của tôi", []string{"con", "chó", "to", "con", "mèo", "nhỏ"}},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWordsLang(t *testing.T) {
	// The caller's language wins: as English, "to" and "do" are stop words.
	in := "to do list của tôi"
	if got, want := WordsLang(in, "en"), []string{"list"}; !slices.Equal(got, want) {
		t.Errorf("WordsLang(%q, en) = %q, want %q", in, got, want)
	}
	if got, want := WordsLang(in, "vi"), []string{"to", "list"}; !slices.Equal(got, want) {
		t.Errorf("WordsLang(%q, vi) = %q, want %q", in, got, want)
	}
}

func TestStopWordLists(t *testing.T) {
	if n := len(viStop); n < 150 {
		t.Errorf("Vietnamese stop list has %d entries, want at least 150", n)
	}
	if n := len(enStop); n < 150 {
		t.Errorf("English stop list has %d entries, want at least 150", n)
	}
	for w := range viStop {
		if w != strings.Join(Tokens(w), " ") || !norm.NFC.IsNormalString(w) {
			t.Errorf("Vietnamese stop word %q is not in token form", w)
		}
	}
	for w := range enStop {
		if toks := Tokens(w); len(toks) != 1 || toks[0] != w {
			t.Errorf("English stop word %q is not a single token", w)
		}
	}
	for _, tt := range []struct {
		tok, lang string
		want      bool
	}{
		{"và", "vi", true}, {"tuy nhiên", "vi", true}, {"va", "vi", false}, {"đá", "vi", false},
		{"the", "en", true}, {"don't", "en", true}, {"vaccine", "en", false}, {"và", "en", false},
		{"the", "fr", false},
	} {
		if got := IsStopWord(tt.tok, tt.lang); got != tt.want {
			t.Errorf("IsStopWord(%q, %q) = %v, want %v", tt.tok, tt.lang, got, tt.want)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || !utf8.ValidString(tok) || !norm.NFC.IsNormalString(tok) {
				t.Fatalf("Tokens(%q) has bad token %q", s, tok)
			}
			if tok != Lower(tok) {
				t.Fatalf("Tokens(%q) has token %q not in lower case", s, tok)
			}
			r, _ := utf8.DecodeRuneInString(tok)
			if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
				t.Fatalf("Tokens(%q) has token %q not starting with a letter or number", s, tok)
			}
			for _, r := range tok {
				if unicode.IsSpace(r) || r == '’' || isInvisible(r) {
					t.Fatalf("Tokens(%q) has token %q containing %U", s, tok, r)
				}
			}
		}
	})
}

func FuzzWords(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(s)
		words := Words(s)
		if len(words) > len(toks) {
			t.Fatalf("Words(%q) = %q is longer than Tokens = %q", s, words, toks)
		}
		for _, w := range words {
			if viStop[w] || (enStop[w] && !isVietSyllable(Fold(w))) {
				t.Fatalf("Words(%q) keeps stop word %q", s, w)
			}
		}
		for _, lang := range []string{"vi", "en", "other"} {
			for _, w := range WordsLang(s, lang) {
				if IsStopWord(w, lang) && lang != "vi" {
					t.Fatalf("WordsLang(%q, %s) keeps stop word %q", s, lang, w)
				}
				if viStop[w] {
					t.Fatalf("WordsLang(%q, %s) keeps Vietnamese stop word %q", s, lang, w)
				}
			}
		}
	})
}

func BenchmarkTokens(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"vi", benchVI}, {"en", benchEN}, {"ascii-lower", benchASCII},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.s)))
			b.ReportAllocs()
			for b.Loop() {
				_ = Tokens(bc.s)
			}
		})
	}
}

func BenchmarkWords(b *testing.B) {
	b.SetBytes(int64(len(benchVI)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Words(benchVI)
	}
}
