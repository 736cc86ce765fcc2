package text

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestContentHash(t *testing.T) {
	base := ContentHash("Tin giả về vắc xin ở Đà Nẵng")
	if len(base) != 64 {
		t.Fatalf("ContentHash length %d, want 64 hex digits", len(base))
	}
	same := []string{
		"Tin giả về vắc xin ở Đà Nẵng",
		"  tin GIẢ về\n vắc\u00a0xin ở đà nẵng\t",
		norm.NFD.String("Tin giả về vắc xin ở Đà Nẵng"),
		"Tin giả về vắc\u200b xin ở Đà Nẵng",
	}
	for _, s := range same {
		if got := ContentHash(s); got != base {
			t.Errorf("ContentHash(%q) differs from the normalised text's", s)
		}
	}
	different := []string{"Tin gia ve vac xin o Da Nang", "Tin giả về vắc-xin ở Đà Nẵng", "Tin giả về vắc xin ở Đà Nẵng."}
	for _, s := range different {
		if ContentHash(s) == base {
			t.Errorf("ContentHash(%q) should differ", s)
		}
	}
	// Fixed value: hashes are stored, so the normalisation must not drift.
	if got, want := ContentHash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; got != want {
		t.Errorf("ContentHash(\"\") = %s, want %s", got, want)
	}
	if got, want := ContentHash(" Hello  World "), ContentHash("hello world"); got != want {
		t.Errorf("ContentHash ignores case and spacing: %s != %s", got, want)
	}
}

func FuzzContentHash(f *testing.F) {
	for _, s := range seedStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := ContentHash(s)
		if len(h) != 64 {
			t.Fatalf("ContentHash(%q) = %q", s, h)
		}
		if ContentHash(Lower(NormalizeSpace(s))) != h {
			t.Fatalf("ContentHash(%q) changes when the input is already normalised", s)
		}
	})
}
