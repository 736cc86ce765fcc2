package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/claim/suggest"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/search"
)

// Searcher finds posts; *search.Service is one.
type Searcher interface {
	Text(ctx context.Context, query string, f search.Filter) ([]search.Hit, error)
}

// searchPosts handles GET /api/v1/search: full-text search over posts with
// the same query language as the UI and the CLI.
func (h *handler) searchPosts(w http.ResponseWriter, r *http.Request, _ *caller) {
	if h.searcher == nil {
		h.fail(w, r, apperr.Errorf(apperr.Unavailable, "search is not available in this process"))
		return
	}
	q := r.URL.Query()
	f, fields := h.searchFilter(q.Get)
	if q.Get("q") == "" {
		fields["q"] = "give a query in q"
	}
	if len(fields) > 0 {
		h.fail(w, r, apperr.InvalidFields(fields))
		return
	}
	hits, err := h.searcher.Text(r.Context(), q.Get("q"), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	withClaims, err := h.withClaims(r.Context(), hits)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Hits []searchHit `json:"hits"`
	}{withClaims})
}

// searchHit is a hit with the checked claim the post may repeat.
type searchHit struct {
	search.Hit
	Claim *suggestedClaim `json:"suggested_claim,omitempty"`
}

// suggestedClaim is a checked claim a post may repeat: its best match,
// scoring at least the suggestion threshold.
type suggestedClaim struct {
	ID        int64    `json:"id"`
	Text      string   `json:"text"`
	Verdict   string   `json:"verdict"`
	Score     float64  `json:"score"`
	Reasons   []string `json:"reasons"`
	ReviewURL string   `json:"review_url,omitempty"`
	Publisher string   `json:"publisher,omitempty"`
}

// claimsPerSearch bounds the hits of one answer matched against the
// claims: the first ones, as many as a page of the UI and more.
const claimsPerSearch = 100

// withClaims gives the first claimsPerSearch hits their suggested claims:
// the stored matches, else (where the claims matcher runs in this process)
// matched on view.
func (h *handler) withClaims(ctx context.Context, hits []search.Hit) ([]searchHit, error) {
	out := make([]searchHit, len(hits))
	posts := make([]post.Post, min(len(hits), claimsPerSearch))
	for i, hit := range hits {
		out[i].Hit = hit
		if i < len(posts) {
			posts[i] = post.Post{ID: hit.ID, Title: hit.Title, Text: hit.Text, Lang: hit.Lang, PublishedAt: hit.PublishedAt}
		}
	}
	best, err := suggest.Stored{Store: h.store, Matcher: h.claims}.Best(ctx, posts)
	if err != nil {
		return nil, err
	}
	for i, s := range best {
		if s != nil {
			c := s.Claim
			out[i].Claim = &suggestedClaim{ID: c.ID, Text: c.Text, Verdict: string(c.Verdict), Score: s.Score, Reasons: s.Reasons,
				ReviewURL: c.ReviewURL, Publisher: c.Publisher}
		}
	}
	return out, nil
}

// searchFilter reads the filter parameters and names each bad one.
func (h *handler) searchFilter(get func(string) string) (search.Filter, map[string]string) {
	var f search.Filter
	fields := map[string]string{}
	now := h.clock.Now()
	readTime := func(name string) time.Time {
		v := get(name)
		if v == "" {
			return time.Time{}
		}
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return now.Add(-d)
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			fields[name] = "want a duration such as 24h or an RFC 3339 time"
		}
		return t
	}
	readInt := func(name string) int64 {
		v := get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			fields[name] = "want a whole number of at least 0"
		}
		return n
	}
	f.Since, f.Until = readTime("since"), readTime("until")
	f.Lang = get("lang")
	f.SourceID, f.StoryID = readInt("source"), readInt("story")
	f.Limit, f.Offset = int(readInt("limit")), int(readInt("offset"))
	return f, fields
}
