package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestSourcesHealth(t *testing.T) {
	c := clock.NewFake(t0)
	storetest.Each(t, c, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, err := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "VnExpress", URL: "https://vnexpress.net/rss", Every: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "VnExpress", URL: "https://x"}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("duplicate name: %v", err)
		}
		due, err := db.DueSources(ctx, c.Now(), []string{"rss"})
		if err != nil || len(due) != 1 {
			t.Fatalf("due = %v, %v", due, err)
		}
		if err := db.RecordFetch(ctx, s.ID, store.FetchOutcome{Err: errors.New("rss: https://x is not a feed"), NextPollAt: t0.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Source(ctx, s.ID)
		if got.State != store.SourceFailing || got.LastError == "" || got.ConsecutiveFailures != 1 {
			t.Fatalf("after failure: %+v", got)
		}
		if due, _ := db.DueSources(ctx, c.Now(), []string{"rss"}); len(due) != 0 {
			t.Fatal("backed-off source is due")
		}
		if err := db.RecordFetch(ctx, s.ID, store.FetchOutcome{ETag: `"v2"`, Cursor: "c", NextPollAt: t0.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Source(ctx, s.ID)
		if got.State != store.SourceActive || got.LastError != "" || got.ETag != `"v2"` || got.LastSuccessAt.IsZero() {
			t.Fatalf("after success: %+v", got)
		}
		if err := db.SetSourceState(ctx, "test", s.ID, store.SourcePaused); err != nil {
			t.Fatal(err)
		}
		if err := db.SetSourceState(ctx, "test", s.ID, store.SourceRemoved); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.Sources(ctx); len(list) != 0 {
			t.Fatalf("removed source listed: %v", list)
		}
		if err := db.SetSourceState(ctx, "test", s.ID, store.SourceActive); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("resume removed: %v", err)
		}
		// The name is free again once removed.
		if _, err := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "VnExpress", URL: "https://x"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUpsertPostsIdempotent(t *testing.T) {
	storetest.Each(t, clock.NewFake(t0), func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src, err := db.EnsureSource(ctx, "test", "import", "file")
		if err != nil {
			t.Fatal(err)
		}
		again, err := db.EnsureSource(ctx, "test", "import", "file")
		if err != nil || again.ID != src.ID {
			t.Fatalf("EnsureSource twice: %v %v", again.ID, err)
		}
		mk := func(ext, text string) post.Post {
			return post.Post{SourceID: src.ID, ExternalID: ext, Text: text, ContentHash: "h-" + text,
				PublishedAt: t0, FetchedAt: t0, Metrics: map[string]int64{"reblogs": 3}, Raw: make([]byte, store.MaxRawBytes+10)}
		}
		batch := []post.Post{mk("1", "Tin giả về vắc-xin"), mk("2", "Đà Nẵng mưa lớn")}
		res, err := db.UpsertPosts(ctx, batch)
		if err != nil || res[0].Status != store.Inserted || res[1].Status != store.Inserted {
			t.Fatalf("first: %+v %v", res, err)
		}
		res, err = db.UpsertPosts(ctx, []post.Post{mk("1", "Tin giả về vắc-xin"), mk("2", "Đà Nẵng mưa rất lớn")})
		if err != nil || res[0].Status != store.Duplicate || res[1].Status != store.Updated || res[1].Revision != 2 {
			t.Fatalf("second: %+v %v", res, err)
		}
		p, err := db.Post(ctx, res[1].ID)
		if err != nil || p.Text != "Đà Nẵng mưa rất lớn" || p.Metrics["reblogs"] != 3 {
			t.Fatalf("post = %+v %v", p, err)
		}
		revs, err := db.PostRevisions(ctx, p.ID)
		if err != nil || len(revs) != 1 || revs[0] != "Đà Nẵng mưa lớn" {
			t.Fatalf("revisions = %v %v", revs, err)
		}
		stats, _ := db.Stats(ctx)
		if stats["posts"] != 2 || stats["sources"] != 1 {
			t.Fatalf("stats = %v", stats)
		}
		s, _ := db.Source(ctx, src.ID)
		if s.ItemsTotal != 2 {
			t.Fatalf("items_total = %d", s.ItemsTotal)
		}
		if _, err := db.UpsertPosts(ctx, []post.Post{{SourceID: src.ID, Text: "no key"}}); err == nil {
			t.Fatal("post without key accepted")
		}
	})
}
