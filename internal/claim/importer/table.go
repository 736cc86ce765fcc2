package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/factdesk/factdesk/internal/claim"
)

// fromFields maps a record of the JSONL/CSV schema to a claim. sep splits
// list fields given as strings.
func fromFields(f map[string]any, sep string) (claim.Claim, error) {
	c := claim.Claim{Key: str(f["key"]), Text: str(f["text"]), Title: str(f["title"]), Claimant: str(f["claimant"]),
		RatingText: str(f["rating_text"]), ReviewURL: str(f["review_url"]), Publisher: str(f["publisher"]), Lang: str(f["lang"]),
		Summary: str(f["summary"]), Appearances: listField(f["appearances"], sep), Evidence: listField(f["evidence"], sep),
		Tags: listField(f["tags"], sep), Verdict: claim.Verdict(str(f["verdict"]))}
	var errs []error
	var err error
	c.ClaimDate, err = date("claim_date", f["claim_date"])
	errs = append(errs, err)
	c.ReviewDate, err = date("review_date", f["review_date"])
	errs = append(errs, err)
	if c.Verdict == "" && c.RatingText != "" {
		v, ok := claim.VerdictFromRating(c.RatingText)
		if !ok {
			errs = append(errs, fmt.Errorf("verdict: empty, and unknown rating wording %q", c.RatingText))
		}
		c.Verdict = v
	}
	return c, errors.Join(errs...)
}

// listField reads a list: an array, a string holding a JSON array, or a
// string of items separated by sep.
func listField(v any, sep string) []string {
	if s, ok := v.(string); ok && strings.HasPrefix(strings.TrimSpace(s), "[") {
		var a []any
		if json.Unmarshal([]byte(s), &a) == nil {
			return list(a, sep)
		}
	}
	return list(v, sep)
}

// readJSONL reads one claim per non-empty line.
func readJSONL(data []byte) []Record {
	var recs []Record
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var f map[string]any
		if err := json.Unmarshal(line, &f); err != nil {
			recs = append(recs, Record{Line: i + 1, Err: fmt.Errorf("not a JSON object: %w", err)})
			continue
		}
		c, err := fromFields(f, "|")
		recs = append(recs, Record{Line: i + 1, Claim: c, Err: err})
	}
	return recs
}

// readCSV reads a header row of schema field names, then one claim per row.
func readCSV(data []byte, comma rune) ([]Record, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = comma, -1, true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read CSV header: %w", err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	var recs []Record
	for {
		row, err := r.Read()
		if err == io.EOF {
			return recs, nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				recs = append(recs, Record{Line: pe.StartLine, Err: err})
				continue
			}
			return recs, fmt.Errorf("read CSV: %w", err)
		}
		f := make(map[string]any, len(header))
		for i, v := range row {
			if i < len(header) {
				f[header[i]] = v
			}
		}
		c, err := fromFields(f, "|")
		recs = append(recs, Record{Line: line, Claim: c, Err: err})
	}
}
