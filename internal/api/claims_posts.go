package api

import (
	"net/http"
	"time"
)

// claimPostJSON is a stored post repeating a claim.
type claimPostJSON struct {
	PostID       int64     `json:"post_id"`
	Score        float64   `json:"score"`
	Reasons      []string  `json:"reasons"`
	MatchedAt    time.Time `json:"matched_at"`
	StoryID      int64     `json:"story_id,omitempty"`
	SourceID     int64     `json:"source_id"`
	URL          string    `json:"url,omitempty"`
	AuthorHandle string    `json:"author_handle,omitempty"`
	Title        string    `json:"title,omitempty"`
	Text         string    `json:"text"`
	Lang         string    `json:"lang,omitempty"`
	PublishedAt  time.Time `json:"published_at"`
}

// claimPosts handles GET /api/v1/claims/{id}/posts: the stored posts
// repeating a checked claim (at or above the suggestion threshold), latest
// published first, paged by limit and offset. Like the claims library,
// they are readable by every caller: posts are public and unscoped.
func (h *handler) claimPosts(w http.ResponseWriter, r *http.Request, _ *caller) {
	ctx := r.Context()
	id, err := pathID(r, "claim")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	limit, err := queryInt(q.Get("limit"), 50, 1, 500, "limit")
	var offset int
	if err == nil {
		offset, err = queryInt(q.Get("offset"), 0, 0, 1<<30, "offset")
	}
	if err == nil {
		_, err = h.store.Claim(ctx, id)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, total, err := h.store.ClaimPosts(ctx, id, limit, offset)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := struct {
		ClaimID int64           `json:"claim_id"`
		Items   []claimPostJSON `json:"items"`
		Total   int             `json:"total"`
		Limit   int             `json:"limit"`
		Offset  int             `json:"offset"`
	}{ClaimID: id, Items: []claimPostJSON{}, Total: total, Limit: limit, Offset: offset}
	for _, cp := range list {
		p := cp.Post
		reasons := cp.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		out.Items = append(out.Items, claimPostJSON{PostID: p.ID, Score: cp.Score, Reasons: reasons, MatchedAt: cp.MatchedAt, StoryID: cp.StoryID,
			SourceID: p.SourceID, URL: p.URL, AuthorHandle: p.AuthorHandle, Title: p.Title, Text: p.Text, Lang: p.Lang, PublishedAt: p.PublishedAt})
	}
	writeJSON(w, http.StatusOK, out)
}
