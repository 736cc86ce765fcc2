package match

import (
	"math"
	"testing"
)

// FuzzMatch matches arbitrary posts against a small library: no panic,
// scores within [0, 1], each claim once.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"Salt water cures covid #saltwater #cornflakes",
		"#tinnonglulut ở miền Trung @marcorubio",
		"— Donald J. Trump (@realDonaldTrump) July 4, 2016",
		"#ĐàNẵngxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"##@@##", "\"quoted phrase here\" https://example.org/a?b=1",
	} {
		f.Add(s)
	}
	ix := fixtureIndex(f)
	f.Fuzz(func(t *testing.T, post string) {
		for _, lang := range []string{"", "en", "vi"} {
			res := ix.Match(post, Options{K: 5, Lang: lang})
			seen := map[int64]bool{}
			for _, r := range res {
				if math.IsNaN(r.Score) || r.Score < 0 || r.Score > 1 {
					t.Fatalf("%q: claim %d scored %v", post, r.ClaimID, r.Score)
				}
				if seen[r.ClaimID] {
					t.Fatalf("%q: claim %d returned twice", post, r.ClaimID)
				}
				seen[r.ClaimID] = true
			}
		}
	})
}
