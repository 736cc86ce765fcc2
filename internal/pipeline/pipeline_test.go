package pipeline_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/config"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// TestStoriesAndAlertsSurviveRestart runs the whole pipeline in process: a
// burst of near-duplicate posts lands in one story and raises an alert, and
// after a restart the rebuilt index puts a new repeat in the same story.
func TestStoriesAndAlertsSurviveRestart(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	c := clock.NewFake(now)
	db := storetest.OpenSQLite(t, c)
	cfg := config.Config{DataDir: t.TempDir()}
	ctx := context.Background()
	src, err := db.EnsureSource(ctx, "test", "import", "test")
	if err != nil {
		t.Fatal(err)
	}
	mk := func(i int, text string, at time.Time) post.Post {
		p := post.Post{SourceID: src.ID, ExternalID: fmt.Sprint(i), Text: text, AuthorHandle: fmt.Sprintf("@u%d", i), PublishedAt: at}
		if err := intake.Normalize(&p, now); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rumour := "Nhà máy nước Cầu Đỏ bị nhiễm độc, người dân Đà Nẵng không được dùng nước máy từ tối nay"
	var posts []post.Post
	for i := range 25 { // a burst, minutes before the clock
		text := rumour
		if i%2 == 0 {
			text = "NONG: nha may nuoc Cau Do bi nhiem doc, nguoi dan Da Nang khong duoc dung nuoc may tu toi nay"
		}
		posts = append(posts, mk(i, text, now.Add(-40*time.Minute+time.Duration(i)*20*time.Second)))
	}
	for i := range 40 { // background, other subjects
		posts = append(posts, mk(100+i, fmt.Sprintf("Tin thường ngày số %d về giao thông và thời tiết ở quận %d", i, i%7), now.Add(-6*time.Hour+time.Duration(i)*7*time.Minute)))
	}
	p, err := pipeline.Open(ctx, pipeline.Options{Config: cfg, Store: db, Logger: slog.New(slog.DiscardHandler), Clock: c})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := p.Submit(ctx, posts, nil)
	if err != nil || sum.Imported != len(posts) {
		t.Fatalf("submit: %+v %v", sum, err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 25)
	for i := range ids {
		ids[i] = sum.Outcomes[i].ID
	}
	stories, err := db.PostStoryIDs(ctx, ids)
	if err != nil || len(stories) != 25 {
		t.Fatalf("burst stories: %v %v", stories, err)
	}
	burst := stories[ids[0]]
	for _, s := range stories {
		if s != burst {
			t.Fatalf("the burst split into several stories: %v", stories)
		}
	}
	alerts, err := db.Alerts(ctx, store.AlertFilter{})
	if err != nil || len(alerts) == 0 {
		t.Fatalf("no alert for the burst: %v", err)
	}
	named := false
	for _, a := range alerts {
		if a.StoryID == burst {
			named = true
		}
	}
	if !named {
		t.Fatalf("alerts do not name the burst's story %d: %+v", burst, alerts)
	}

	// Restart: the index is rebuilt from the store.
	p, err = pipeline.Open(ctx, pipeline.Options{Config: cfg, Store: db, Logger: slog.New(slog.DiscardHandler), Clock: c})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	sum, err = p.Submit(ctx, []post.Post{mk(999, rumour+" #chiase", now)}, nil)
	if err != nil || sum.Imported != 1 {
		t.Fatalf("after restart: %+v %v", sum, err)
	}
	again, err := db.PostStoryIDs(ctx, []int64{sum.Outcomes[0].ID})
	if err != nil || again[sum.Outcomes[0].ID] != burst {
		t.Fatalf("repeat after restart went to story %v, want %d", again, burst)
	}
}
