package watch_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
	"github.com/factdesk/factdesk/internal/watch"
)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// direct submits straight to the store; the queue has its own tests.
type direct struct{ db *store.DB }

func (d direct) Submit(ctx context.Context, posts []post.Post, _ func(int)) (intake.Summary, error) {
	res, err := d.db.UpsertPosts(ctx, posts)
	if err != nil {
		return intake.Summary{}, err
	}
	var s intake.Summary
	for i, r := range res {
		o := intake.Outcome{Seq: i, Status: string(r.Status), ID: r.ID}
		s.Outcomes = append(s.Outcomes, o)
		s.Add(o)
	}
	return s, nil
}

const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>a</guid><title>Đà Nẵng mưa lớn</title><link>https://example.vn/a?utm_source=x</link><description>Mưa lớn kéo dài</description></item>
<item><guid>b</guid><title>Tin giả về vắc-xin</title><link>https://example.vn/b</link><description>Không có chuyện đó</description></item>
</channel></rss>`

func TestFetchOnceHealth(t *testing.T) {
	c := clock.NewFake(t0)
	db := storetest.OpenSQLite(t, c)
	var mode atomic.Value
	mode.Store("ok")
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch mode.Load() {
		case "ok":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, feed)
		case "busy":
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	src, err := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "feed", URL: srv.URL, Every: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	w := &watch.Watcher{Store: db, Submitter: direct{db}, Clock: c, Logger: slog.New(slog.DiscardHandler),
		Deps: source.Deps{Client: netguard.New(netguard.Options{AllowLoopback: true}), Clock: c}}

	rep, err := w.FetchOnce(ctx, src)
	if err != nil || rep.Fetched != 2 || rep.Summary.Imported != 2 || !rep.NextPollAt.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("first fetch: %+v %v", rep, err)
	}
	if rep.Posts[0].URL != "https://example.vn/a" {
		t.Errorf("URL not canonical: %s", rep.Posts[0].URL)
	}
	src, _ = db.Source(ctx, src.ID)
	if src.ETag != `"v1"` || src.ItemsTotal != 2 {
		t.Fatalf("source after fetch: %+v", src)
	}
	rep, err = w.FetchOnce(ctx, src)
	if err != nil || !rep.NotModified || rep.Fetched != 0 {
		t.Fatalf("conditional fetch: %+v %v", rep, err)
	}
	src, _ = db.Source(ctx, src.ID)
	if src.ETag != `"v1"` {
		t.Fatal("ETag lost after 304")
	}

	mode.Store("busy")
	rep, err = w.FetchOnce(ctx, src)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("busy: %v", err)
	}
	if !rep.NextPollAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Retry-After not respected: next poll %v", rep.NextPollAt)
	}
	src, _ = db.Source(ctx, src.ID)
	if src.State != store.SourceFailing || src.ConsecutiveFailures != 1 || !strings.Contains(src.LastError, "503") {
		t.Fatalf("health after failure: %+v", src)
	}
	due, _ := db.DueSources(ctx, c.Now(), source.Kinds())
	if len(due) != 0 {
		t.Fatal("source due before Retry-After")
	}
	c.Advance(time.Hour)
	mode.Store("ok")
	src, _ = db.Source(ctx, src.ID)
	src.ETag = ""
	if _, err := w.FetchOnce(ctx, src); err != nil {
		t.Fatal(err)
	}
	src, _ = db.Source(ctx, src.ID)
	if src.State != store.SourceActive || src.LastError != "" || src.ConsecutiveFailures != 0 {
		t.Fatalf("recovered: %+v", src)
	}
	st, _ := db.Stats(ctx)
	if st["posts"] != 2 {
		t.Fatalf("posts = %d", st["posts"])
	}
}

func TestRunPollsDueSources(t *testing.T) {
	c := clock.NewFake(t0)
	db := storetest.OpenSQLite(t, c)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, feed) }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "feed", URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	paused, _ := db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "paused", URL: srv.URL + "/p"})
	if err := db.SetSourceState(ctx, "test", paused.ID, store.SourcePaused); err != nil {
		t.Fatal(err)
	}
	w := &watch.Watcher{Store: db, Submitter: direct{db}, Clock: c, Logger: slog.New(slog.DiscardHandler), Tick: 10 * time.Millisecond,
		Deps: source.Deps{Client: netguard.New(netguard.Options{AllowLoopback: true}), Clock: c}}
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx) }()
	deadline := time.After(10 * time.Second)
	for {
		st, _ := db.Stats(ctx)
		if st["posts"] == 2 {
			break
		}
		select {
		case <-deadline:
			t.Fatalf("watcher stored %d posts", st["posts"])
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	<-done
	p, _ := db.Source(ctx, paused.ID)
	if !p.LastSuccessAt.IsZero() || p.LastError != "" {
		t.Fatalf("paused source was polled: %+v", p)
	}
}
