package match

import (
	"slices"
	"strings"
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

// TestReasonNamesAsWritten: the names a post shares with a claim are
// given as the claim writes them, diacritics and all, whatever the post.
func TestReasonNamesAsWritten(t *testing.T) {
	ix := fixtureIndex(t)
	res := ix.Match("Nghe nói Da Nang phong toa toan thanh pho tu 28 thang 7", Options{K: 1, Lang: "vi"})
	if len(res) == 0 || res[0].ClaimID != 5 {
		t.Fatalf("matched %+v, want claim 5", res)
	}
	if !slices.ContainsFunc(res[0].Reasons, func(r string) bool { return strings.HasPrefix(r, "shares the names ") && strings.Contains(r, "nẵng") }) {
		t.Errorf("reasons %q, want the names as the claim writes them", res[0].Reasons)
	}
	if got := asWritten("Hòa Bình, Bắc Giang", "vi", []string{"hoa", "giang", "hue"}); !slices.Equal(got, []string{"hòa", "giang", "hue"}) {
		t.Errorf("asWritten = %q", got)
	}
}
