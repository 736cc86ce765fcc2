package match

import (
	"slices"
	"testing"
)

func TestReasonsReadBack(t *testing.T) {
	samples := map[string][]string{
		"url": {"https://example.org/a?b=1"}, "quote": {`5G "spreads" the virus`}, "numbers": {"5g, 2020"},
		"names": {"quang tri, ha noi"}, "covers": {"83"}, "accents": {"100"}, "recent": nil, "bm25": {"0.42"},
	}
	for _, code := range ReasonCodes() {
		args, ok := samples[code]
		if !ok {
			t.Fatalf("no sample for reason %q", code)
		}
		s := reason(code, args...)
		r, ok := ParseReason(s)
		if !ok || r.Code != code || !slices.Equal(r.Args, args) {
			t.Errorf("%q read back as %+v (%v), want %s %q", s, r, ok, code, args)
		}
	}
	if _, ok := ParseReason("some older wording"); ok {
		t.Error("an unknown text was read as a reason")
	}
	// What matching gives reads back whole.
	ix := fixtureIndex(t)
	res := ix.Match("Uống nước muối nóng chữa khỏi covid, 5G phát tán virus", Options{K: 3})
	if len(res) == 0 {
		t.Fatal("no match")
	}
	for _, r := range res {
		for _, s := range r.Reasons {
			if _, ok := ParseReason(s); !ok {
				t.Errorf("reason %q does not read back", s)
			}
		}
	}
}
