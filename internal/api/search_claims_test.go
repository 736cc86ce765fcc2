package api

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store"
)

// TestSearchHitsCarrySuggestedClaims searches a real store with the real
// search service and matches the hits with a real claims index: the post
// repeating the false claim carries it, the post that only names the
// vaccine carries nothing.
func TestSearchHitsCarrySuggestedClaims(t *testing.T) {
	ix := match.New(match.Config{})
	ix.Upsert(claim.Claim{ID: 7, Text: "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ.", Verdict: claim.False, Lang: "vi",
		ReviewURL: "https://factcheck.example/vac-xin-vo-sinh", Publisher: "Kiểm chứng VN"})
	e := newEnv(t, func(d *Deps) {
		d.Searcher = search.New(d.Store.(*store.DB), search.Options{})
		d.Claims = ix
	})
	ctx := context.Background()
	src, err := e.db.EnsureSource(ctx, "test", "import", "Nhóm A")
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.db.UpsertPosts(ctx, []post.Post{
		{SourceID: src.ID, ExternalID: "1", ContentHash: "1", Lang: "vi", PublishedAt: t0, FetchedAt: t0,
			Text: "Cảnh báo: tiêm vắc xin COVID gây vô sinh ở phụ nữ, chia sẻ ngay!"},
		{SourceID: src.ID, ExternalID: "2", ContentHash: "2", Lang: "vi", PublishedAt: t0, FetchedAt: t0,
			Text: "Phường tổ chức tiêm vắc xin sởi cho trẻ em vào sáng thứ bảy tại trạm y tế."},
	})
	if err != nil {
		t.Fatal(err)
	}
	tok := e.token("viewer@example.org", "viewer", e.unit("Newsroom", 0))
	resp, body := e.call(http.MethodGet, "/api/v1/search?"+url.Values{"q": {"vắc xin"}}.Encode(), tok, "", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("search: %d %s", resp.StatusCode, body)
	}
	var out struct {
		Hits []struct {
			ID    int64           `json:"id"`
			Claim *suggestedClaim `json:"suggested_claim"`
		} `json:"hits"`
	}
	decode(t, body, &out)
	if len(out.Hits) != 2 {
		t.Fatalf("%d hits, want 2: %s", len(out.Hits), body)
	}
	for _, h := range out.Hits {
		switch h.ID {
		case res[0].ID:
			c := h.Claim
			if c == nil || c.ID != 7 || c.Verdict != "false" || c.Score < match.DefaultSuggestThreshold || c.Score > 1 ||
				len(c.Reasons) == 0 || c.ReviewURL == "" || c.Publisher != "Kiểm chứng VN" {
				t.Errorf("the rumour's suggested claim: %+v", c)
			}
		case res[1].ID:
			if h.Claim != nil {
				t.Errorf("a post that only names the vaccine suggests claim %d (score %.2f)", h.Claim.ID, h.Claim.Score)
			}
		default:
			t.Errorf("unknown hit %d", h.ID)
		}
	}
}
