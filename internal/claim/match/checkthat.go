package match

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/claim"
)

// Query is one post of an evaluation set.
type Query struct {
	ID   string
	Text string
}

// Qrels holds the relevant claim ids of each query id.
type Qrels map[string]map[string]bool

// ReadCheckThatClaims reads a CheckThat! 2020 task 2 verified_claims.docs.tsv
// (a header row if any, then vclaim_id, vclaim, title; tab-separated, fields may be
// double-quoted with embedded newlines). Claim IDs are the vclaim ids; the
// language is left to the index to detect per claim (the task has English
// and Arabic editions, and factdesk's own sets are Vietnamese).
func ReadCheckThatClaims(r io.Reader) ([]claim.Claim, error) {
	rows, err := readTSV(r, 3)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	out := make([]claim.Claim, 0, len(rows))
	for _, r := range rows {
		row := r.fields
		id, err := strconv.ParseInt(strings.TrimSpace(row[0]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("claims: line %d: id %q is not a number", r.line, row[0])
		}
		out = append(out, claim.Claim{ID: id, Key: "checkthat:" + row[0], Text: row[1], Title: row[2]})
	}
	return out, nil
}

// ReadQueries reads a tweets.queries.tsv: id and text per row, after a
// header row if there is one.
func ReadQueries(r io.Reader) ([]Query, error) {
	rows, err := readTSV(r, 2)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	out := make([]Query, len(rows))
	for i, r := range rows {
		out[i] = Query{ID: strings.TrimSpace(r.fields[0]), Text: r.fields[1]}
	}
	return out, nil
}

// ReadQrels reads TREC qrels ("query_id 0 doc_id relevance"); pairs with
// relevance 0 or less are not relevant.
func ReadQrels(r io.Reader) (Qrels, error) {
	q := Qrels{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != 4 {
			return nil, fmt.Errorf("qrels: line %d: want 4 fields, got %d", n, len(f))
		}
		rel, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, fmt.Errorf("qrels: line %d: relevance: %w", n, err)
		}
		if q[f[0]] == nil {
			q[f[0]] = map[string]bool{}
		}
		if rel > 0 {
			q[f[0]][f[2]] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("qrels: %w", err)
	}
	return q, nil
}

// tsvRow is a record of a tab-separated file and the line it starts on.
type tsvRow struct {
	line   int
	fields []string
}

// readTSV returns the records of a tab-separated file, without its header
// row when it has one (a first row whose first field is empty or a column
// name such as "vclaim_id" or "tweet_id"), each with exactly n fields: a
// record with more has its extra fields joined to its last one with
// spaces (a stray tab in a text), one with fewer (at least an id and a
// text) gets empty ones, and one without a text is an error naming its
// line.
func readTSV(r io.Reader, n int) ([]tsvRow, error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	var rows []tsvRow
	for first := true; ; first = false {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if first && isHeader(row) {
			continue
		}
		if len(row) < 2 {
			return nil, fmt.Errorf("line %d: want an id and a text separated by a tab, got %q", line, strings.Join(row, ""))
		}
		for len(row) < n {
			row = append(row, "") // a claim without its title
		}
		if len(row) > n {
			row = append(row[:n-1], strings.Join(row[n-1:], " "))
		}
		rows = append(rows, tsvRow{line, row})
	}
}

// isHeader tells a header row from a first record: records start with
// their id.
func isHeader(row []string) bool {
	first := strings.ToLower(strings.TrimSpace(row[0]))
	return first == "" || strings.HasSuffix(first, "id") || first == "query" || first == "tweet"
}
