package rss

import (
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"gulp-atom.atom", "vi-windows-1258.rss", "invalid-utf8.rss"} {
		body, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := Parse(body, "", "https://bench.example/feed", fetchTime); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
