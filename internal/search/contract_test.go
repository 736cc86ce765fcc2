package search_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// TestBackendsAgree is the contract between the backends: on the shared
// corpus plus 3,000 generated Vietnamese and English posts, SQLite and
// PostgreSQL return the same posts, with the same exact-diacritic flags and
// scores, in the same order, for every query (the backends only find the
// matches; ranking is done in Go). Skipped without FACTDESK_TEST_POSTGRES.
func TestBackendsAgree(t *testing.T) {
	pg := storetest.OpenPostgres(t, clock.NewFake(t0))
	lite := storetest.OpenSQLite(t, clock.NewFake(t0))
	const n = 3000
	g := newGen(7)
	for _, db := range []*store.DB{lite, pg} {
		loadCorpus(t, db)
		fill(t, db, g, 0, n, nil)
	}
	queries := []string{"Đà Nẵng bão", "tin OR báo -giả", `"mưa lớn"`}
	for _, tc := range searchCases {
		queries = append(queries, tc.query)
	}
	for i := range 300 {
		q := g.query(i, n)
		queries = append(queries, q, `"`+q+`"`)
		if i%10 == 0 {
			queries = append(queries, q+" OR "+g.query(i+1000, n), q+" -"+g.query(i+2000, n))
		}
	}
	a, b := search.New(lite, search.Options{}), search.New(pg, search.Options{})
	ctx := context.Background()
	total := 0
	for _, q := range queries {
		ha, erra := a.Text(ctx, q, search.Filter{Limit: search.MaxLimit})
		hb, errb := b.Text(ctx, q, search.Filter{Limit: search.MaxLimit})
		if erra != nil || errb != nil {
			t.Fatalf("%s: sqlite %v, postgres %v", q, erra, errb)
		}
		if sa, sb := hitKeys(ha), hitKeys(hb); !slices.Equal(sa, sb) {
			t.Errorf("%s: sqlite found %d %v,\npostgres %d %v", q, len(sa), sa, len(sb), sb)
		}
		total += len(ha)
	}
	t.Logf("%d queries, %d hits, the same hits in the same order on both backends", len(queries), total)
}

// hitKeys lists hits as "id exact score" strings, in order. The two stores
// were filled in the same order, so their ids agree.
func hitKeys(hits []search.Hit) []string {
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = fmt.Sprintf("%d %v %.9g", h.ID, h.Exact, h.Score)
	}
	return keys
}
