package match

import (
	"slices"
	"testing"

	"github.com/factdesk/factdesk/internal/claim"
)

func TestJoinedHashtags(t *testing.T) {
	ix := New(Config{})
	for i, c := range []claim.Claim{
		{Text: "Kellogg's Corn Flakes were originally created to discourage masturbation.", Title: "Were Corn Flakes an anti-masturbatory meal?", Lang: "en"},
		{Text: "The Fyre Festival left guests stranded at the Exuma airport.", Title: "Fyre Festival descends into chaos", Lang: "en"},
		{Text: "Marco Rubio said the media will hound every Democrat.", Lang: "en"},
		{Text: "Tin nóng: lũ lụt cuốn trôi cầu ở Quảng Trị.", Lang: "vi"},
		{Text: "Salt water cures the flu.", Lang: "en"},
	} {
		c.ID = int64(i + 1)
		ix.Upsert(c)
	}
	terms := func(post, lang string) []string {
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		q := ix.lookup(analyze(post, lang))
		names := map[uint32]string{}
		for s, id := range ix.dict {
			names[id] = s
		}
		var out []string
		for _, id := range q.terms {
			out = append(out, names[id])
		}
		return out
	}
	for _, tc := range []struct {
		post, lang string
		want, not  []string
	}{
		{"Google why were they invented #cornflakes", "en", []string{"corn", "flake"}, nil},
		{"officials placed chains #exumaairport #Fyrefestival", "en", []string{"exuma", "airport", "fyre", "festiv"}, nil},
		{"so true @marcorubio", "en", []string{"marco", "rubio"}, nil},
		{"#tinnonglulut ở miền Trung", "vi", []string{"tin", "nong", "lu", "lut"}, nil},
		// Tags with diacritics: split at case changes, or read as words.
		{"mưa to ở #QuảngTrị", "vi", []string{"quang", "tri"}, nil},
		{"#tinnóng lũ lụt", "vi", []string{"tin", "nong"}, nil},
		// Too little of the tag is the library's words: read as it is.
		{"#saltyxqzvbnm", "en", nil, []string{"salt"}},
		// Short tags are not split.
		{"#corny", "en", nil, []string{"corn"}},
	} {
		got := terms(tc.post, tc.lang)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: terms %v lack %q", tc.post, got, w)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(got, w) {
				t.Errorf("%q: terms %v have %q", tc.post, got, w)
			}
		}
	}
	// The joined tag alone finds its claim.
	res := ix.Match("Google “why were they invented” #cornflakes", Options{K: 1, Lang: "en"})
	if len(res) == 0 || res[0].ClaimID != 1 {
		t.Fatalf("#cornflakes matched %+v, want claim 1 first", res)
	}
}
