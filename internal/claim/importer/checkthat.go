package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/factdesk/factdesk/internal/claim"
)

// readCheckThat reads the CheckThat! 2020 task 2 verified claims: a TSV
// whose header is "\tvclaim\ttitle" (the first column, the vclaim id, has
// no name or is called vclaim_id or id). Fields may be quoted and hold
// newlines.
func readCheckThat(data []byte) ([]Record, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = '\t', -1, true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read CheckThat! header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	id, ok := col["vclaim_id"]
	if !ok {
		id = 0
	}
	textCol, ok := col["vclaim"]
	if !ok {
		return nil, errors.New("read CheckThat!: no vclaim column in the header")
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
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
			return recs, fmt.Errorf("read CheckThat!: %w", err)
		}
		recs = append(recs, checkThatRow(row, id, textCol, get(row, "title"), get(row, "verdict")+get(row, "label"), line))
	}
}

func checkThatRow(row []string, id, textCol int, title, verdict string, line int) Record {
	if id >= len(row) || strings.TrimSpace(row[id]) == "" {
		return Record{Line: line, Err: errors.New("vclaim_id: empty")}
	}
	if textCol >= len(row) {
		return Record{Line: line, Err: errors.New("vclaim: missing")}
	}
	c := claim.Claim{Key: "checkthat:" + strings.TrimSpace(row[id]), Text: row[textCol], Title: title, Verdict: claim.Unproven,
		Lang: "en", Tags: []string{"checkthat"}}
	if verdict = strings.TrimSpace(verdict); verdict != "" {
		v, err := claim.ParseVerdict(verdict)
		if err != nil {
			var ok bool
			if v, ok = claim.VerdictFromRating(verdict); !ok {
				return Record{Line: line, Err: fmt.Errorf("verdict: unknown wording %q", verdict)}
			}
		}
		c.Verdict = v
	}
	return Record{Line: line, Claim: c}
}
