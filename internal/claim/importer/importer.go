// Package importer reads checked claims from the files fact-checkers
// publish and exchange. Each record is read on its own: a bad one is
// reported with its record number (and line, where the format has lines)
// and the reason, and the rest go on. Records come out normalized (see
// claim.Normalize), ready for store.UpsertClaims.
//
// Formats:
//
//	jsonld     schema.org ClaimReview JSON-LD in a JSON file: one object, an array, or an @graph;
//	           @type "ClaimReview" or an array of types holding it; ClaimReviews nested in other
//	           objects (a WebPage's mainEntity) are found too.
//	html       a web page: the ClaimReview JSON-LD of its <script type="application/ld+json"> blocks.
//	google     the Google Fact Check Tools API answer, {"claims":[{"text", "claimant", "claimDate",
//	           "claimReview":[{"publisher":{"name","site"}, "url", "title", "reviewDate",
//	           "textualRating", "languageCode"}]}]}: one claim per claimReview.
//	jsonl      one JSON object per line with the fields of the schema below.
//	csv        a header row naming fields of the schema below, then one claim per row.
//	checkthat  the CLEF CheckThat! 2020 task 2 verified claims TSV (vclaim_id, vclaim, title).
//
// The JSONL and CSV schema uses the JSON names of claim.Claim:
//
//	key          string  identity for re-imports (default: the canonical review_url, else a hash of text and publisher)
//	text         string  the claim as stated (required)
//	title        string  the review's headline
//	claimant     string  who made the claim
//	claim_date   string  when it was made: RFC 3339 or 2006-01-02
//	appearances  list    URLs where it appeared
//	verdict      string  false, misleading, missing-context, unproven or true; when absent it is read
//	                     from rating_text (see claim.VerdictFromRating)
//	rating_text  string  the publisher's own rating wording
//	review_url   string  the fact-check article
//	publisher    string  who checked it
//	lang         string  language code (detected when absent)
//	review_date  string  when it was checked: RFC 3339 or 2006-01-02
//	summary      string  a short explanation
//	evidence     list    URLs or notes that settle it
//	tags         list    topics
//
// A list is a JSON array of strings in JSONL; in CSV it is a JSON array or
// values separated by "|". Other keys and columns are ignored.
//
// Verdicts from ratings: ClaimReview's reviewRating.alternateName (else its
// name) and Google's textualRating are mapped with claim.VerdictFromRating,
// which knows English and Vietnamese wordings. A wording it does not know
// rejects the record, naming the wording, unless the rating's numeric
// ratingValue lies within worstRating..bestRating (schema.org defaults 1 and
// 5) and maps with claim.VerdictFromScore.
//
// CheckThat! rows carry no verdict: they are imported as "unproven" (a
// "verdict" or "label" column, when present, wins), in English, tagged
// "checkthat", with the key "checkthat:<vclaim_id>" so that an evaluation
// can map stored claims back to the task's ids.
//
// Several ClaimReviews of one page share its URL; when one file has several
// different claims with the same review URL, each gets the key
// claim.TextKey(url, text) instead, so none overwrites another.
package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/factdesk/factdesk/internal/claim"
)

// Formats lists the format names Read accepts.
var Formats = []string{"jsonld", "html", "google", "jsonl", "csv", "checkthat"}

// Record is one claim read from a file, or the reason it was refused.
type Record struct {
	N     int         // 1-based number of the record in the file
	Line  int         // 1-based line where it starts, 0 when the format has none
	Claim claim.Claim // valid when Err is nil
	Err   error
}

// Where names the record for a message: "line 12" or "record 3".
func (r Record) Where() string {
	if r.Line > 0 {
		return fmt.Sprintf("line %d", r.Line)
	}
	return fmt.Sprintf("record %d", r.N)
}

// Detect guesses the format of a file from its name and its first bytes.
func Detect(name string, head []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		return "html"
	case ".tsv":
		return "checkthat"
	case ".csv":
		return "csv"
	case ".jsonl", ".ndjson":
		return "jsonl"
	}
	h := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	switch {
	case len(h) > 0 && h[0] == '<':
		return "html"
	case bytes.Contains(h, []byte(`"claimReview"`)):
		return "google"
	case bytes.Contains(h, []byte("ClaimReview")):
		return "jsonld"
	case len(h) > 0 && h[0] == '{' && bytes.Contains(h[:lineEnd(h)], []byte(`"text"`)):
		return "jsonl"
	case len(h) > 0 && (h[0] == '{' || h[0] == '['):
		return "jsonld"
	case bytes.Contains(head[:lineEnd(head)], []byte("\tvclaim")):
		return "checkthat"
	}
	return "csv"
}

func lineEnd(b []byte) int {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return i
	}
	return len(b)
}

// Read reads every record of data in format. It fails only for an unknown
// format or a file that cannot be read as a whole (JSON that does not
// parse, a CSV without a header); problems with single records are in
// their Record.Err.
func Read(data []byte, format string) ([]Record, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var recs []Record
	var err error
	switch format {
	case "jsonld":
		if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '<' {
			recs, err = readHTML(data)
		} else {
			recs, err = readJSONLD(data)
		}
	case "html":
		recs, err = readHTML(data)
	case "google":
		recs, err = readGoogle(data)
	case "jsonl":
		recs = readJSONL(data)
	case "csv":
		recs, err = readCSV(data, ',')
	case "checkthat":
		recs, err = readCheckThat(data)
	default:
		return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return nil, err
	}
	finish(recs)
	return recs, nil
}

// finish numbers the records, normalizes the good ones and gives claims
// that share a review URL keys of their own.
func finish(recs []Record) {
	texts := map[string]map[string]bool{} // review URL -> folded texts
	for i := range recs {
		r := &recs[i]
		r.N = i + 1
		if r.Err == nil {
			r.Err = claim.Normalize(&r.Claim)
		}
		if r.Err == nil && r.Claim.Key == r.Claim.ReviewURL && r.Claim.ReviewURL != "" {
			if texts[r.Claim.Key] == nil {
				texts[r.Claim.Key] = map[string]bool{}
			}
			texts[r.Claim.Key][claim.TextKey("", r.Claim.Text)] = true
		}
	}
	for i := range recs {
		c := &recs[i].Claim
		if recs[i].Err == nil && c.Key == c.ReviewURL && len(texts[c.Key]) > 1 {
			c.Key = claim.TextKey(c.ReviewURL, c.Text)
		}
	}
}
