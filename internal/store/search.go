package store

// Full-text search over posts.
//
// Both backends index title and text twice: as written (lower-cased NFC,
// diacritics kept) and folded by text.Fold (case and diacritics removed, đ
// to d). A post matches on the folded form, so a query with or without
// diacritics finds both spellings; the exact form splits the matches into
// those with the query's diacritics as typed (ranked first) and the others.
//
//   - SQLite: the contentless FTS5 table post_fts (columns exact, folded),
//     kept in step with posts by triggers that call the SQL function fold(),
//     which is text.Fold registered with the driver.
//   - PostgreSQL: the generated tsvector columns posts.search_exact and
//     posts.search_folded (GIN index on the latter), computed by SQL
//     functions that reproduce text.Lower and text.Fold.
//
// Words are runs of letters and decimal digits on both backends (see
// SearchSpans), so both find the same posts. The store only finds matches,
// newest first; package search ranks them with BM25 in Go, so that both
// backends also give the same order.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"modernc.org/sqlite"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

// init registers fold(x), text.Fold as a deterministic SQL function, with the
// SQLite driver. modernc registers functions on the driver for the whole
// process, so this is the one piece of process-wide state in the store; it
// runs before any connection is opened, which the FTS triggers need.
func init() {
	if err := sqlite.RegisterDeterministicScalarFunction("fold", 1, foldSQL); err != nil {
		panic(fmt.Sprintf("store: register SQL function fold: %v", err))
	}
}

// foldSQL is fold(x): text.Fold of a text or blob, NULL for NULL.
func foldSQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case nil:
		return nil, nil
	case string:
		return text.Fold(v), nil
	case []byte:
		return text.Fold(string(v)), nil
	default:
		return fmt.Sprint(v), nil
	}
}

// SearchSpans returns the byte ranges [start, end) of the words of s as the
// search index sees them: maximal runs of letters (Unicode L*) and decimal
// digits (Nd). Everything else separates words, so "vắc-xin" is "vắc" and
// "xin", and "don't" is "don" and "t". Use it to split queries and to find
// matches for highlighting.
func SearchSpans(s string) [][2]int {
	var spans [][2]int
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		word, size := false, 1
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			spans = append(spans, [2]int{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(s)})
	}
	return spans
}

// searchWords returns the words of s (see SearchSpans).
func searchWords(s string) []string {
	spans := SearchSpans(s)
	words := make([]string, len(spans))
	for i, sp := range spans {
		words[i] = s[sp[0]:sp[1]]
	}
	return words
}

// SearchPhrase is a sequence of words that must appear together, in order.
// A single word is a phrase of one. Each element is split again into index
// words, so "vắc-xin" as one element is the phrase "vắc xin".
type SearchPhrase []string

// SearchTier selects matches by whether they carry the query's diacritics.
type SearchTier int

// The tiers. A query without diacritics has only AllMatches; with
// diacritics, ExactMatches and OtherMatches split AllMatches in two.
const (
	AllMatches   SearchTier = iota // every post matching, diacritics ignored
	ExactMatches                   // ... that has some phrase with diacritics exactly as typed
	OtherMatches                   // ... that has none of them as typed
)

// PostSearch is a full-text query over posts with its filters.
type PostSearch struct {
	// All lists groups that must all match; a group matches when any of
	// its phrases does (OR). At least one group is required.
	All [][]SearchPhrase
	// None lists phrases that a post must not contain.
	None []SearchPhrase
	Tier SearchTier

	Since    time.Time // published at or after, if set
	Until    time.Time // published before, if set
	SourceID int64     // from this source, if set
	Lang     string    // in this language, if set
	StoryID  int64     // in this story (table post_stories), if set
	AfterID  int64     // with a greater id, that is stored later (see PostsStoredAfter), if set
	Limit    int       // the newest Limit matches: 1 to MaxSearchCandidates, default 1000
}

// MaxSearchCandidates caps PostSearch.Limit.
const MaxSearchCandidates = 10000

// maxSearchWords caps the words of one query, to keep compiled expressions
// small on both backends.
const maxSearchWords = 64

// SearchCandidate is a post matching a search, with what ranking needs.
type SearchCandidate struct {
	ID    int64
	Title string
	Text  string
}

// SearchPosts returns the newest q.Limit posts (by id, that is by arrival)
// matching q, newest first. Ranking is left to the caller (package search),
// which scores these candidates the same way on both backends. Matching
// ignores case and diacritics; q.Tier splits the matches by diacritics as
// typed. It returns an Invalid error when q has nothing to look for or is
// over its limits.
func (db *DB) SearchPosts(ctx context.Context, q PostSearch) ([]SearchCandidate, error) {
	cq, err := compileSearch(q)
	if err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = 1000
	}
	if q.Limit > MaxSearchCandidates {
		return nil, apperr.Errorf(apperr.Invalid, "search: at most %d candidates", MaxSearchCandidates)
	}
	if q.Tier == ExactMatches && cq.ftsExact == "" {
		return nil, nil // nothing has diacritics to match exactly
	}
	sqlText, args := db.searchSQL(cq, q)
	rows, err := db.query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("search posts: %w", err)
	}
	defer rows.Close()
	var out []SearchCandidate
	for rows.Next() {
		var c SearchCandidate
		if err := rows.Scan(&c.ID, &c.Title, &c.Text); err != nil {
			return nil, fmt.Errorf("search posts: scan: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search posts: %w", translate(err))
	}
	return out, nil
}

// searchSQL builds the query for the newest matches of cq in q's tier.
func (db *DB) searchSQL(cq compiledSearch, q PostSearch) (string, []any) {
	var b strings.Builder
	var args []any
	if db.dialect == Postgres {
		b.WriteString("SELECT p.id, p.title, p.text FROM posts p WHERE p.search_folded @@ ?::tsquery")
		args = append(args, customPlan, cq.tsFolded)
		switch {
		case q.Tier == ExactMatches:
			b.WriteString(" AND p.search_exact @@ ?::tsquery")
			args = append(args, cq.tsExact)
		case q.Tier == OtherMatches && cq.tsExact != "":
			b.WriteString(" AND NOT (p.search_exact @@ ?::tsquery)")
			args = append(args, cq.tsExact)
		}
	} else {
		match := cq.fts
		switch {
		case q.Tier == ExactMatches:
			match = "(" + cq.fts + ") AND (" + cq.ftsExact + ")"
		case q.Tier == OtherMatches && cq.ftsExact != "":
			match = "(" + cq.fts + ") NOT (" + cq.ftsExact + ")"
		}
		b.WriteString("SELECT f.rowid, p.title, p.text FROM post_fts f JOIN posts p ON p.id = f.rowid WHERE post_fts MATCH ?")
		args = append(args, match)
	}
	if !q.Since.IsZero() {
		b.WriteString(" AND p.published_at >= ?")
		args = append(args, q.Since.UnixMilli())
	}
	if !q.Until.IsZero() {
		b.WriteString(" AND p.published_at < ?")
		args = append(args, q.Until.UnixMilli())
	}
	if q.SourceID != 0 {
		b.WriteString(" AND p.source_id = ?")
		args = append(args, q.SourceID)
	}
	if q.Lang != "" {
		b.WriteString(" AND p.lang = ?")
		args = append(args, q.Lang)
	}
	if q.StoryID != 0 {
		b.WriteString(" AND p.id IN (SELECT post_id FROM post_stories WHERE story_id = ?)")
		args = append(args, q.StoryID)
	}
	if q.AfterID != 0 {
		// On SQLite the bound goes to FTS5 as a rowid range, which it
		// applies while reading the index.
		if db.dialect == Postgres {
			b.WriteString(" AND p.id > ?")
		} else {
			b.WriteString(" AND f.rowid > ?")
		}
		args = append(args, q.AfterID)
	}
	b.WriteString(" ORDER BY 1 DESC LIMIT ?")
	args = append(args, q.Limit)
	return b.String(), args
}

// SearchStats estimates, for ranking, how many posts there are and how
// many contain each phrase (diacritics ignored, no filters). A phrase in
// fewer than probe posts is counted exactly; for a more common one the
// count is extrapolated from how far back its probe-th newest post lies,
// which reads at most probe index entries whatever the phrase.
func (db *DB) SearchStats(ctx context.Context, phrases []SearchPhrase, probe int) (docs int64, df []int64, err error) {
	var first, last sql.NullInt64
	// Two subqueries: SQLite answers min() or max() alone from the b-tree
	// edge, but scans the table for both at once.
	if err := db.queryRow(ctx, "SELECT (SELECT min(id) FROM posts), (SELECT max(id) FROM posts)").Scan(&first, &last); err != nil {
		return 0, nil, fmt.Errorf("search stats: %w", translate(err))
	}
	if !last.Valid {
		return 0, make([]int64, len(phrases)), nil
	}
	docs = last.Int64 - first.Int64 + 1
	q := "SELECT count(*), coalesce(min(rowid), 0) FROM (SELECT rowid FROM post_fts WHERE post_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
	if db.dialect == Postgres {
		q = "SELECT count(*), coalesce(min(id), 0) FROM (SELECT id FROM posts WHERE search_folded @@ ?::tsquery ORDER BY id DESC LIMIT ?) s"
	}
	df = make([]int64, len(phrases))
	for i, p := range phrases {
		sp, ok := prepPhrase(p)
		if !ok {
			continue
		}
		expr := ftsPhrase("folded", sp.folded)
		if db.dialect == Postgres {
			expr = tsPhrase(sp.folded)
		}
		args := []any{expr, probe}
		if db.dialect == Postgres {
			args = append([]any{customPlan}, args...)
		}
		var n, oldest int64
		if err := db.queryRow(ctx, q, args...).Scan(&n, &oldest); err != nil {
			return 0, nil, fmt.Errorf("search stats: %w", translate(err))
		}
		df[i] = n
		if n >= int64(probe) && oldest > 0 {
			df[i] = min(docs, n*docs/(last.Int64-oldest+1))
		}
	}
	return docs, df, nil
}

// PostsByID returns the posts with the given ids, in that order; ids with
// no post (deleted meanwhile) are skipped.
func (db *DB) PostsByID(ctx context.Context, ids []int64) ([]post.Post, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	rows, err := db.query(ctx, "SELECT "+postColumns+" FROM posts WHERE id IN ("+marks+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read posts: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]post.Post, len(ids))
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("read posts: scan: %w", err)
		}
		byID[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read posts: %w", translate(err))
	}
	out := make([]post.Post, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// customPlan, passed first among a query's arguments, makes pgx send that
// query unprepared, so that PostgreSQL plans it for the actual tsquery:
// walking the primary key backwards suits a common phrase, the GIN index a
// rare one, and a cached generic plan cannot know which (measured: 34 ms
// instead of under 1 ms per probe of a rare phrase on 20,000 posts).
const customPlan = pgx.QueryExecModeExec

// compiledSearch is a PostSearch in the syntax of each backend.
type compiledSearch struct {
	fts      string // SQLite FTS5 MATCH expression over the folded column
	ftsExact string // FTS5: any phrase with diacritics, over the exact column; "" if none
	tsFolded string // PostgreSQL tsquery over search_folded
	tsExact  string // tsquery over search_exact: any phrase with diacritics; "" if none
}

// searchPhrase is one phrase in both of its index forms.
type searchPhrase struct {
	exact, folded []string
}

// prepPhrase splits p into index words, lower-cased and folded; ok is false
// when p has no words.
func prepPhrase(p SearchPhrase) (sp searchPhrase, ok bool) {
	for _, w := range p {
		for _, e := range searchWords(text.Lower(w)) {
			sp.exact = append(sp.exact, e)
			sp.folded = append(sp.folded, searchWords(text.Fold(e))...)
		}
	}
	return sp, len(sp.folded) > 0
}

// hasDiacritics reports whether the exact form differs from the folded one.
func (p searchPhrase) hasDiacritics() bool {
	return strings.Join(p.exact, " ") != strings.Join(p.folded, " ")
}

// compileSearch turns q into FTS5 and tsquery expressions. User text never
// reaches either syntax as such: every word is a run of letters and digits
// (SearchSpans), written as a quoted string, and operators come only from
// the structure of q.
func compileSearch(q PostSearch) (compiledSearch, error) {
	var c compiledSearch
	var fts, tsF, ftsE, tsE []string
	words := 0
	for _, group := range q.All {
		var ftsAlt, tsAlt []string
		for _, p := range group {
			sp, ok := prepPhrase(p)
			if !ok {
				continue
			}
			words += len(sp.exact)
			ftsAlt = append(ftsAlt, ftsPhrase("folded", sp.folded))
			tsAlt = append(tsAlt, tsPhrase(sp.folded))
			if sp.hasDiacritics() {
				ftsE = append(ftsE, ftsPhrase("exact", sp.exact))
				tsE = append(tsE, tsPhrase(sp.exact))
			}
		}
		if len(ftsAlt) > 0 {
			fts = append(fts, "("+strings.Join(ftsAlt, " OR ")+")")
			tsF = append(tsF, "("+strings.Join(tsAlt, " | ")+")")
		}
	}
	if len(fts) == 0 {
		return c, apperr.Errorf(apperr.Invalid, "search: the query has no words to look for")
	}
	c.fts = strings.Join(fts, " AND ")
	for _, p := range q.None {
		if sp, ok := prepPhrase(p); ok {
			words += len(sp.exact)
			c.fts += " NOT " + ftsPhrase("folded", sp.folded)
			tsF = append(tsF, "!"+tsPhrase(sp.folded))
		}
	}
	if words > maxSearchWords {
		return c, apperr.Errorf(apperr.Invalid, "search: the query has %d words; at most %d are allowed", words, maxSearchWords)
	}
	c.tsFolded = strings.Join(tsF, " & ")
	c.ftsExact = strings.Join(ftsE, " OR ")
	c.tsExact = strings.Join(tsE, " | ")
	return c, nil
}

// ftsPhrase is an FTS5 phrase of words restricted to column col. FTS5
// tokenizes the quoted string itself into the phrase; a double quote would
// be doubled, though words never contain one.
func ftsPhrase(col string, words []string) string {
	return col + ` : "` + strings.ReplaceAll(strings.Join(words, " "), `"`, `""`) + `"`
}

// tsPhrase is a tsquery phrase of quoted lexemes: 'a' <-> 'b'.
func tsPhrase(words []string) string {
	lex := make([]string, len(words))
	for i, w := range words {
		w = strings.ReplaceAll(strings.ReplaceAll(w, `\`, `\\`), `'`, `''`)
		lex[i] = "'" + w + "'"
	}
	if len(lex) == 1 {
		return lex[0]
	}
	return "(" + strings.Join(lex, " <-> ") + ")"
}
