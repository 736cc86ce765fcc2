package text

import (
	_ "embed"
	"strings"
)

//go:embed stopwords_vi.txt
var stopwordsVI string

//go:embed stopwords_en.txt
var stopwordsEN string

// Stop-word sets built from the embedded lists. viStopFolded holds the
// folded forms of the Vietnamese entries; viStopMaxLen is the number of
// syllables of the longest Vietnamese entry.
// viStopLead holds the first syllables of multi-syllable entries, folded.
var (
	viStop       = map[string]bool{}
	viStopFolded = map[string]bool{}
	viStopLead   = map[string]bool{}
	viStopMaxLen = 1
	enStop       = map[string]bool{}
)

func init() {
	for _, w := range listLines(stopwordsVI) {
		w, exactOnly := strings.CutSuffix(w, "*")
		w = strings.Join(Tokens(w), " ")
		viStop[w] = true
		if !exactOnly {
			viStopFolded[Fold(w)] = true
		}
		if first, _, multi := strings.Cut(w, " "); multi {
			viStopLead[Fold(first)] = true
			viStopMaxLen = max(viStopMaxLen, strings.Count(w, " ")+1)
		}
	}
	for _, w := range listLines(stopwordsEN) {
		enStop[Lower(w)] = true
	}
}

// listLines returns the non-empty lines of an embedded list, without
// comments (from "#" to the end of the line) and surrounding space.
func listLines(list string) []string {
	var out []string
	for line := range strings.SplitSeq(list, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// IsStopWord reports whether the token (as returned by [Tokens]) is a stop
// word in lang ("vi" or "en"); multi-syllable Vietnamese entries are given
// with their syllables separated by single spaces ("tuy nhiên").
func IsStopWord(token, lang string) bool {
	switch lang {
	case "vi":
		return viStop[token]
	case "en":
		return enStop[token]
	}
	return false
}
