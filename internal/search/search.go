// Package search finds posts by what they say, in Vietnamese and English.
//
// Parse reads the query language a person types (terms, "phrases",
// -exclusions, OR); Service.Search runs a query against the store's
// full-text index with filters and returns ranked hits with highlighted
// snippets. Matching ignores case and diacritics ("tin gia" finds
// "tin giả", "da nang" finds "Đà Nẵng"); words typed with diacritics rank
// the posts that have them exactly first ("mà" before "ma", "má", "mã").
// The index lives in the store (internal/store/search.go: FTS5 on SQLite,
// tsvector columns on PostgreSQL), which finds the newest matches; this
// package ranks them with BM25 in Go, so both backends give the same
// results in the same order.
package search

import (
	"context"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// Store is what Service needs of the store (a *store.DB).
type Store interface {
	// SearchPosts returns the newest matches of a query in one tier;
	// Invalid for a query with nothing to look for or over its limits.
	SearchPosts(ctx context.Context, q store.PostSearch) ([]store.SearchCandidate, error)
	// SearchStats estimates the number of posts and the document
	// frequency of each phrase.
	SearchStats(ctx context.Context, phrases []store.SearchPhrase, probe int) (int64, []int64, error)
	// PostsByID reads posts in the given order.
	PostsByID(ctx context.Context, ids []int64) ([]post.Post, error)
}

// Options tune a Service. Zero values take the defaults.
type Options struct {
	// Candidates is how many of the newest matches of each tier (posts
	// with the query's diacritics as typed, then the others) are ranked.
	// Default 500, which keeps two-word queries on a million posts within
	// about 10 ms; more finds better matches among very common words at
	// the cost of speed (reading and scoring each candidate's text).
	Candidates int
	// Probe bounds the index entries read to estimate how common a phrase
	// is, for BM25's idf (see store.DB.SearchStats). Default 500.
	Probe int
}

// Service searches posts.
type Service struct {
	st  Store
	opt Options
}

// New returns a Service over st.
func New(st Store, opt Options) *Service {
	if opt.Candidates <= 0 {
		opt.Candidates = 500
	}
	if opt.Probe <= 0 {
		opt.Probe = 500
	}
	return &Service{st: st, opt: opt}
}

// MaxLimit caps Filter.Limit.
const MaxLimit = 1000

// Filter narrows a search. Zero fields do not filter.
type Filter struct {
	Since    time.Time // published at or after
	Until    time.Time // published before
	SourceID int64
	Lang     string // "vi", "en", ...
	StoryID  int64  // posts of this story
	Limit    int    // hits per page: default 20, at most MaxLimit
	Offset   int    // hits to skip, for paging
}

// Hit is one post found, with a highlighted snippet.
type Hit struct {
	ID          int64     `json:"id"`
	Score       float64   `json:"score"` // BM25 relevance, higher is better
	Exact       bool      `json:"exact"` // has the query's diacritics as typed (ranked first)
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	URL         string    `json:"url"`
	SourceID    int64     `json:"source_id"`
	PublishedAt time.Time `json:"published_at"`
	Lang        string    `json:"lang"`
	// Snippet is an excerpt of the text around the matches as HTML: text
	// escaped, matched words in <mark>...</mark>, safe to insert in a page.
	Snippet string `json:"snippet"`
	// Excerpt is the same excerpt as plain text, and Marks the byte spans
	// of the matched words in it, for terminals and other renderers.
	Excerpt string `json:"excerpt"`
	Marks   []Span `json:"marks"`
}

var (
	errBadRange error = apperr.Errorf(apperr.Invalid, "the time range is empty: since must be before until")
	errBadPage  error = apperr.Errorf(apperr.Invalid, "limit must be 1 to %d and offset at least 0", MaxLimit)
)

// Search returns one page of the posts matching q that pass f, best first:
// the posts with q's diacritics as typed, then the others, each ranked by
// BM25 and then newest first. Only the newest Options.Candidates matches of
// each of the two are ranked, which bounds the work for common words.
// Errors: apperr.Invalid for a bad filter or a query the store refuses;
// others from the store.
func (s *Service) Search(ctx context.Context, q Query, f Filter) ([]Hit, error) {
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return nil, errBadRange
	}
	if f.Limit == 0 {
		f.Limit = 20
	}
	if f.Limit < 0 || f.Limit > MaxLimit || f.Offset < 0 {
		return nil, errBadPage
	}
	ranked, err := s.rank(ctx, q, f)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", q.String(), err)
	}
	if f.Offset >= len(ranked) {
		return []Hit{}, nil
	}
	page := ranked[f.Offset:min(f.Offset+f.Limit, len(ranked))]
	return s.hits(ctx, q, page)
}

// rank finds and scores enough matches for the page f asks for.
func (s *Service) rank(ctx context.Context, q Query, f Filter) ([]scored, error) {
	all, none := q.storeQuery()
	var phrases []store.SearchPhrase
	for _, gp := range q.phrases() {
		phrases = append(phrases, store.SearchPhrase(gp.p.Words))
	}
	docs, df, err := s.st.SearchStats(ctx, phrases, s.opt.Probe)
	if err != nil {
		return nil, err
	}
	r := newRanker(q, docs, df)
	tiers := []store.SearchTier{store.AllMatches}
	if q.hasDiacritics() {
		tiers = []store.SearchTier{store.ExactMatches, store.OtherMatches}
	}
	var ranked []scored
	for _, tier := range tiers {
		if len(ranked) >= f.Offset+f.Limit {
			break
		}
		cands, err := s.st.SearchPosts(ctx, store.PostSearch{
			All: all, None: none, Tier: tier,
			Since: f.Since, Until: f.Until, SourceID: f.SourceID, Lang: f.Lang, StoryID: f.StoryID,
			Limit: s.opt.Candidates,
		})
		if err != nil {
			return nil, err
		}
		ranked = append(ranked, r.rank(cands, tier == store.ExactMatches)...)
	}
	return ranked, nil
}

// hits reads the posts of a page and builds their snippets.
func (s *Service) hits(ctx context.Context, q Query, page []scored) ([]Hit, error) {
	ids := make([]int64, len(page))
	byID := make(map[int64]scored, len(page))
	for i, sc := range page {
		ids[i] = sc.id
		byID[sc.id] = sc
	}
	posts, err := s.st.PostsByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, len(posts))
	for i, p := range posts {
		body := p.Text
		if body == "" {
			body = p.Title
		}
		ex, marks := excerpt(body, q.Matches(body))
		if marks == nil {
			marks = []Span{}
		}
		hits[i] = Hit{
			ID: p.ID, Score: byID[p.ID].score, Exact: byID[p.ID].exact,
			Title: p.Title, Text: p.Text, URL: p.URL, SourceID: p.SourceID,
			PublishedAt: p.PublishedAt, Lang: p.Lang,
			Snippet: SnippetHTML(ex, marks), Excerpt: ex, Marks: marks,
		}
	}
	return hits, nil
}

// Text parses query and searches with it; see Parse and Search.
func (s *Service) Text(ctx context.Context, query string, f Filter) ([]Hit, error) {
	q, err := Parse(query)
	if err != nil {
		return nil, err
	}
	return s.Search(ctx, q, f)
}
