package text

import (
	"hash/fnv"
	"slices"
	"testing"
)

func TestShingles(t *testing.T) {
	toks := []string{"tin", "giả", "về", "vắc", "xin"}
	tests := []struct {
		toks []string
		n    int
		want []string
	}{
		{nil, 3, nil},
		{toks, 0, nil},
		{toks, -1, nil},
		{toks, 1, toks},
		{toks, 2, []string{"tin giả", "giả về", "về vắc", "vắc xin"}},
		{toks, 4, []string{"tin giả về vắc", "giả về vắc xin"}},
		{toks, 5, []string{"tin giả về vắc xin"}},
		{toks, 9, []string{"tin giả về vắc xin"}},
		{[]string{"a", "a", "a"}, 2, []string{"a a", "a a"}},
	}
	for _, tt := range tests {
		got := Shingles(tt.toks, tt.n)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Shingles(%q, %d) = %q, want %q", tt.toks, tt.n, got, tt.want)
		}
		hashes := ShingleHashes(tt.toks, tt.n)
		if len(hashes) != len(got) {
			t.Fatalf("ShingleHashes(%q, %d) has %d values, Shingles %d", tt.toks, tt.n, len(hashes), len(got))
		}
		for i, s := range got {
			if hashes[i] != Hash64(s) {
				t.Errorf("ShingleHashes(%q, %d)[%d] = %x, Hash64(%q) = %x", tt.toks, tt.n, i, hashes[i], s, Hash64(s))
			}
		}
	}
}

func TestHash64IsFNV1a(t *testing.T) {
	// Published FNV-1a 64 test vectors; values must never change, they are stored.
	for _, tt := range []struct {
		in   string
		want uint64
	}{
		{"", 0xcbf29ce484222325},
		{"a", 0xaf63dc4c8601ec8c},
		{"foobar", 0x85944171f73967e8},
	} {
		if got := Hash64(tt.in); got != tt.want {
			t.Errorf("Hash64(%q) = %#x, want %#x", tt.in, got, tt.want)
		}
	}
	for _, s := range seedStrings {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := Hash64(s), h.Sum64(); got != want {
			t.Errorf("Hash64(%q) = %#x, hash/fnv says %#x", s, got, want)
		}
	}
}

func FuzzShingles(f *testing.F) {
	f.Add("tin giả về vắc xin ở đà nẵng", 3)
	f.Add("", 0)
	f.Add("a b", 5)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n %= 16
		toks := Tokens(s)
		sh := Shingles(toks, n)
		hs := ShingleHashes(toks, n)
		if len(sh) != len(hs) {
			t.Fatalf("Shingles and ShingleHashes lengths differ: %d, %d", len(sh), len(hs))
		}
		if n >= 1 && len(toks) > 0 && len(sh) != max(1, len(toks)-n+1) {
			t.Fatalf("Shingles(%d tokens, %d) gave %d shingles", len(toks), n, len(sh))
		}
		for i := range sh {
			if Hash64(sh[i]) != hs[i] {
				t.Fatalf("hash of shingle %q differs", sh[i])
			}
		}
	})
}

func BenchmarkShingleHashes(b *testing.B) {
	toks := Tokens(benchVI)
	b.ReportAllocs()
	for b.Loop() {
		_ = ShingleHashes(toks, 3)
	}
}
