package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source/connector"
)

// DefaultAPI is the public Bluesky AppView, which serves getAuthorFeed
// without authentication.
const DefaultAPI = "https://public.api.bsky.app"

// MaxPages bounds how many pages one Fetch reads to catch up.
const MaxPages = 5

// AuthorFeed polls one account's posts (and reposts) with getAuthorFeed.
//
// Source: URL is https://bsky.app/profile/HANDLE-or-DID; Cursor is the
// newest indexedAt seen (RFC 3339); settings "api" overrides DefaultAPI,
// "filter" is passed through (e.g. posts_no_replies).
type AuthorFeed struct {
	deps connector.Deps
}

// NewAuthorFeed returns a poller; zero fields of deps get defaults.
func NewAuthorFeed(deps connector.Deps) *AuthorFeed {
	return &AuthorFeed{deps: deps.WithDefaults()}
}

// feedPage is the getAuthorFeed answer.
type feedPage struct {
	Cursor string            `json:"cursor"`
	Feed   []json.RawMessage `json:"feed"`
}

// FeedItem is one entry of an author feed.
type FeedItem struct {
	Post struct {
		URI         string `json:"uri"`
		Author      Author `json:"author"`
		Record      Record `json:"record"`
		ReplyCount  int64  `json:"replyCount"`
		RepostCount int64  `json:"repostCount"`
		LikeCount   int64  `json:"likeCount"`
		QuoteCount  int64  `json:"quoteCount"`
		IndexedAt   string `json:"indexedAt"`
	} `json:"post"`
	Reason *struct {
		Type      string `json:"$type"`
		By        Author `json:"by"`
		IndexedAt string `json:"indexedAt"`
	} `json:"reason"`
}

// Author is a post's author.
type Author struct {
	DID    string `json:"did"`
	Handle string `json:"handle"`
}

// sortTime is when the item entered the feed: the repost time for reposts.
func (it FeedItem) sortTime() (time.Time, bool) {
	s := it.Post.IndexedAt
	if it.Reason != nil && it.Reason.IndexedAt != "" {
		s = it.Reason.IndexedAt
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

func (it FeedItem) pinned() bool {
	return it.Reason != nil && it.Reason.Type == "app.bsky.feed.defs#reasonPin"
}

// ToPost maps a feed item. A repost becomes the reposted post with a note.
func (it FeedItem) ToPost(now time.Time) (post.Post, error) {
	ref, err := ParseATURI(it.Post.URI)
	if err != nil {
		return post.Post{}, err
	}
	ref.Handle = it.Post.Author.Handle
	fallback, _ := time.Parse(time.RFC3339Nano, it.Post.IndexedAt)
	if fallback.IsZero() {
		fallback = now
	}
	p := it.Post.Record.ToPost(ref, fallback, now)
	p.Metrics = map[string]int64{
		"replies": it.Post.ReplyCount,
		"reposts": it.Post.RepostCount,
		"likes":   it.Post.LikeCount,
		"quotes":  it.Post.QuoteCount,
	}
	if it.Reason != nil && it.Reason.Type == "app.bsky.feed.defs#reasonRepost" {
		p.Notes = append(p.Notes, "reposted by "+firstNonEmpty(it.Reason.By.Handle, it.Reason.By.DID))
	}
	return p, nil
}

// Fetch returns the account's feed items newer than src.Cursor, oldest
// first, following the API cursor for up to MaxPages pages. Without a
// cursor it returns the first page only (no backfill).
func (a *AuthorFeed) Fetch(ctx context.Context, src connector.Source) (connector.Result, error) {
	res := connector.Result{Cursor: src.Cursor}
	actor, err := ParseProfileURL(src.URL)
	if err != nil {
		return res, err
	}
	var mark time.Time
	if src.Cursor != "" {
		if mark, err = time.Parse(time.RFC3339Nano, src.Cursor); err != nil {
			return res, fmt.Errorf("bluesky: cursor %q is not a time: %w", src.Cursor, err)
		}
	}
	newest := mark
	apiCursor := ""
	now := a.deps.Clock.Now()
	for page := 0; page < MaxPages; page++ {
		fp, err := a.page(ctx, src, actor, apiCursor)
		if err != nil {
			res.RetryAfter = connector.RetryAfterOf(err)
			return res, err
		}
		reachedSeen := false
		for i, raw := range fp.Feed {
			var it FeedItem
			if err := json.Unmarshal(raw, &it); err != nil {
				res.Skipped = append(res.Skipped, fmt.Errorf("bluesky: %s feed item %d: %w", actor, i, err))
				continue
			}
			at, ok := it.sortTime()
			if ok && !mark.IsZero() && !at.After(mark) {
				if !it.pinned() {
					reachedSeen = true
				}
				continue
			}
			p, err := it.ToPost(now)
			if err != nil {
				res.Skipped = append(res.Skipped, fmt.Errorf("bluesky: %s feed item %d: %w", actor, i, err))
				continue
			}
			if r, dropped := connector.CapRawBytes(raw); !dropped {
				p.Raw = r
			}
			p.SourceID = src.ID
			res.Posts = append(res.Posts, p)
			if ok && at.After(newest) {
				newest = at
			}
		}
		if mark.IsZero() || reachedSeen || fp.Cursor == "" || len(fp.Feed) == 0 {
			break
		}
		apiCursor = fp.Cursor
	}
	if !newest.IsZero() {
		res.Cursor = newest.UTC().Format(time.RFC3339Nano)
	}
	sort.SliceStable(res.Posts, func(i, j int) bool { return res.Posts[i].PublishedAt.Before(res.Posts[j].PublishedAt) })
	res.Posts = dedupe(res.Posts)
	return res, nil
}

func (a *AuthorFeed) page(ctx context.Context, src connector.Source, actor, cursor string) (feedPage, error) {
	api := src.Setting("api")
	if api == "" {
		api = DefaultAPI
	}
	q := url.Values{"actor": {actor}, "limit": {"50"}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if f := src.Setting("filter"); f != "" {
		q.Set("filter", f)
	}
	u := api + "/xrpc/app.bsky.feed.getAuthorFeed?" + q.Encode()
	h := http.Header{"Accept": {"application/json"}}
	resp, err := a.deps.Get(ctx, u, h)
	var he *connector.HTTPError
	switch {
	case errors.As(err, &he):
		if he.StatusCode == http.StatusBadRequest {
			he.Hint = fmt.Sprintf("is %s an existing Bluesky account? (%s)", actor, he.Body)
		}
		return feedPage{}, fmt.Errorf("bluesky: %w", err)
	case err != nil:
		return feedPage{}, fmt.Errorf("bluesky: fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return feedPage{}, fmt.Errorf("bluesky: read %s: %w", u, err)
	}
	var fp feedPage
	if err := json.Unmarshal(b, &fp); err != nil {
		return feedPage{}, fmt.Errorf("bluesky: %s: not an author feed: %w", u, err)
	}
	return fp, nil
}

// dedupe drops repeated ExternalIDs (a post and its repost), keeping the first.
func dedupe(posts []post.Post) []post.Post {
	seen := map[string]bool{}
	out := posts[:0]
	for _, p := range posts {
		if seen[p.ExternalID] {
			continue
		}
		seen[p.ExternalID] = true
		out = append(out, p)
	}
	return out
}
