package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// claimPostsPageSize is how many posts repeating a claim one page lists.
const claimPostsPageSize = 50

// claimPosts is the "Posts repeating this claim" section of a claim's
// page: the stored matches (table post_claims), latest published first.
type claimPosts struct {
	Total      int
	Rows       []claimPostRow
	Prev, Next string // links to the neighbouring pages, "" at the ends
}

// claimPostRow is one post repeating the claim, with its public
// provenance and how well it matches.
type claimPostRow struct {
	PostID     int64
	StoryID    int64 // 0 until the post is clustered
	Text       string
	URL        string
	Handle     string
	SourceName string
	Lang       string
	Published  moment
	Score      string
}

// posts reads page n (from 1) of the posts repeating claim id.
func (ui *claimsUI) posts(ctx context.Context, lang string, id int64, page int) (claimPosts, error) {
	page = max(page, 1)
	list, total, err := ui.store.ClaimPosts(ctx, id, claimPostsPageSize, (page-1)*claimPostsPageSize)
	if err != nil {
		return claimPosts{}, err
	}
	out := claimPosts{Total: total}
	if len(list) == 0 {
		return out, nil
	}
	names, err := sourceNames(ctx, ui.store)
	if err != nil {
		return out, err
	}
	for _, cp := range list {
		p := cp.Post
		out.Rows = append(out.Rows, claimPostRow{PostID: p.ID, StoryID: cp.StoryID, Text: truncate(postText(p), storyTextRunes), URL: p.URL,
			Handle: p.AuthorHandle, SourceName: ui.h.sourceName(lang, names, p.SourceID), Lang: htmlLang(p.Lang),
			Published: ui.h.ago(lang, p.PublishedAt), Score: strconv.FormatFloat(cp.Score, 'f', 2, 64)})
	}
	link := func(n int) string {
		return fmt.Sprintf("/claims/%d?%s#posts", id, url.Values{"page": {strconv.Itoa(n)}}.Encode())
	}
	if page > 1 {
		out.Prev = link(page - 1)
	}
	if page*claimPostsPageSize < total {
		out.Next = link(page + 1)
	}
	return out, nil
}
