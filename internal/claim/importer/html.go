package importer

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readHTML reads the ClaimReviews of a page's JSON-LD script blocks. Each
// record's Line is the line of its script block; a block that is not JSON
// is one refused record.
func readHTML(data []byte) ([]Record, error) {
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	var recs []Record
	inLD := false
	for {
		tt := z.Next()
		raw := z.Raw()
		switch tt {
		case html.ErrorToken:
			return recs, nil
		case html.StartTagToken:
			tok := z.Token()
			inLD = tok.DataAtom == atom.Script && isLDType(tok.Attr)
		case html.TextToken:
			if inLD {
				recs = append(recs, scriptRecords(raw, line)...)
			}
		case html.EndTagToken:
			inLD = false
		}
		line += bytes.Count(raw, []byte("\n"))
	}
}

func isLDType(attrs []html.Attribute) bool {
	for _, a := range attrs {
		if a.Key == "type" && strings.EqualFold(strings.TrimSpace(strings.Split(a.Val, ";")[0]), "application/ld+json") {
			return true
		}
	}
	return false
}

// scriptRecords reads one JSON-LD block that starts on line.
func scriptRecords(body []byte, line int) []Record {
	line += bytes.Count(body[:len(body)-len(bytes.TrimLeft(body, " \t\r\n"))], []byte("\n"))
	recs, err := readJSONLD(body)
	if err != nil {
		if !bytes.Contains(body, []byte("ClaimReview")) {
			return nil // some other broken block; not ours to report
		}
		return []Record{{Line: line, Err: fmt.Errorf("script block: %w", err)}}
	}
	for i := range recs {
		recs[i].Line = line
	}
	return recs
}
