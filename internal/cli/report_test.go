package cli

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// TestReportCommand writes the report of a store in every text format and
// checks the totals against `factdesk stats`, and that bad flags and a
// missing Chromium are explained.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, store.Options{DataDir: dir, Clock: clock.NewFake(now)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	src, _ := db.EnsureSource(ctx, "test", "import", "file")
	var ps []post.Post
	for i, age := range []time.Duration{time.Hour, 30 * time.Hour, 10 * 24 * time.Hour} {
		ext := string(rune('a' + i))
		ps = append(ps, post.Post{SourceID: src.ID, ExternalID: ext, Text: "tin " + ext, ContentHash: ext, PublishedAt: now.Add(-age), FetchedAt: now})
	}
	if _, err := db.UpsertPosts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	db.Close()

	to := now.Format(time.RFC3339)
	out, errs, code := runCLI(t, "--data", dir, "report", "--format", "csv", "--to", to, "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if r[0] == "headline" {
			got[r[1]] = r[3] + "/" + r[4]
		}
	}
	if got["posts_total"] != "3/" || got["posts"] != "2/1" {
		t.Errorf("posts stored %q, in the last 7 days %q; want 3 and 2 (1 the week before)", got["posts_total"], got["posts"])
	}
	file := filepath.Join(t.TempDir(), "r.html")
	if _, errs, code := runCLI(t, "--data", dir, "report", "--to", to, "--from", "2d", "--out", file); code != 0 {
		t.Fatalf("html: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(file); !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), `data-key="posts_total"`) {
		t.Error("the HTML report lacks its charts or figures")
	}
	for _, bad := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--format", "docx"}, 2, "--format"},
		{[]string{"--from", "last tuesday"}, 2, "--from"},
		{[]string{"--lang", "fr"}, 2, "--lang"},
		{[]string{"--unit", "99"}, 1, "no unit 99"},
		{[]string{"--format", "pdf", "--chromium", filepath.Join(dir, "no-chromium")}, 1, "apt-get install -y chromium"},
	} {
		_, errs, code := runCLI(t, append([]string{"--data", dir, "report"}, bad.args...)...)
		if code != bad.code || !strings.Contains(errs, bad.want) {
			t.Errorf("report %v: exit %d, %q; want exit %d naming %q", bad.args, code, errs, bad.code, bad.want)
		}
	}
}
