package story

import (
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

// maxTermsPerPost bounds the words one post adds to its story's top terms.
const maxTermsPerPost = 32

// Terms returns the distinct content words of a post's title and text, in
// order of first use: stop words (in the post's language), single letters,
// numbers and links left out. The language is the post's own (intake sets
// it); without one, only English stop words are removed. They feed a
// story's top terms.
func Terms(p *post.Post) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range text.WordsLang(stripURLs(p.Title+"\n"+p.Text), p.Lang) {
		if seen[w] || utf8.RuneCountInString(w) < 2 || !hasLetter(w) {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == maxTermsPerPost {
			break
		}
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
