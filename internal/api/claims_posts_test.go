package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store"
)

// TestClaimPostsAndStoredSuggestions: with the matches a worker's claims
// stage stored and no claims index in this process (a scale-out serve),
// GET /claims/{id}/posts lists the posts latest first and search hits
// carry the stored claim.
func TestClaimPostsAndStoredSuggestions(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.Searcher = search.New(d.Store.(*store.DB), search.Options{}) })
	ctx := context.Background()
	out, err := e.db.UpsertClaims(ctx, "test", []claim.Claim{
		{Text: "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ.", Verdict: claim.False, Lang: "vi", Publisher: "Kiểm chứng VN"},
		{Text: "Đập thủy điện sắp vỡ", Verdict: claim.False, Lang: "vi"},
	})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := e.db.EnsureSource(ctx, "test", "import", "Nhóm A")
	var ps []post.Post
	for i := range 3 {
		s := fmt.Sprintf("Cảnh báo: tiêm vắc xin COVID gây vô sinh ở phụ nữ (%d)", i)
		ps = append(ps, post.Post{SourceID: src.ID, ExternalID: s, ContentHash: s, Text: s, Lang: "vi", URL: fmt.Sprintf("https://social.example/%d", i),
			AuthorHandle: "@nhom_a", PublishedAt: t0.Add(time.Duration(i) * time.Hour), FetchedAt: t0})
	}
	res, err := e.db.UpsertPosts(ctx, ps)
	if err != nil {
		t.Fatal(err)
	}
	var ms []store.ClaimMatch
	for i, r := range res {
		ms = append(ms, store.ClaimMatch{PostID: r.ID, ClaimID: out[0].ID, Score: []float64{0.7, 0.8, 0.9}[i], Reasons: []string{"shares 6 words"}})
	}
	if _, err := e.db.SaveClaimMatches(ctx, ms); err != nil {
		t.Fatal(err)
	}
	tok := e.token("viewer@example.org", "viewer", e.unit("Newsroom", 0))

	var page struct {
		ClaimID int64 `json:"claim_id"`
		Items   []struct {
			PostID       int64     `json:"post_id"`
			Score        float64   `json:"score"`
			Reasons      []string  `json:"reasons"`
			SourceID     int64     `json:"source_id"`
			URL          string    `json:"url"`
			AuthorHandle string    `json:"author_handle"`
			Text         string    `json:"text"`
			PublishedAt  time.Time `json:"published_at"`
			MatchedAt    time.Time `json:"matched_at"`
		} `json:"items"`
		Total, Limit, Offset int
	}
	resp, body := e.call(http.MethodGet, fmt.Sprintf("/api/v1/claims/%d/posts?limit=2", out[0].ID), tok, "", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("claim posts: %d %s", resp.StatusCode, body)
	}
	decode(t, body, &page)
	if page.ClaimID != out[0].ID || page.Total != 3 || page.Limit != 2 || len(page.Items) != 2 || page.Items[0].PostID != res[2].ID || page.Items[1].PostID != res[1].ID {
		t.Fatalf("page %+v", page)
	}
	first := page.Items[0]
	if first.Score != 0.9 || len(first.Reasons) != 1 || first.SourceID != src.ID || first.URL != "https://social.example/2" || first.AuthorHandle != "@nhom_a" ||
		!first.PublishedAt.Equal(t0.Add(2*time.Hour)) || first.MatchedAt.IsZero() {
		t.Errorf("first item %+v", first)
	}
	resp, body = e.call(http.MethodGet, fmt.Sprintf("/api/v1/claims/%d/posts?offset=2", out[0].ID), tok, "", "")
	if decode(t, body, &page); resp.StatusCode != http.StatusOK || len(page.Items) != 1 || page.Items[0].PostID != res[0].ID {
		t.Errorf("second page: %d %s", resp.StatusCode, body)
	}
	resp, body = e.call(http.MethodGet, fmt.Sprintf("/api/v1/claims/%d/posts", out[1].ID), tok, "", "")
	if decode(t, body, &page); resp.StatusCode != http.StatusOK || page.Total != 0 || page.Items == nil || len(page.Items) != 0 {
		t.Errorf("a claim no post repeats: %d %s", resp.StatusCode, body)
	}
	for path, want := range map[string]int{"/claims/999999/posts": 404, "/claims/x/posts": 404, fmt.Sprintf("/claims/%d/posts?limit=0", out[0].ID): 400} {
		if resp, body := e.call(http.MethodGet, "/api/v1"+path, tok, "", ""); resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d: %s", path, resp.StatusCode, want, body)
		}
	}

	resp, body = e.call(http.MethodGet, "/api/v1/search?"+url.Values{"q": {"vô sinh"}}.Encode(), tok, "", "")
	var hits struct {
		Hits []struct {
			ID    int64           `json:"id"`
			Claim *suggestedClaim `json:"suggested_claim"`
		} `json:"hits"`
	}
	if decode(t, body, &hits); resp.StatusCode != http.StatusOK || len(hits.Hits) != 3 {
		t.Fatalf("search: %d %s", resp.StatusCode, body)
	}
	for _, h := range hits.Hits {
		if c := h.Claim; c == nil || c.ID != out[0].ID || c.Verdict != "false" || c.Publisher != "Kiểm chứng VN" || c.Score < 0.7 {
			t.Errorf("hit %d: stored claim not suggested: %+v", h.ID, c)
		}
	}
}
