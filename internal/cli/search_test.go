package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

func TestSearchCommand(t *testing.T) {
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
	mk := func(ext, title, body string, age time.Duration, lang string) post.Post {
		return post.Post{SourceID: src.ID, ExternalID: ext, Title: title, Text: body, ContentHash: ext, Lang: lang,
			URL: "https://example.org/" + ext, PublishedAt: now.Add(-age), FetchedAt: now}
	}
	if _, err := db.UpsertPosts(ctx, []post.Post{
		mk("a", "Bão số 5", "Bão đổ bộ Đà Nẵng <chiều nay>", time.Hour, "vi"),
		mk("b", "", "Da Nang evacuates residents", 48*time.Hour, "en"),
		mk("c", "", "Mưa lớn ở Huế", time.Hour, "vi"),
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	out, errs, code := runCLI(t, "--data", dir, "search", "--json", "da", "nang")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(hits) != 2 {
		t.Fatalf("hits: %s", out)
	}
	for _, key := range []string{"id", "score", "text", "title", "url", "published_at", "snippet"} {
		if _, ok := hits[0][key]; !ok {
			t.Errorf("hit lacks %q: %v", key, hits[0])
		}
	}
	if s := hits[0]["snippet"].(string) + hits[1]["snippet"].(string); !strings.Contains(s, "<mark>Đà</mark> <mark>Nẵng</mark> &lt;chiều") {
		t.Errorf("snippets %q", s)
	}

	out, errs, code = runCLI(t, "--data", dir, "search", "--since", "24h", "--lang", "vi", "Đà Nẵng")
	if code != 0 || !strings.Contains(out, "#1  score ") || !strings.Contains(out, "exact") ||
		!strings.Contains(out, "Bão đổ bộ [Đà] [Nẵng] <chiều nay>") || strings.Contains(out, "evacuates") {
		t.Fatalf("human output (%d, %s):\n%s", code, errs, out)
	}
	if out, _, code := runCLI(t, "--data", dir, "search", "tin giả"); code != 0 || out != "no posts found\n" {
		t.Fatalf("no hits (%d): %q", code, out)
	}
	for _, args := range [][]string{{"da nang -bão"}, {"--", "da", "nang", "-bão"}, {"--json", "--", "da", "-bão", "nang"}} {
		if out, errs, code := runCLI(t, append([]string{"--data", dir, "search"}, args...)...); code != 0 || !strings.Contains(out, "evacuates") || strings.Contains(out, "Bão") {
			t.Errorf("%q: exit %d, %q, %q", args, code, out, errs)
		}
	}
	if _, errs, code := runCLI(t, "--data", dir, "search", "da", "nang", "-bão"); code != 2 || !strings.Contains(errs, "put -- before it") {
		t.Errorf("unquoted exclusion: exit %d, %q", code, errs)
	}
	for _, args := range [][]string{{`"`}, {"--", "-bão"}, {"--since", "soon", "bão"}, {"--limit", "0", "bão"}, {}} {
		if _, errs, code := runCLI(t, append([]string{"--data", dir, "search"}, args...)...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
}

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":                     {},
		"24h":                  now.Add(-24 * time.Hour),
		"90m":                  now.Add(-90 * time.Minute),
		"7d":                   now.AddDate(0, 0, -7),
		"2026-10-30":           time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC),
		"2026-10-30T08:00":     time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC),
		"2026-10-30T08:00:00Z": time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC),
	} {
		if got, err := parseWhen(in, now); err != nil || !got.Equal(want) {
			t.Errorf("parseWhen(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"soon", "-5h", "x7d"} {
		if _, err := parseWhen(in, now); err == nil {
			t.Errorf("parseWhen(%q) accepted", in)
		}
	}
}
