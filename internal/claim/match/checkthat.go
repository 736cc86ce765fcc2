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
// (header row, then vclaim_id, vclaim, title; tab-separated, fields may be
// double-quoted with embedded newlines). Claim IDs are the vclaim ids; the
// language is left to the index to detect per claim (the task has English
// and Arabic editions, and factdesk's own sets are Vietnamese).
func ReadCheckThatClaims(r io.Reader) ([]claim.Claim, error) {
	rows, err := readTSV(r, 3)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	out := make([]claim.Claim, 0, len(rows))
	for i, row := range rows {
		id, err := strconv.ParseInt(strings.TrimSpace(row[0]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("claims: row %d: id %q: %w", i+2, row[0], err)
		}
		out = append(out, claim.Claim{ID: id, Key: "checkthat:" + row[0], Text: row[1], Title: row[2]})
	}
	return out, nil
}

// ReadQueries reads a tweets.queries.tsv: a header row, then id and text.
func ReadQueries(r io.Reader) ([]Query, error) {
	rows, err := readTSV(r, 2)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	out := make([]Query, len(rows))
	for i, row := range rows {
		out[i] = Query{ID: strings.TrimSpace(row[0]), Text: row[1]}
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

// readTSV returns the rows after the header, each with exactly n fields.
func readTSV(r io.Reader, n int) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	var rows [][]string
	for line := 0; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		if line == 0 {
			continue
		}
		if len(row) != n {
			return nil, fmt.Errorf("row %d: want %d fields, got %d", line+1, n, len(row))
		}
		rows = append(rows, row)
	}
}
