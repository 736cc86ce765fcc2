package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/i18n"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// Searcher finds posts for the Search page; a thin adapter over the search
// service satisfies it (see SearcherFunc).
type Searcher interface {
	// Search parses query (words, "phrases", -exclusions, OR) and returns
	// one page of the posts that match and pass f, best first. Errors:
	// apperr.Invalid for a query with no word to look for or over the
	// limits; others are internal.
	Search(ctx context.Context, query string, f SearchFilter) ([]SearchHit, error)
}

// SearcherFunc is a function that is a Searcher.
type SearcherFunc func(ctx context.Context, query string, f SearchFilter) ([]SearchHit, error)

// Search calls fn.
func (fn SearcherFunc) Search(ctx context.Context, query string, f SearchFilter) ([]SearchHit, error) {
	return fn(ctx, query, f)
}

// SearchFilter narrows a search; zero fields do not filter.
type SearchFilter struct {
	Since    time.Time // published at or after
	SourceID int64
	Lang     string // "vi", "en"
	Limit    int    // hits per page
	Offset   int    // hits to skip
}

// SearchHit is one post found.
type SearchHit struct {
	PostID      int64
	Score       float64 // higher is better, within one result list
	Title       string
	Text        string
	URL         string
	SourceID    int64
	PublishedAt time.Time
	Lang        string
	// SnippetHTML is an excerpt around the matches as HTML: the text
	// escaped, the matched words in <mark>…</mark>. Any other markup is
	// escaped again before it is shown. Empty: the page shows Text.
	SnippetHTML string
}

// SearchStore is what the Search page needs from the database beyond the
// searcher. *store.DB satisfies it.
type SearchStore interface {
	// PostStoryIDs returns the story of each of the posts that has one.
	PostStoryIDs(ctx context.Context, postIDs []int64) (map[int64]int64, error)
	// Sources lists the sources that are not removed.
	Sources(ctx context.Context) ([]store.Source, error)
	// PostClaims returns the stored claim matches of each of the posts
	// that has any, best first.
	PostClaims(ctx context.Context, postIDs []int64) (map[int64][]store.PostClaim, error)
}

// SearchDeps turn the Search placeholder into the Search page (/search).
type SearchDeps struct {
	Searcher Searcher
	Store    SearchStore
	// Claims, when set, matches against the claims library each hit shown
	// that has no stored claim match (see suggest.Stored): a hit whose best
	// claim scores at least the suggestion threshold shows that claim.
	Claims ClaimMatcher
}

// searchUI serves the Search page.
type searchUI struct {
	h        *Handler
	searcher Searcher
	store    SearchStore
	claims   ClaimMatcher
}

// Search page settings.
const (
	searchPerPage  = 20
	searchMaxPages = 50
	searchMaxBytes = 1024 // longer queries are refused before searching
)

// searchArea builds the Search area with its own mux under /search.
func (h *Handler) searchArea(d SearchDeps) (Area, error) {
	if d.Searcher == nil || d.Store == nil {
		return Area{}, errors.New("web: SearchDeps.Searcher and SearchDeps.Store are required")
	}
	ui := &searchUI{h: h, searcher: d.Searcher, store: d.Store, claims: d.Claims}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /search", ui.search)
	mux.HandleFunc("/search/", h.notFound)
	return Area{Path: "/search", Key: "nav.search", Handler: mux}, nil
}

// searchPage is the data of the Search page.
type searchPage struct {
	Query    string
	Since    []filterOption
	Langs    []filterOption
	Sources  []sourceOption
	Searched bool   // a query was run
	MsgKey   string // why nothing was searched: blank or invalid query
	Hits     []hitRow
	From     int // rank of the first hit shown
	PrevURL  string
	NextURL  string
}

// sourceOption is a source in the filter.
type sourceOption struct {
	ID       int64
	Name     string
	Selected bool
}

// hitRow is one hit as the page shows it.
type hitRow struct {
	PostID     int64
	Title      string
	Snippet    template.HTML
	URL        string
	Score      string
	Published  moment
	SourceName string
	Lang       string
	StoryID    int64
	Claim      *claimSuggestion // the checked claim the post may repeat
}

// sinceOption is a choice of the time filter: posts published in the
// last Span ("" and 0 for any time).
type sinceOption struct {
	Value string
	Span  time.Duration
}

// searchSince are the choices of the time filter.
func searchSince() []sinceOption {
	return []sinceOption{{"", 0}, {"1h", time.Hour}, {"24h", 24 * time.Hour}, {"7d", 7 * 24 * time.Hour}, {"30d", 30 * 24 * time.Hour}}
}

// search handles GET /search: the form, and with ?q= the hits (filters
// ?since=, ?lang=, ?source=, paging ?page=).
func (ui *searchUI) search(w http.ResponseWriter, r *http.Request) {
	ctx, lang, q := r.Context(), ui.h.locale(r), r.URL.Query()
	p, f, err := ui.form(ctx, q)
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("search: %w", err))
		return
	}
	status := http.StatusOK
	switch {
	case !q.Has("q"):
	case strings.TrimSpace(p.Query) == "":
		p.MsgKey = "search.msg.empty"
	case len(p.Query) > searchMaxBytes:
		p.MsgKey, status = "search.msg.too_long", http.StatusBadRequest
	default:
		page := min(pageNumber(r), searchMaxPages)
		f.Limit, f.Offset = searchPerPage+1, (page-1)*searchPerPage
		hits, err := ui.searcher.Search(ctx, p.Query, f)
		if apperr.CodeOf(err) == apperr.Invalid {
			p.MsgKey, status = "search.msg.invalid", http.StatusBadRequest
			break
		}
		if err != nil {
			ui.h.fail(w, r, fmt.Errorf("search: %w", err))
			return
		}
		if err := ui.fillHits(ctx, lang, &p, hits, page, q); err != nil {
			ui.h.fail(w, r, fmt.Errorf("search: %w", err))
			return
		}
	}
	ui.h.render(w, r, status, "search", "nav.search", p)
}

// form reads the query and filters into the page and a SearchFilter.
func (ui *searchUI) form(ctx context.Context, q url.Values) (searchPage, SearchFilter, error) {
	p := searchPage{Query: q.Get("q")}
	var f SearchFilter
	since := q.Get("since")
	for _, s := range searchSince() {
		sel := s.Value == since
		if sel && s.Span > 0 {
			f.Since = ui.h.clock.Now().Add(-s.Span)
		}
		p.Since = append(p.Since, filterOption{Value: s.Value, Key: "search.since." + cmp.Or(s.Value, "any"), Selected: sel})
	}
	lang := q.Get("lang")
	for _, l := range []string{"", i18n.Vietnamese, i18n.English} {
		sel := l == lang
		if sel {
			f.Lang = l
		}
		p.Langs = append(p.Langs, filterOption{Value: l, Key: "search.lang." + cmp.Or(l, "any"), Selected: sel})
	}
	sources, err := ui.store.Sources(ctx)
	if err != nil {
		return p, f, fmt.Errorf("list sources: %w", err)
	}
	slices.SortFunc(sources, func(a, b store.Source) int { return cmp.Compare(a.Name, b.Name) })
	src, _ := strconv.ParseInt(q.Get("source"), 10, 64)
	for _, s := range sources {
		sel := s.ID == src
		if sel {
			f.SourceID = s.ID
		}
		p.Sources = append(p.Sources, sourceOption{ID: s.ID, Name: s.Name, Selected: sel})
	}
	return p, f, nil
}

// fillHits turns one page of hits (one more than a page when there is a
// next) into rows with their sources and stories.
func (ui *searchUI) fillHits(ctx context.Context, lang string, p *searchPage, hits []SearchHit, page int, q url.Values) error {
	p.Searched = true
	more := len(hits) > searchPerPage
	hits = hits[:min(len(hits), searchPerPage)]
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.PostID
	}
	stories, err := ui.store.PostStoryIDs(ctx, ids)
	if err != nil {
		return fmt.Errorf("stories of hits: %w", err)
	}
	names := make(map[int64]string, len(p.Sources))
	for _, s := range p.Sources {
		names[s.ID] = s.Name
	}
	claims, err := postClaims(ctx, ui.store, ui.claims, hitPosts(hits))
	if err != nil {
		return err
	}
	for i, h := range hits {
		row := hitRow{PostID: h.PostID, Title: h.Title, URL: h.URL, Score: formatFixed(lang, h.Score, 2),
			Published: ui.h.ago(lang, h.PublishedAt), SourceName: ui.h.sourceName(lang, names, h.SourceID),
			Lang: htmlLang(h.Lang), StoryID: stories[h.PostID], Snippet: safeSnippet(h.SnippetHTML)}
		if h.SnippetHTML == "" {
			row.Snippet = template.HTML(template.HTMLEscapeString(truncate(h.Text, storyTextRunes)))
		}
		if claims != nil {
			row.Claim = claims[i]
		}
		p.Hits = append(p.Hits, row)
	}
	p.From = (page-1)*searchPerPage + 1
	keep := url.Values{"q": {p.Query}, "since": {q.Get("since")}, "lang": {q.Get("lang")}, "source": {q.Get("source")}}
	if page > 1 {
		p.PrevURL = pageURL("/search", keep, page-1)
	}
	if more && page < searchMaxPages {
		p.NextURL = pageURL("/search", keep, page+1)
	}
	return nil
}

// hitPosts is what claim matching reads of the hits: the full title and
// text, language and publication time.
func hitPosts(hits []SearchHit) []post.Post {
	out := make([]post.Post, len(hits))
	for i, h := range hits {
		out[i] = post.Post{ID: h.PostID, Title: h.Title, Text: h.Text, Lang: h.Lang, PublishedAt: h.PublishedAt}
	}
	return out
}
