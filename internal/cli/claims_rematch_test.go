package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// TestClaimsRematch stores posts before the claims they repeat are
// imported (so the pipeline matched them against an empty library), then
// rematches: the posts of the last 30 days get their rows, an older one
// only with a longer --since, a second run changes nothing, and no alert
// is raised.
func TestClaimsRematch(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	// The posts were stored more than 7 days ago, so that importing the
	// claims does not match them already (see TestClaimsImportAfterPosts).
	db, err := store.Open(ctx, store.Options{DataDir: dir, Clock: clock.NewFake(now.Add(-8 * 24 * time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	src, _ := db.EnsureSource(ctx, "test", "import", "file")
	mk := func(ext, body string, age time.Duration) post.Post {
		return post.Post{SourceID: src.ID, ExternalID: ext, Text: body, ContentHash: ext, Lang: "vi", PublishedAt: now.Add(-age), FetchedAt: now}
	}
	res, err := db.UpsertPosts(ctx, []post.Post{
		mk("a", "Cảnh báo: uống nước chanh nóng chữa khỏi ung thư, chia sẻ ngay cho người thân!", 2*time.Hour),
		mk("b", "Mưa lớn ở Huế chiều nay, nhiều tuyến đường ngập sâu", time.Hour),
		mk("c", "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư, bác sĩ giấu bạn", 60*24*time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(`{"text": "Uống nước chanh nóng chữa khỏi ung thư", "verdict": "false", "lang": "vi", "review_url": "https://kiemchung.example.vn/nuoc-chanh"}
{"text": "Giá xăng tăng 50% từ ngày mai", "rating_text": "Gây hiểu lầm", "lang": "vi"}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runCLI(t, "--data", dir, "claims", "import", claims); code != 0 {
		t.Fatalf("import claims: %s", errs)
	}

	var sum rematchSummary
	out, errs, code := runCLI(t, "--data", dir, "claims", "rematch", "--json")
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 0 {
		t.Fatalf("rematch (%d): %s %s", code, out, errs)
	}
	if sum.Posts != 2 || sum.Matched != 1 || sum.Written < 1 || sum.Deleted != 0 || sum.Claims == 0 || !sum.Since.Equal(now.Add(-30*24*time.Hour)) {
		t.Fatalf("first rematch: %+v", sum)
	}
	out, _, code = runCLI(t, "--data", dir, "claims", "rematch")
	if code != 0 || !strings.HasPrefix(out, "posts 2, matched 1, rows written 0, deleted 0 (") {
		t.Fatalf("second rematch (%d): %q", code, out)
	}
	out, _, _ = runCLI(t, "--data", dir, "claims", "rematch", "--since", "90d", "--json")
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Posts != 3 || sum.Matched != 2 {
		t.Fatalf("90 days: %s", out)
	}

	db, err = store.Open(ctx, store.Options{DataDir: dir, Clock: clock.NewFake(now)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	byPost, err := db.PostClaims(ctx, []int64{res[0].ID, res[1].ID, res[2].ID})
	if err != nil || len(byPost) != 2 || len(byPost[res[0].ID]) == 0 || !strings.Contains(byPost[res[0].ID][0].Claim.Text, "nước chanh") {
		t.Fatalf("stored matches %+v %v", byPost, err)
	}
	if alerts, err := db.Alerts(ctx, store.AlertFilter{}); err != nil || len(alerts) != 0 {
		t.Errorf("rematch raised alerts: %+v %v", alerts, err)
	}

	for _, args := range [][]string{{"--since", "soon"}, {"--since", "-1d"}} {
		if _, _, code := runCLI(t, append([]string{"--data", dir, "claims", "rematch"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
