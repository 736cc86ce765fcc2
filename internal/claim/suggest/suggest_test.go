package suggest

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/post"
)

func library() *match.Index {
	ix := match.New(match.Config{})
	ix.Upsert(claim.Claim{ID: 7, Text: "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ.", Title: "Vắc xin COVID-19 có gây vô sinh?", Verdict: claim.False, Lang: "vi"})
	ix.Upsert(claim.Claim{ID: 8, Text: "Drinking hot water with lemon cures cancer.", Verdict: claim.False, Lang: "en"})
	ix.Upsert(claim.Claim{ID: 9, Text: "Đà Nẵng phong tỏa toàn thành phố từ ngày 28 tháng 7.", Verdict: claim.True, Lang: "vi"})
	return ix
}

func TestBestSuggestsTheRepeatedClaimOnly(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	posts := []post.Post{
		{Text: "Cảnh báo: tiêm vắc xin COVID gây vô sinh ở phụ nữ, chia sẻ ngay!", Lang: "vi", PublishedAt: at},
		{Title: "Giá xăng", Text: "Giá xăng giảm nhẹ từ chiều nay", Lang: "vi", PublishedAt: at},
		{Text: "Doctors hide it: hot water with lemon cures cancer", Lang: "en", PublishedAt: at},
		{Lang: "en"}, // nothing to match
	}
	got := Best(context.Background(), library(), posts)
	if len(got) != len(posts) {
		t.Fatalf("%d suggestions for %d posts", len(got), len(posts))
	}
	for i, want := range []int64{7, 0, 8, 0} {
		switch s := got[i]; {
		case want == 0 && s != nil:
			t.Errorf("post %d: suggested claim %d (score %.2f), want none", i, s.Claim.ID, s.Score)
		case want != 0 && s == nil:
			t.Errorf("post %d: no suggestion, want claim %d", i, want)
		case want != 0 && (s.Claim.ID != want || s.Score < match.DefaultSuggestThreshold || s.Score > 1 || len(s.Reasons) == 0 || s.Claim.Verdict != claim.False):
			t.Errorf("post %d: %+v, want claim %d at or above the threshold with reasons", i, *s, want)
		}
	}
}

func TestBestWithoutMatcherOrAfterCancel(t *testing.T) {
	posts := []post.Post{{Text: "tiêm vắc xin COVID gây vô sinh ở phụ nữ", Lang: "vi"}}
	if got := Best(context.Background(), nil, posts); len(got) != 1 || got[0] != nil {
		t.Errorf("no matcher: %v", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := Best(ctx, library(), posts); len(got) != 1 || got[0] != nil {
		t.Errorf("cancelled: %v", got)
	}
}
