package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// TestClaimsImportAfterPosts imports posts first and the claims they
// repeat afterwards: the false claims raise a known_claim alert each,
// linked to the claim and naming its posts; a claim rated true stores its
// matches without an alert; a post stored more than 7 days ago is left
// alone; importing the claims again raises nothing new.
func TestClaimsImportAfterPosts(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // runCLI's clock
	db, err := store.Open(ctx, store.Options{DataDir: dir, Clock: clock.NewFake(now.Add(-8 * 24 * time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	src, _ := db.EnsureSource(ctx, "test", "import", "old")
	oldText := "5G towers spread the coronavirus, they admit it"
	if _, err := db.UpsertPosts(ctx, []post.Post{{SourceID: src.ID, ExternalID: "old", Text: oldText, ContentHash: text.ContentHash(oldText),
		Lang: "en", PublishedAt: now.Add(-8 * 24 * time.Hour), FetchedAt: now.Add(-8 * 24 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	posts := filepath.Join(dir, "posts.jsonl")
	write(t, posts, `{"id": "en", "text": "BREAKING: 5G towers spread the coronavirus. Share before they delete this!", "published_at": "2026-10-31T20:00:00Z"}
{"id": "vi", "text": "Uong nuoc chanh nong moi sang chua khoi ung thu, chia se ngay cho nguoi than!", "published_at": "2026-10-31T21:00:00Z"}
{"id": "true", "text": "On 11 March 2020 the WHO declared COVID-19 a pandemic, five years on", "published_at": "2026-10-31T22:00:00Z"}
{"id": "other", "text": "Heavy rain in Hue this afternoon, several streets flooded", "published_at": "2026-10-31T22:30:00Z"}
`)
	if out, errs, code := runCLI(t, "--data", dir, "import", "posts", posts); code != 0 || !strings.HasPrefix(out, "imported 4,") {
		t.Fatalf("import posts (%d): %s %s", code, out, errs)
	}
	claims := filepath.Join(dir, "claims.jsonl")
	lines := `{"text": "5G towers spread the coronavirus.", "verdict": "false", "lang": "en", "review_url": "https://factcheck.example.org/5g"}
{"text": "Uống nước chanh nóng chữa khỏi ung thư", "verdict": "false", "lang": "vi", "review_url": "https://kiemchung.example.vn/nuoc-chanh"}
{"text": "The WHO declared COVID-19 a pandemic on 11 March 2020.", "verdict": "true", "lang": "en", "review_url": "https://factcheck.example.org/who"}
`
	write(t, claims, lines)
	var sum claimsSummary
	out, errs, code := runCLI(t, "--data", dir, "claims", "import", "--json", claims)
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 0 {
		t.Fatalf("import claims (%d): %s %s", code, out, errs)
	}
	if sum.Imported != 3 || sum.Recent == nil || sum.Recent.Claims != 3 || sum.Recent.Posts < 3 || sum.Recent.Matches < 3 || sum.Recent.Alerts != 2 {
		t.Fatalf("import claims: %s", out)
	}

	type alert struct {
		Kind    string `json:"kind"`
		Claim   *int64 `json:"claim"`
		Details struct {
			ClaimID   int64   `json:"claim_id"`
			ReviewURL string  `json:"review_url"`
			Posts     []int64 `json:"posts"`
		} `json:"details"`
	}
	listAlerts := func() []alert {
		t.Helper()
		out, errs, code := runCLI(t, "--data", dir, "alert", "list", "--json")
		var list []alert
		if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 {
			t.Fatalf("alert list (%d): %s %s", code, out, errs)
		}
		return list
	}
	list := listAlerts()
	if len(list) != 2 {
		t.Fatalf("alerts: %+v", list)
	}
	db, err = store.Open(ctx, store.Options{DataDir: dir, Clock: clock.NewFake(now)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[string]string{"https://factcheck.example.org/5g": "5G towers", "https://kiemchung.example.vn/nuoc-chanh": "Uong nuoc chanh"}
	for _, a := range list {
		if a.Kind != "known_claim" || a.Claim == nil || *a.Claim != a.Details.ClaimID || len(a.Details.Posts) != 1 || want[a.Details.ReviewURL] == "" {
			t.Fatalf("alert %+v", a)
		}
		ps, err := db.PostsByID(ctx, a.Details.Posts)
		if err != nil || len(ps) != 1 || !strings.Contains(ps[0].Text, want[a.Details.ReviewURL]) || ps[0].Text == oldText {
			t.Fatalf("alert %s names posts %+v %v", a.Details.ReviewURL, ps, err)
		}
		delete(want, a.Details.ReviewURL)
	}

	// The true claim's post has its match stored; the old post none.
	all, err := db.PostsPublished(ctx, now.Add(-30*24*time.Hour), time.Time{}, store.PublishedCursor{}, 100)
	if err != nil || len(all) != 5 {
		t.Fatalf("posts %d %v", len(all), err)
	}
	ids := make([]int64, len(all))
	for i, p := range all {
		ids[i] = p.ID
	}
	byPost, err := db.PostClaims(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		var urls []string
		for _, m := range byPost[p.ID] {
			urls = append(urls, m.Claim.ReviewURL)
		}
		switch {
		case p.Text == oldText || strings.Contains(p.Text, "Heavy rain"):
			if len(urls) != 0 {
				t.Errorf("post %q matched %v", p.Text, urls)
			}
		case strings.Contains(p.Text, "WHO"):
			if !slices.Contains(urls, "https://factcheck.example.org/who") {
				t.Errorf("the true claim's post matched %v", urls)
			}
		}
	}

	// Again: nothing changes, nothing is matched. Edited: matched, no new alert.
	out, _, code = runCLI(t, "--data", dir, "claims", "import", claims)
	if code != 0 || out != "imported 0, updated 0, unchanged 3, rejected 0\n" {
		t.Fatalf("again (%d): %q", code, out)
	}
	write(t, claims, strings.Replace(lines, `"verdict": "false", "lang": "en"`, `"verdict": "false", "lang": "en", "summary": "No: radio waves do not carry viruses."`, 1))
	out, _, code = runCLI(t, "--data", dir, "claims", "import", claims)
	if code != 0 || !strings.Contains(out, "updated 1,") || !strings.Contains(out, "recent posts: ") || !strings.HasSuffix(out, ", 0 alerts\n") {
		t.Fatalf("edited (%d): %q", code, out)
	}
	if list := listAlerts(); len(list) != 2 {
		t.Fatalf("alerts after the edit: %+v", list)
	}
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
