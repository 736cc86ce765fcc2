package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// searchCase is one query over the corpus and what it must find.
type searchCase struct {
	query string
	want  []string // external ids of all hits, in any order
	exact []string // the hits with the diacritics as typed; they must come first
	first string   // the first hit, when it matters
}

// searchCases hold the semantics of search; the contract test runs them on
// both backends.
var searchCases = []searchCase{
	// Diacritics both ways, exact-diacritic matches first.
	{query: "tin gia", want: []string{"tin-gia", "tin-gia-plain", "tin-gia-upper", "nfd"}},
	{query: "tin giả", want: []string{"tin-gia", "tin-gia-plain", "tin-gia-upper", "nfd"}, exact: []string{"tin-gia", "tin-gia-upper", "nfd"}},
	{query: "TIN GIẢ", want: []string{"tin-gia", "tin-gia-plain", "tin-gia-upper", "nfd"}, exact: []string{"tin-gia", "tin-gia-upper", "nfd"}},
	{query: "da nang", want: []string{"danang", "danang-upper", "danang-plain", "danang-en"}},
	{query: "Đà Nẵng", want: []string{"danang", "danang-upper", "danang-plain", "danang-en"}, exact: []string{"danang", "danang-upper"}},
	{query: "đà nang", want: []string{"danang", "danang-upper", "danang-plain", "danang-en"}, exact: []string{"danang", "danang-upper"}},
	{query: "ma", want: []string{"ma", "ma-grave", "ma-acute", "ma-tilde", "ma-dot"}},
	{query: "mà", want: []string{"ma", "ma-grave", "ma-acute", "ma-tilde", "ma-dot"}, exact: []string{"ma-grave"}, first: "ma-grave"},
	{query: "má", want: []string{"ma", "ma-grave", "ma-acute", "ma-tilde", "ma-dot"}, exact: []string{"ma-acute"}, first: "ma-acute"},
	{query: "mã", want: []string{"ma", "ma-grave", "ma-acute", "ma-tilde", "ma-dot"}, exact: []string{"ma-tilde"}, first: "ma-tilde"},
	{query: "mạ", want: []string{"ma", "ma-grave", "ma-acute", "ma-tilde", "ma-dot"}, exact: []string{"ma-dot"}, first: "ma-dot"},
	{query: "hà nội", want: []string{"nfd"}, exact: []string{"nfd"}},
	{query: "đê vỡ", want: []string{"long"}, exact: []string{"long"}},
	// Phrases; a hyphenated word is a phrase.
	{query: "vac-xin", want: []string{"vacxin", "tin-gia-plain", "tin-gia"}},
	{query: "vắc-xin", want: []string{"vacxin", "tin-gia-plain", "tin-gia"}, exact: []string{"vacxin", "tin-gia"}},
	{query: `"vắc xin"`, want: []string{"vacxin", "tin-gia-plain", "tin-gia"}, exact: []string{"vacxin", "tin-gia"}},
	{query: `"xin vac"`},
	{query: `"storm warning"`, want: []string{"danang-en"}},
	{query: `"warning storm"`},
	{query: `"covid 19"`, want: []string{"tin-gia"}},
	// Exclusion, OR.
	{query: "da nang -bão", want: []string{"danang-plain", "danang-en"}},
	{query: "da nang -bao", want: []string{"danang-plain", "danang-en"}},
	{query: `tin gia -"vac xin"`, want: []string{"tin-gia-upper", "nfd"}},
	{query: "lũ OR flood", want: []string{"ma-dot", "lu", "dont"}, exact: []string{"ma-dot", "lu"}},
	{query: `"heavy rain" OR "mưa lớn"`, want: []string{"flood-en", "danang"}, exact: []string{"danang"}},
	{query: "storm OR bão Đà", want: []string{"danang", "danang-upper", "danang-plain", "danang-en"}, exact: []string{"danang", "danang-upper"}},
	{query: "storm OR bão -Đà", want: []string{"long", "tin-gia-plain", "tin-gia"}, exact: []string{"long"}}, // báo, bao fold to bão's "bao"
	// Title and text are both searched.
	{query: "an ninh", want: []string{"ma-tilde"}},
	// No stemming: "floods" is not "flood".
	{query: "flood", want: []string{"dont"}},
	// Hostile input is only text.
	{query: "NEAR(", want: []string{"hostile"}},
	{query: "col:x", want: []string{"hostile"}},
	{query: "{exact}:", want: []string{"hostile"}},
	{query: "exact:giả", want: nil},
	{query: "folded:gia", want: nil},
	{query: "^start", want: []string{"hostile"}},
	{query: `"quoted`, want: []string{"hostile"}},
	{query: "NOT", want: []string{"hostile"}},
	{query: "AND", want: []string{"hostile", "danang-en"}},
	{query: "don't", want: []string{"dont"}},
	{query: `x" OR "`, want: []string{"hostile"}},
	{query: "a* NEAR(a b)", want: []string{"hostile"}},
	{query: "a* NEAR(a b, 3)"},
	{query: `"unbalanced`},
}

func TestSearchSemantics(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ids, _ := loadCorpus(t, db)
		svc := search.New(db, search.Options{})
		for _, tc := range searchCases {
			hits, err := svc.Text(context.Background(), tc.query, search.Filter{Limit: 100})
			if err != nil {
				t.Errorf("%s: %v", tc.query, err)
				continue
			}
			checkHits(t, tc, hits, ids)
		}
	})
}

// checkHits compares hits with what tc wants.
func checkHits(t *testing.T, tc searchCase, hits []search.Hit, ids map[string]int64) {
	t.Helper()
	names := map[int64]string{}
	for name, id := range ids {
		names[id] = name
	}
	var got, gotExact []string
	lastExact := true
	for i, h := range hits {
		got = append(got, names[h.ID])
		if h.Exact {
			gotExact = append(gotExact, names[h.ID])
			if !lastExact {
				t.Errorf("%s: exact hit %s at %d comes after a non-exact one", tc.query, names[h.ID], i)
			}
		}
		lastExact = h.Exact
	}
	if !sameSet(got, tc.want) {
		t.Errorf("%s: found %v, want %v", tc.query, got, tc.want)
	}
	if !sameSet(gotExact, tc.exact) {
		t.Errorf("%s: exact %v, want %v", tc.query, gotExact, tc.exact)
	}
	if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
		t.Errorf("%s: first hit %v, want %s", tc.query, got, tc.first)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestSearchFilters(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ids, sources := loadCorpus(t, db)
		svc := search.New(db, search.Options{})
		all := []string{"danang", "danang-upper", "danang-plain", "danang-en"}
		tests := []struct {
			name   string
			filter search.Filter
			want   []string
		}{
			{"none", search.Filter{}, all},
			{"lang", search.Filter{Lang: "en"}, []string{"danang-plain", "danang-en"}},
			{"source", search.Filter{SourceID: sources["facebook"]}, []string{"danang-upper"}},
			{"since", search.Filter{Since: t0.Add(-24 * time.Hour)}, []string{"danang", "danang-plain"}},
			{"until", search.Filter{Until: t0.Add(-24 * time.Hour)}, []string{"danang-upper", "danang-en"}},
			{"range", search.Filter{Since: t0.Add(-40 * time.Hour), Until: t0.Add(-4*time.Hour - time.Second)}, []string{"danang-upper", "danang-plain"}},
			{"since is inclusive", search.Filter{Since: t0.Add(-4 * time.Hour), Until: t0.Add(-4*time.Hour + time.Millisecond)}, []string{"danang"}},
			{"everything", search.Filter{Lang: "vi", SourceID: sources["vnexpress"], Since: t0.Add(-5 * time.Hour)}, []string{"danang"}},
		}
		for _, tt := range tests {
			hits, err := svc.Text(context.Background(), "da nang", tt.filter)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			checkHits(t, searchCase{query: "da nang (" + tt.name + ")", want: tt.want}, hits, ids)
		}
		if _, err := svc.Text(context.Background(), "da nang", search.Filter{Since: t0, Until: t0}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("empty range: %v", err)
		}
		if _, err := svc.Text(context.Background(), "da nang", search.Filter{Limit: search.MaxLimit + 1}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("limit over the maximum: %v", err)
		}
	})
}

func TestSearchPaging(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		loadCorpus(t, db)
		svc := search.New(db, search.Options{})
		ctx := context.Background()
		all, err := svc.Text(ctx, "ma", search.Filter{})
		if err != nil || len(all) != 5 {
			t.Fatalf("all: %d hits, %v", len(all), err)
		}
		var paged []int64
		for off := 0; off < 6; off += 2 {
			page, err := svc.Text(ctx, "ma", search.Filter{Limit: 2, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range page {
				paged = append(paged, h.ID)
			}
		}
		for i, h := range all {
			if i >= len(paged) || paged[i] != h.ID {
				t.Fatalf("pages %v differ from the full list", paged)
			}
		}
		if len(paged) != len(all) {
			t.Fatalf("pages hold %d hits, want %d", len(paged), len(all))
		}
	})
}

func TestSearchSnippets(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ids, _ := loadCorpus(t, db)
		svc := search.New(db, search.Options{})
		tests := []struct {
			query, id string
			want      []string // substrings of the HTML snippet
		}{
			{"da nang", "danang", []string{"<mark>Đà</mark> <mark>Nẵng</mark>"}},
			{`"da nang"`, "danang-upper", []string{"<mark>ĐÀ NẴNG</mark> sơ tán"}},
			{"vac-xin", "tin-gia", []string{"về <mark>vắc-xin</mark> COVID"}},
			{"mà", "ma-grave", []string{"vậy <mark>mà</mark> là"}},
			{"col:x", "hostile", []string{"<mark>col:x</mark>", "&#34;quoted&#34;"}},
			{"đê vỡ", "long", []string{"…", "về <mark>đê</mark> <mark>vỡ</mark> khiến"}},
		}
		for _, tt := range tests {
			hits, err := svc.Text(context.Background(), tt.query, search.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var hit *search.Hit
			for i := range hits {
				if hits[i].ID == ids[tt.id] {
					hit = &hits[i]
				}
			}
			if hit == nil {
				t.Errorf("%s: %s not found", tt.query, tt.id)
				continue
			}
			for _, w := range tt.want {
				if !strings.Contains(hit.Snippet, w) {
					t.Errorf("%s: snippet %q lacks %q", tt.query, hit.Snippet, w)
				}
			}
			if len(hit.Excerpt) > search.SnippetBytes+8 {
				t.Errorf("%s: excerpt of %d bytes", tt.query, len(hit.Excerpt))
			}
			for _, m := range hit.Marks {
				if m.Start >= m.End || m.End > len(hit.Excerpt) {
					t.Errorf("%s: mark %+v outside excerpt %q", tt.query, m, hit.Excerpt)
				}
			}
			if hit.Title != "" && hit.URL == "" || hit.PublishedAt.IsZero() || hit.SourceID == 0 || hit.Lang == "" || hit.Text == "" {
				t.Errorf("%s: incomplete hit %+v", tt.query, hit)
			}
		}
	})
}

func TestSearchStoryFilter(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ids, sources := loadCorpus(t, db)
		ctx := context.Background()
		story := ids["danang"]
		var as []store.StoryAssignment
		for _, name := range []string{"danang", "danang-upper", "ma"} {
			as = append(as, store.StoryAssignment{PostID: ids[name], StoryID: story, SourceID: sources["vnexpress"], PublishedAt: t0})
		}
		as = append(as, store.StoryAssignment{PostID: ids["danang-en"], StoryID: ids["danang-en"], SourceID: sources["reuters"], PublishedAt: t0})
		if _, err := db.SaveStoryAssignments(ctx, as); err != nil {
			t.Fatal(err)
		}
		hits, err := search.New(db, search.Options{}).Text(ctx, "da nang", search.Filter{StoryID: story})
		if err != nil {
			t.Fatal(err)
		}
		checkHits(t, searchCase{query: "da nang (story)", want: []string{"danang", "danang-upper"}}, hits, ids)
	})
}
