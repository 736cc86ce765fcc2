package suggest

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
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

// TestStoredComesFirst: a post with a stored match shows it (even where
// the index would find another claim); a post with none falls back to the
// index, and without an index gets nothing.
func TestStoredComesFirst(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	db := storetest.OpenSQLite(t, clock.NewFake(at))
	out, err := db.UpsertClaims(ctx, "test", []claim.Claim{{Text: "Nước chanh nóng chữa ung thư", Verdict: claim.Misleading, Lang: "vi"}})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := db.EnsureSource(ctx, "test", "import", "a")
	texts := []string{"Cảnh báo: tiêm vắc xin COVID gây vô sinh ở phụ nữ, chia sẻ ngay!", "Doctors hide it: hot water with lemon cures cancer"}
	var posts []post.Post
	for i, s := range texts {
		posts = append(posts, post.Post{SourceID: src.ID, ExternalID: s, ContentHash: s, Text: s, Lang: []string{"vi", "en"}[i], PublishedAt: at, FetchedAt: at})
	}
	res, err := db.UpsertPosts(ctx, posts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range posts {
		posts[i].ID = res[i].ID
	}
	if _, err := db.SaveClaimMatches(ctx, []store.ClaimMatch{{PostID: posts[0].ID, ClaimID: out[0].ID, Score: 0.66, Reasons: []string{"stored"}}}); err != nil {
		t.Fatal(err)
	}

	got, err := Stored{Store: db, Matcher: library()}.Best(ctx, posts)
	if err != nil || len(got) != 2 || got[0] == nil || got[0].Claim.ID != out[0].ID || got[0].Score != 0.66 || got[0].Reasons[0] != "stored" ||
		got[1] == nil || got[1].Claim.ID != 8 {
		t.Fatalf("with an index: %+v %v", got, err)
	}
	got, err = Stored{Store: db}.Best(ctx, posts)
	if err != nil || got[0] == nil || got[0].Claim.ID != out[0].ID || got[1] != nil {
		t.Fatalf("without an index: %+v %v", got, err)
	}
	all, err := Stored{Store: db, Matcher: library()}.All(ctx, posts[0], 5)
	if err != nil || len(all) != 1 || all[0].Claim.ID != out[0].ID {
		t.Fatalf("all of a stored post: %+v %v", all, err)
	}
	all, err = Stored{Store: db, Matcher: library()}.All(ctx, posts[1], 5)
	if err != nil || len(all) == 0 || all[0].Claim.ID != 8 {
		t.Fatalf("all of an unstored post: %+v %v", all, err)
	}
}
