package api

import (
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/intake"
)

// FuzzParseRecords feeds any pushed body, under each kind of Content-Type,
// to the intake parser: it must answer records or an Invalid error (never
// panic, never another kind of error), and every record it accepts must
// survive normalisation or be refused with a reason.
//
//	go test -run '^$' -fuzz FuzzParseRecords -fuzztime 60s ./internal/api/
func FuzzParseRecords(f *testing.F) {
	for _, s := range []string{
		`[{"id":1,"text":"Mưa lớn ở Đà Nẵng"}]`,
		`{"id":"a","text":"x","published_at":"2026-11-01T08:00:00Z","metrics":{"likes":3}}` + "\n" + `{"text":""}`,
		`[{"text":"a"},]`, `[`, `[]`, `[1, "x", null, {"text":"ok"}]`, "\xef\xbb\xbf[{\"text\":\"bom\"}]",
		`{"text":"a"} trailing`, `[{"text":"a"}] {"x":1}`, "{\"text\":\"\xff\xfe\"}", `{"title":"t","metrics":"{\"a\":1}"}`,
	} {
		for ct := range 4 {
			f.Add(uint8(ct), []byte(s))
		}
	}
	types := []string{"application/json", "application/x-ndjson", "", "text/plain; charset=utf-8", "application/xml"}
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, ct uint8, body []byte) {
		recs, err := parseRecords(types[int(ct)%len(types)], body)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("error %v is not Invalid", err)
			}
			if recs != nil {
				t.Fatalf("records returned with an error")
			}
			return
		}
		for i, rec := range recs {
			if rec.Err != nil {
				if strings.TrimSpace(rec.Err.Error()) == "" {
					t.Fatalf("record %d refused without a reason", i)
				}
				continue
			}
			p := rec.Post
			p.SourceID = 1
			if err := intake.Normalize(&p, now); err == nil && p.ContentHash == "" {
				t.Fatalf("record %d normalised without a content hash", i)
			}
		}
	})
}
