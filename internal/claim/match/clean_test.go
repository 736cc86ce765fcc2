package match

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The expressions clean and dateTail replaced, kept as their reference
// (hashtags then ASCII only; now any letters).
var (
	refURL      = regexp.MustCompile(`(?i)(?:https?://|\bwww\.|pic\.twitter\.com/)\S*`)
	refHashtag  = regexp.MustCompile(`[#@]([\p{L}\p{Nd}\p{Mn}_]+)`)
	refCamel    = regexp.MustCompile(`([\p{Ll}\d])(\p{Lu})`)
	refDateTail = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}, (\d{4})\s*$`)
)

// randomPost strings together pieces that make and nearly make links and
// dates, with accents and white space of every kind.
func randomPost(r *rand.Rand) string {
	pieces := []string{"http://", "HTTPS://", "https:/", "www.", "xwww.", "_www.", "WWW.", "pic.twitter.com/", "Pic.Twitter.com/",
		"a", "Đà", "nẵng", " ", "\t", "\n", "\u00a0", "/", ".", "—", "(@x)", "January 6, 2020", "june 30, 2019", "Xmay 1, 2000",
		"  ", "1", ",", "é", "“", "tweet", "#", "@", "#CoronaVirus", "@realDonaldTrump", "#tin_nong", "#ĐàNẵng", "#2020Facts", "aB", "9C", "#x", "#tinnóng", "ĐÀ", "#ÉcoleNormale", "\u0301"}
	var b strings.Builder
	for range r.IntN(30) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	if r.IntN(3) == 0 {
		b.WriteString(strings.Repeat("lorem ipsum ", r.IntN(10)) + "— Name (@name) March 24, 2019 ")
	}
	return b.String()
}

func TestCleanAndDateTailMatchTheirExpressions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		s := randomPost(r)
		if got, want := stripURLs(s), refURL.ReplaceAllString(s, " "); got != want {
			t.Fatalf("stripURLs(%q) = %q, want %q", s, got, want)
		}
		wantClean := refHashtag.ReplaceAllStringFunc(refURL.ReplaceAllString(s, " "), func(h string) string {
			return " " + refCamel.ReplaceAllString(h[1:], "$1 $2") + " "
		})
		if got := clean(s); got != wantClean {
			t.Fatalf("clean(%q) = %q, want %q", s, got, wantClean)
		}
		var month, year string
		if m := refDateTail.FindStringSubmatch(s); m != nil {
			month, year = strings.ToLower(m[1]), m[2]
		}
		if gm, gy := dateTail(s); gm != month || gy != year {
			t.Fatalf("dateTail(%q) = %q %q, want %q %q", s, gm, gy, month, year)
		}
	}
}
