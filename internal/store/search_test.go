package store_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
	"github.com/factdesk/factdesk/internal/text"
)

// find returns the ids of the posts matching the words of q, all required.
func find(t *testing.T, db *store.DB, q ...string) []int64 {
	t.Helper()
	var all [][]store.SearchPhrase
	for _, w := range q {
		all = append(all, []store.SearchPhrase{{w}})
	}
	hits, err := db.SearchPosts(context.Background(), store.PostSearch{All: all, Limit: 100})
	if err != nil {
		t.Fatalf("search %v: %v", q, err)
	}
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func mkPost(src int64, ext, title, body string) post.Post {
	return post.Post{SourceID: src, ExternalID: ext, Title: title, Text: body, ContentHash: "h-" + title + body, PublishedAt: t0, FetchedAt: t0}
}

func TestSearchIndexFollowsPosts(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src, _ := db.EnsureSource(ctx, "test", "import", "file")
		res, err := db.UpsertPosts(ctx, []post.Post{mkPost(src.ID, "1", "Cảnh báo", "Tin giả về Đà Nẵng")})
		if err != nil {
			t.Fatal(err)
		}
		id := res[0].ID
		if got := find(t, db, "da", "nang"); !slices.Equal(got, []int64{id}) {
			t.Fatalf("after insert: %v", got)
		}
		if got := find(t, db, "canh", "bao"); !slices.Equal(got, []int64{id}) {
			t.Fatalf("title not indexed: %v", got)
		}
		// An edit replaces the indexed text.
		if _, err := db.UpsertPosts(ctx, []post.Post{mkPost(src.ID, "1", "Cảnh báo", "Mưa lớn ở Huế")}); err != nil {
			t.Fatal(err)
		}
		if got := find(t, db, "da", "nang"); len(got) != 0 {
			t.Fatalf("old text still found after edit: %v", got)
		}
		if got := find(t, db, "huế"); !slices.Equal(got, []int64{id}) {
			t.Fatalf("new text not found after edit: %v", got)
		}
		if err := db.TamperForTest(ctx, "DELETE FROM post_revisions"); err != nil {
			t.Fatal(err)
		}
		if err := db.TamperForTest(ctx, "DELETE FROM posts"); err != nil {
			t.Fatal(err)
		}
		if got := find(t, db, "huế"); len(got) != 0 {
			t.Fatalf("deleted post found: %v", got)
		}
	})
}

func TestSearchMigrationBackfills(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			opt := store.Options{DataDir: t.TempDir(), Clock: clock.NewFake(t0)}
			if name == "postgres" {
				opt = store.Options{URL: storetest.FreshPostgresURL(t), Clock: clock.NewFake(t0)}
			}
			db, err := store.Open(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.MigrateUpToForTest(ctx, 2); err != nil {
				t.Fatal(err)
			}
			src, _ := db.EnsureSource(ctx, "test", "import", "file")
			res, err := db.UpsertPosts(ctx, []post.Post{mkPost(src.ID, "1", "", "Đà Nẵng mưa lớn"), mkPost(src.ID, "2", "", "Huế nắng")})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if got := find(t, db, "da", "nang"); !slices.Equal(got, []int64{res[0].ID}) {
				t.Fatalf("existing post not backfilled: %v", got)
			}
		})
	}
}

func TestSearchSpans(t *testing.T) {
	s := "Vắc-xin don't x² ½ ٣3 https://a.vn/b?c=d e@f.g Đà\u00adNẵng 東京 😀ok"
	var got []string
	for _, sp := range store.SearchSpans(s) {
		got = append(got, s[sp[0]:sp[1]])
	}
	want := []string{"Vắc", "xin", "don", "t", "x", "٣3", "https", "a", "vn", "b", "c", "d", "e", "f", "g", "Đà", "Nẵng", "東京", "ok"}
	if !slices.Equal(got, want) {
		t.Fatalf("SearchSpans = %q, want %q", got, want)
	}
	if store.SearchSpans("\xff\xfe") != nil {
		t.Fatal("invalid UTF-8 has no words")
	}
}

// TestSearchTokenizersAgree stores awkward texts and looks each one up by
// every word SearchSpans finds in it, alone and as a phrase of the whole
// text: the index must split text exactly as SearchSpans does.
func TestSearchTokenizersAgree(t *testing.T) {
	texts := []string{
		"Vắc-xin COVID-19: don't panic! https://vnexpress.net/tin-gia-123.html",
		"liên hệ ban.bientap@baochinhphu.vn hoặc 0912.345.678, giá 3.5 triệu ₫",
		"x² ½ ٣٤ 東京 Москва ΟΔΟΣ Ǆemal İstanbul ǆ ß straße",
		"Tin gia\u0309 lan nhanh o\u031b\u0300 Ha\u0300 Nô\u0323i", // NFD
		"ĐÀ NẴNG, ĐẮK LẮK, Đồng Nai; đường đi",
		"C++ / C# / .NET / node.js v18.2.0 — 10:30, 2026-11-01",
	}
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src, _ := db.EnsureSource(ctx, "test", "import", "file")
		var posts []post.Post
		for i, s := range texts {
			posts = append(posts, mkPost(src.ID, string(rune('a'+i)), "", text.NFC(s)))
		}
		res, err := db.UpsertPosts(ctx, posts)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range posts {
			var words store.SearchPhrase
			for _, sp := range store.SearchSpans(p.Text) {
				w := p.Text[sp[0]:sp[1]]
				words = append(words, w)
				if got := find(t, db, w); !slices.Contains(got, res[i].ID) {
					t.Errorf("%q not found by its word %q", p.Text, w)
				}
			}
			tier := store.AllMatches
			if hasMarks(p.Text) {
				tier = store.ExactMatches
			}
			hits, err := db.SearchPosts(ctx, store.PostSearch{All: [][]store.SearchPhrase{{words}}, Tier: tier})
			if err != nil || len(hits) != 1 || hits[0].ID != res[i].ID {
				t.Errorf("%q not found (exactly) as a phrase of its words: %+v %v", p.Text, hits, err)
			}
		}
	})
}

// hasMarks reports whether s has letters that fold to something else.
func hasMarks(s string) bool { return text.Fold(s) != text.Lower(s) }

func TestSearchPostsRefuses(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, q := range []store.PostSearch{
			{},
			{All: [][]store.SearchPhrase{{{"*", `"`}}, {}}},
			{None: []store.SearchPhrase{{"x"}}},
			{All: [][]store.SearchPhrase{{{"x"}}}, Limit: store.MaxSearchCandidates + 1},
			{All: [][]store.SearchPhrase{{{strings.Repeat("a ", 65)}}}},
		} {
			if _, err := db.SearchPosts(ctx, q); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%+v: %v, want Invalid", q, err)
			}
		}
	})
}

func TestCompileSearchQuotesEverything(t *testing.T) {
	c, err := store.CompileSearchForTest(store.PostSearch{
		All:  [][]store.SearchPhrase{{{`NEAR("a"`, "b)"}, {"col:x*"}}, {{"Đà-Nẵng"}}},
		None: []store.SearchPhrase{{`"tin' giả\`}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`(folded : "near a b" OR folded : "col x") AND (folded : "da nang") NOT folded : "tin gia"`,
		`exact : "đà nẵng"`,
		`(('near' <-> 'a' <-> 'b') | ('col' <-> 'x')) & (('da' <-> 'nang')) & !('tin' <-> 'gia')`,
		`('đà' <-> 'nẵng')`,
	}
	if !slices.Equal(c, want) {
		t.Fatalf("compiled:\n%s\nwant:\n%s", strings.Join(c, "\n"), strings.Join(want, "\n"))
	}
}

func TestSearchTiers(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src, _ := db.EnsureSource(ctx, "test", "import", "file")
		res, err := db.UpsertPosts(ctx, []post.Post{
			mkPost(src.ID, "1", "", "ma"), mkPost(src.ID, "2", "", "mà"), mkPost(src.ID, "3", "", "má"), mkPost(src.ID, "4", "", "MÀ và ma"),
		})
		if err != nil {
			t.Fatal(err)
		}
		id := func(i int) int64 { return res[i].ID }
		for _, tt := range []struct {
			word string
			tier store.SearchTier
			want []int64
		}{
			{"mà", store.AllMatches, []int64{id(3), id(2), id(1), id(0)}},
			{"mà", store.ExactMatches, []int64{id(3), id(1)}},
			{"mà", store.OtherMatches, []int64{id(2), id(0)}},
			{"ma", store.ExactMatches, nil},
			{"ma", store.OtherMatches, []int64{id(3), id(2), id(1), id(0)}},
		} {
			hits, err := db.SearchPosts(ctx, store.PostSearch{All: [][]store.SearchPhrase{{{tt.word}}}, Tier: tt.tier})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range hits {
				got = append(got, h.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s in tier %d: %v, want %v (newest first)", tt.word, tt.tier, got, tt.want)
			}
		}
		posts, err := db.PostsByID(ctx, []int64{id(2), 9999, id(0)})
		if err != nil || len(posts) != 2 || posts[0].ID != id(2) || posts[1].Text != "ma" {
			t.Errorf("PostsByID = %+v, %v", posts, err)
		}
	})
}

func TestSearchStats(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src, _ := db.EnsureSource(ctx, "test", "import", "file")
		var posts []post.Post
		for i := range 100 {
			body := "tin"
			if i%2 == 0 {
				body += " giả"
			}
			if i%10 == 0 {
				body += " Đà Nẵng"
			}
			posts = append(posts, mkPost(src.ID, strconv.Itoa(i), "", body))
		}
		if _, err := db.UpsertPosts(ctx, posts); err != nil {
			t.Fatal(err)
		}
		phrases := []store.SearchPhrase{{"tin"}, {"gia"}, {"da nang"}, {"nang da"}, {"*"}}
		docs, df, err := db.SearchStats(ctx, phrases, 20)
		if err != nil {
			t.Fatal(err)
		}
		// Counted exactly below the probe, extrapolated above it (exactly,
		// here, since the phrases are spread evenly).
		if docs != 100 || !slices.Equal(df, []int64{100, 50, 10, 0, 0}) {
			t.Errorf("docs %d, df %v", docs, df)
		}
	})
}

func TestFoldSQLFunction(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	ctx := context.Background()
	for _, s := range []string{"", "Đà Nẵng", "TIN GIẢ", "Ha\u0300 Nô\u0323i", "Ǆ İ ß", "\xff"} {
		got, err := db.QueryStringForTest(ctx, "SELECT fold(?)", s)
		if err != nil || got != text.Fold(s) {
			t.Errorf("fold(%q) = %q, %v; want %q", s, got, err, text.Fold(s))
		}
	}
	if got, err := db.QueryStringForTest(ctx, "SELECT coalesce(fold(NULL), 'null')"); err != nil || got != "null" {
		t.Errorf("fold(NULL) = %q, %v", got, err)
	}
}

// TestPostgresFoldTable checks the translate() table of factdesk_fold in
// the PostgreSQL migration, without a database: it must map exactly the
// letters whose fold is not their lower case (ToLower(ToUpper(r)) differs
// from ToLower(r)), đ, ð (either case) to d, and Σ to σ.
func TestPostgresFoldTable(t *testing.T) {
	sql, err := os.ReadFile("migrations/postgres/00003_search.sql")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`'g'\),\s*'([^']*)', '([^']*)'\)`).FindSubmatch(sql)
	if m == nil {
		t.Fatal("translate table not found in the migration")
	}
	from, to := []rune(string(m[1])), []rune(string(m[2]))
	if len(from) != len(to) {
		t.Fatalf("table maps %d letters to %d", len(from), len(to))
	}
	got := map[rune]rune{}
	for i, r := range from {
		got[r] = to[i]
	}
	want := map[rune]rune{'đ': 'd', 'Đ': 'd', 'ð': 'd', 'Ð': 'd', 'Σ': 'σ'}
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if (0x300 <= r && r <= 0x36F) || (0xD800 <= r && r < 0xE000) {
			continue // marks are removed before; surrogates are not text
		}
		if f := unicode.ToLower(unicode.ToUpper(r)); f != unicode.ToLower(r) {
			want[r] = f
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("translate table %q -> %q; want %d entries: %q", from, to, len(want), want)
	}
}

// TestPostgresFoldMatchesGo compares factdesk_fold() and factdesk_lower()
// in PostgreSQL with text.Fold and text.Lower on every code point and on
// sample text.
func TestPostgresFoldMatchesGo(t *testing.T) {
	db := storetest.OpenPostgres(t, clock.NewFake(t0))
	ctx := context.Background()
	var samples []string
	var b strings.Builder
	for r := rune(0x20); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r < 0xE000 {
			continue
		}
		b.WriteRune(r)
		b.WriteByte(' ')
		if b.Len() > 20000 || r == unicode.MaxRune {
			samples = append(samples, b.String())
			b.Reset()
		}
	}
	samples = append(samples, "TIN GIẢ về ĐÀ NẴNG", "Ha\u0300 Nô\u0323i", "ΟΔΟΣ Москва İSTANBUL Ǆemal straße")
	for _, s := range samples {
		folded, err := db.QueryStringForTest(ctx, "SELECT factdesk_fold(?)", s)
		if err != nil {
			t.Fatal(err)
		}
		lower, err := db.QueryStringForTest(ctx, "SELECT factdesk_lower(?)", s)
		if err != nil {
			t.Fatal(err)
		}
		if diff := firstDiff(folded, text.Fold(s)); diff != "" {
			t.Errorf("factdesk_fold differs from text.Fold: %s", diff)
		}
		if diff := firstDiff(lower, text.Lower(s)); diff != "" {
			t.Errorf("factdesk_lower differs from text.Lower: %s", diff)
		}
	}
}

// firstDiff describes the first word where two space-separated strings
// differ, or returns "".
func firstDiff(a, b string) string {
	wa, wb := strings.Split(a, " "), strings.Split(b, " ")
	for i := range min(len(wa), len(wb)) {
		if wa[i] != wb[i] {
			return fmt.Sprintf("word %d: %q (%U) vs %q (%U)", i, wa[i], []rune(wa[i]), wb[i], []rune(wb[i]))
		}
	}
	if len(wa) != len(wb) {
		return fmt.Sprintf("%d words vs %d", len(wa), len(wb))
	}
	return ""
}
