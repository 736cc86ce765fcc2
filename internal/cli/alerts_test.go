package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

func TestAlertList(t *testing.T) {
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
	bucket := now.Add(-2 * time.Hour)
	d := signal.Details{Kind: signal.KindSpikeStory, Story: 12, Count: 48, Sources: 12, Expected: 3.2, StdDev: 1.9, BucketStart: bucket, BucketMinutes: 10}
	details, _ := json.Marshal(d)
	_, err = db.InsertAlerts(ctx, []store.Alert{
		{Kind: "spike_story", Key: "story:12", StoryID: 12, BucketStart: bucket, At: bucket.Add(9 * time.Minute), Score: 40,
			Explanation: signal.Explain(d, "en"), Details: details},
		{Kind: "spike_term", Key: "term:vaccine", BucketStart: now.Add(-72 * time.Hour), At: now.Add(-72 * time.Hour), Explanation: "term"},
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	out, errs, code := runCLI(t, "--data", dir, "alert", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(list) != 2 || list[0]["kind"] != "spike_story" || list[0]["story"] != 12.0 || list[1]["story"] != nil ||
		list[0]["explanation"] != "story 12: 48 posts from 12 sources in the last 10 min; usually 3 ± 2" ||
		list[0]["at"] != "2026-10-31T22:09:00Z" || list[0]["status"] != "open" || list[0]["details"].(map[string]any)["count"] != 48.0 {
		t.Fatalf("list %s", out)
	}

	out, _, code = runCLI(t, "--data", dir, "alert", "list", "--since", "24h", "--kind", "spike_story,new_story", "--status", "open", "--lang", "vi")
	if code != 0 || !strings.Contains(out, "chuỗi tin 12: 48 bài từ 12 nguồn trong 10 phút qua; thường 3 ± 2") || strings.Contains(out, "vaccine") {
		t.Fatalf("text list (%d):\n%s", code, out)
	}
	if out, _, _ := runCLI(t, "--data", dir, "alert", "list", "--status", "closed", "--json"); out != "" {
		t.Fatalf("bad status printed %q", out)
	}
	for _, args := range [][]string{{"--status", "closed"}, {"--kind", "rumour"}, {"--since", "soon"}, {"--lang", "fr"}} {
		if _, errs, code := runCLI(t, append([]string{"--data", dir, "alert", "list"}, args...)...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if out, _, _ := runCLI(t, "--data", dir, "alert", "list", "--story", "99", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list printed %q", out)
	}
}
