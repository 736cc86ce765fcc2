// Package vieval builds a Vietnamese claim-matching evaluation from VFND
// (the Vietnamese Fake News Dataset, GPL-3, shared/datasets/vfnd-vi) in the
// CheckThat! 2020 task 2 formats, so that `factdesk eval match` and the
// match package's tests can score the matcher on Vietnamese.
//
// Each VFND item (news article or Facebook post) gives one claim: its
// title, or for a post without title its first sentence. Each item whose
// body has a sentence about the claim gives four queries, the post forms
// of [Forms]: that sentence as written, without diacritics, with a few
// seeded typos, and as a short social-media share (first words and a
// hashtag). A query's only relevant claim is its item's claim; the claims
// of all the other items are the distractors. The build is deterministic:
// the same dataset gives byte-identical files.
package vieval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/text"
)

// The query forms, in the order they are written.
const (
	Written      = "written"  // the body sentence as written
	NoDiacritics = "nodiac"   // the same without diacritics (đ → d), case kept
	Typos        = "typos"    // the same with a few seeded typos
	Social       = "social"   // a short share: first words and a hashtag
	socialWords  = 12         // words kept by the Social form
	minQueryLen  = 8          // words of a query sentence, at least
	maxQueryLen  = 60         // and at most
	maxClaimLen  = 30         // words kept of a claim
	minOverlap   = 2          // distinct content words a query shares with its claim
	seed         = 0x5eed2020 // the typos' and the social forms' seed
)

// Forms lists the query forms.
var Forms = []string{Written, NoDiacritics, Typos, Social}

// Set is a built evaluation.
type Set struct {
	Claims  []claim.Claim // ids from 1, Lang "vi", Key "vfnd:<file>"
	Queries []match.Query // id "<item>.<form>", items in file order, forms in [Forms] order
	Qrels   match.Qrels
	// Related holds, for each claim id, the other claims of the same story:
	// VFND often has the same rumour from several sites, whose titles share
	// at least half their content words. They are not in the qrels (a query
	// has one relevant claim) but are not counted as false matches either.
	Related map[string]map[string]bool
	// Items counts the VFND files read; Skipped those that gave no query
	// (no body sentence shares minOverlap content words with the claim),
	// Merged those whose claim repeats an earlier item's claim word for
	// word (after folding), so both items' queries point to one claim.
	Items, Skipped, Merged int
}

// Form returns the form of a query id.
func Form(queryID string) string {
	_, f, _ := strings.Cut(queryID, ".")
	return f
}

// item is one VFND file read.
type item struct {
	id    string // e.g. "ac-fake-12", "so-fake-3"
	file  string // relative to the dataset folder
	title string
	body  string
}

// Build reads the VFND folder (the one holding Dataset/) and builds the set.
func Build(dir string) (*Set, error) {
	items, err := readItems(dir)
	if err != nil {
		return nil, err
	}
	s := &Set{Qrels: match.Qrels{}, Items: len(items)}
	byText := map[string]int64{} // folded claim text → claim id
	for _, it := range items {
		c, body := claimOf(it)
		if c == "" {
			s.Skipped++
			continue
		}
		key := strings.Join(text.Tokens(text.Fold(c)), " ")
		id, seen := byText[key]
		if seen {
			s.Merged++
		} else {
			id = int64(len(s.Claims) + 1)
			byText[key] = id
			s.Claims = append(s.Claims, claim.Claim{ID: id, Key: "vfnd:" + it.file, Text: c, Lang: "vi"})
		}
		q := querySentence(c, body)
		if q == "" {
			s.Skipped++
			continue
		}
		for _, f := range Forms {
			qid := it.id + "." + f
			s.Queries = append(s.Queries, match.Query{ID: qid, Text: variant(q, f, qid)})
			s.Qrels[qid] = map[string]bool{strconv.FormatInt(id, 10): true}
		}
	}
	s.Related = related(s.Claims)
	if len(s.Queries) == 0 {
		return nil, fmt.Errorf("vieval: %s: no item gave a query", dir)
	}
	return s, nil
}

// readItems reads Dataset/*/*/*.json in a fixed order: by folder, then by
// the file's number.
func readItems(dir string) ([]item, error) {
	files, err := filepath.Glob(filepath.Join(dir, "Dataset", "*", "*", "*.json"))
	if err != nil {
		return nil, fmt.Errorf("vieval: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("vieval: no VFND json files under %s", filepath.Join(dir, "Dataset"))
	}
	slices.SortFunc(files, func(a, b string) int {
		if c := strings.Compare(filepath.Dir(a), filepath.Dir(b)); c != 0 {
			return c
		}
		return fileNumber(a) - fileNumber(b)
	})
	out := make([]item, 0, len(files))
	for _, name := range files {
		it, err := readItem(name)
		if err != nil {
			return nil, fmt.Errorf("vieval: %w", err)
		}
		it.file, _ = filepath.Rel(dir, name)
		it.file = filepath.ToSlash(it.file)
		out = append(out, it)
	}
	return out, nil
}

var reNumber = regexp.MustCompile(`_(\d+)\.json$`)

func fileNumber(name string) int {
	m := reNumber.FindStringSubmatch(name)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// readItem reads one VFND JSON file: an article (title, text or maintext,
// description) or a Facebook post (text).
func readItem(name string) (item, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return item{}, err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return item{}, fmt.Errorf("%s: %w", name, err)
	}
	field := func(keys ...string) string {
		for _, k := range keys {
			if v, _ := doc[k].(string); v != "" && v != "None" {
				return text.NFC(v)
			}
		}
		return ""
	}
	kind := "ac"
	if strings.Contains(filepath.ToSlash(name), "/Social_Contents/") {
		kind = "so"
	}
	label := strings.ToLower(filepath.Base(filepath.Dir(filepath.Dir(name))))
	return item{
		id:    kind + "-" + label + "-" + strconv.Itoa(fileNumber(name)),
		title: field("title"),
		body:  field("text", "maintext", "description"),
	}, nil
}

// claimOf returns an item's claim and the body its query is taken from.
// The claim is the title's first line, or, for a post without title, its
// first sentence; a title holding the whole article (one VFND file does)
// gives its other lines to the body.
func claimOf(it item) (c, body string) {
	body = it.body
	first, rest, _ := strings.Cut(strings.TrimSpace(it.title), "\n")
	if rest != "" && body == "" {
		body = rest
	}
	if first == "" {
		ss := sentences(body)
		if len(ss) == 0 {
			return "", ""
		}
		first, body = ss[0], strings.Join(ss[1:], "\n")
	}
	ws := strings.Fields(first)
	if len(ws) < 3 {
		return "", ""
	}
	return strings.Join(ws[:min(len(ws), maxClaimLen)], " "), body
}

// reSentenceEnd ends a sentence: . ! ? or … followed by white space.
var reSentenceEnd = regexp.MustCompile(`[.!?…]+["”’')]*\s+`)

// sentences splits s into lines and the lines into sentences, with their
// space normalised.
func sentences(s string) []string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		start := 0
		for _, m := range reSentenceEnd.FindAllStringIndex(line, -1) {
			out = appendSentence(out, line[start:m[1]])
			start = m[1]
		}
		out = appendSentence(out, line[start:])
	}
	return out
}

func appendSentence(out []string, s string) []string {
	if s = text.NormalizeSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// querySentence picks the body sentence that stands for a post repeating
// the claim: of the sentences of minQueryLen to maxQueryLen words that do
// not contain the claim word for word, the one sharing the most distinct
// content words with it (the earliest of equals), if it shares at least
// minOverlap and a fifth of the claim's; else "". Many VFND fakes have a
// body unrelated to their title: those give no query.
func querySentence(c, body string) string {
	want := contentWords(c)
	claimKey := " " + strings.Join(text.Tokens(text.Fold(c)), " ") + " "
	best, bestN := "", max(minOverlap, (len(want)+4)/5)-1
	for _, s := range sentences(body) {
		if n := len(strings.Fields(s)); n < minQueryLen || n > maxQueryLen {
			continue
		}
		if strings.Contains(" "+strings.Join(text.Tokens(text.Fold(s)), " ")+" ", claimKey) {
			continue
		}
		n := 0
		for w := range contentWords(s) {
			if want[w] {
				n++
			}
		}
		if n > bestN {
			best, bestN = s, n
		}
	}
	return best
}

// contentWords returns the Vietnamese content words of s, lower-cased
// with their diacritics (folded, "trưởng" and "trường" would be one word).
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range text.WordsLang(s, "vi") {
		if len([]rune(w)) >= 2 {
			out[w] = true
		}
	}
	return out
}

// sameStory is the least Jaccard similarity of two claims' content words
// for them to be taken as the same story.
const sameStory = 0.5

// related pairs the claims of the same story (see Set.Related).
func related(cs []claim.Claim) map[string]map[string]bool {
	words := make([]map[string]bool, len(cs))
	for i, c := range cs {
		words[i] = contentWords(c.Text)
	}
	out := map[string]map[string]bool{}
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			common := 0
			for w := range words[i] {
				if words[j][w] {
					common++
				}
			}
			union := len(words[i]) + len(words[j]) - common
			if union == 0 || float64(common)/float64(union) < sameStory {
				continue
			}
			a, b := strconv.FormatInt(cs[i].ID, 10), strconv.FormatInt(cs[j].ID, 10)
			if out[a] == nil {
				out[a] = map[string]bool{}
			}
			if out[b] == nil {
				out[b] = map[string]bool{}
			}
			out[a][b], out[b][a] = true, true
		}
	}
	return out
}
