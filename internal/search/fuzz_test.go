package search_test

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// FuzzSearch checks that any input either fails to parse with an Invalid
// error or gives a query whose compiled FTS5 expression SQLite accepts: the
// query is run against a real store, so a syntax error in the expression
// would fail. The canonical form must parse back to itself, and snippets
// must stay valid UTF-8 with marks inside them.
//
//	go test -run '^$' -fuzz FuzzSearch -fuzztime 60s ./internal/search/
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		`"`, `*`, `NEAR(`, `col:x`, `vac-xin`, `"unbalanced`, `-`, `--x`, `a OR`, `OR OR`, `(a OR b) c`,
		`{exact folded}: x`, `^x`, `x AND y NOT z`, `"a" + "b"`, `-"tin giả" Đà Nẵng`, "ma\u0300", "\xff\xfe",
		`a:b:c`, `'`, `''`, `\"x\"`, `x"y"z`, `NEAR("a" "b", 2)`, "đ\u0000d", "- \"\" -",
	} {
		f.Add(s)
	}
	db := storetest.OpenSQLite(f, clock.NewFake(t0))
	loadCorpus(f, db)
	svc := search.New(db, search.Options{})
	f.Fuzz(func(t *testing.T, s string) {
		q, err := search.Parse(s)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("Parse(%q): %v is not Invalid", s, err)
			}
			return
		}
		if again, err := search.Parse(q.String()); err != nil || again.String() != q.String() {
			t.Fatalf("Parse(%q) = %s, which parses as %s, %v", s, q.String(), again.String(), err)
		}
		hits, err := svc.Search(context.Background(), q, search.Filter{})
		if err != nil {
			t.Fatalf("Search(%q) as %s: %v", s, q.String(), err)
		}
		for _, h := range hits {
			if !utf8.ValidString(h.Snippet) || !utf8.ValidString(h.Excerpt) {
				t.Fatalf("Search(%q): invalid UTF-8 in snippet %q", s, h.Snippet)
			}
			for _, m := range h.Marks {
				if m.Start < 0 || m.Start >= m.End || m.End > len(h.Excerpt) {
					t.Fatalf("Search(%q): mark %+v outside %q", s, m, h.Excerpt)
				}
			}
		}
	})
}
