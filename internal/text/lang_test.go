package text

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectLang(t *testing.T) {
	tests := []struct {
		in, want string
		minConf  float64
	}{
		{"", "und", 0},
		{"   123 456 !!! 😮", "und", 0},
		{"https://a.vn/x @user", "und", 0},
		{"Tin giả về vắc xin ở Đà Nẵng", "vi", 0.99},
		{"tin gia ve vac xin o da nang", "vi", 0.99},
		{"TIN GIẢ: Bộ Y tế chưa hề ra thông báo này", "vi", 0.99},
		{"\u0110a\u0300 Na\u0306\u0303ng đang mưa to", "vi", 0.99},
		{"Xin chào", "vi", 0.8},
		{"#Lại #Văn #Sâm #đột #ngột #qua #đời", "vi", 0.99},
		{"тнương тâм cнo вé gáι", "vi", 0.95}, // look-alike letters
		{"The health ministry said the video is from 2019.", "en", 0.99},
		{"Wal-Mart Merry Christmas Ban", "en", 0.6},
		{"NO, THIS IS NOT TRUE!!! https://t.co/x #fake", "en", 0.9},
		{"𝙇𝙀𝙀 𝙈𝙄𝙁𝙎𝙐𝘿 said this is fake", "en", 0.9},
		{"Le ministère de la Santé a démenti les rumeurs.", "other", 0.9},
		{"El gobierno anunció nuevas medidas para los precios.", "other", 0.9},
		{"Министерство здравоохранения опровергло слухи.", "other", 0.99},
		{"卫生部否认了关于学校关闭的谣言。", "other", 0.9},
	}
	for _, tt := range tests {
		lang, conf := DetectLang(tt.in)
		if lang != tt.want || conf < tt.minConf {
			t.Errorf("DetectLang(%q) = %s %.3f, want %s with confidence >= %.2f", tt.in, lang, conf, tt.want, tt.minConf)
		}
	}
}

// readFixture returns the non-comment lines of testdata/lang/name.
func readFixture(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "lang", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.SplitSeq(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

func TestLangAccuracyOnFixtures(t *testing.T) {
	vi := readFixture(t, "vi.txt")
	sets := []struct {
		name, want string
		texts      []string
		min        float64
	}{
		{"vi", "vi", vi, 1},
		{"vi folded", "vi", foldAll(vi), 1},
		{"en", "en", readFixture(t, "en.txt"), 1},
		{"other", "other", readFixture(t, "other.txt"), 0.95},
	}
	for _, set := range sets {
		acc, misses := langAccuracy(set.texts, set.want, 5)
		t.Logf("%-10s n=%3d accuracy=%.1f%%", set.name, len(set.texts), 100*acc)
		if acc < set.min {
			t.Errorf("%s: accuracy %.1f%% below %.0f%%; misses: %q", set.name, 100*acc, 100*set.min, misses)
		}
	}
}

func FuzzDetectLang(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lang, conf := DetectLang(s)
		switch lang {
		case "vi", "en", "other":
			if conf < 1.0/3 || conf > 1 || math.IsNaN(conf) {
				t.Fatalf("DetectLang(%q) confidence %v out of range", s, conf)
			}
		case "und":
			if conf != 0 {
				t.Fatalf("DetectLang(%q) = und with confidence %v", s, conf)
			}
		default:
			t.Fatalf("DetectLang(%q) = unknown code %q", s, lang)
		}
	})
}

func BenchmarkDetectLang(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"vi", benchVI}, {"vi-folded", Fold(benchVI)}, {"en", benchEN},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.s)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = DetectLang(bc.s)
			}
		})
	}
}
