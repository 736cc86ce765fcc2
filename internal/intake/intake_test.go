package intake_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// openBus returns the external NATS named by FACTDESK_TEST_NATS, or an
// embedded one.
func openBus(t *testing.T) *bus.Bus {
	t.Helper()
	ctx := context.Background()
	// A namespace of its own keeps this test's stream apart from any other
	// test or deployment on a shared NATS server.
	opt := bus.Options{DataDir: t.TempDir(), Logger: slog.Default(), Namespace: fmt.Sprintf("test_%d", time.Now().UnixNano())}
	if u := os.Getenv("FACTDESK_TEST_NATS"); u != "" {
		opt.URL = u
	}
	b, err := bus.Open(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if opt.URL != "" {
			_ = b.JS.DeleteStream(context.Background(), b.IntakeStream())
		}
		b.Close()
	})
	return b
}

func startWriter(t *testing.T, b *bus.Bus, db *store.DB) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	w := &intake.Writer{Bus: b, Store: db, Clock: db.Clock(), Logger: slog.Default(), Batch: 50}
	go func() { defer close(done); _ = w.Run(ctx) }()
	stop := func() { cancel(); <-done }
	t.Cleanup(stop)
	return stop
}

func posts(t *testing.T, db *store.DB, n int, prefix string) []post.Post {
	src, err := db.EnsureSource(context.Background(), "test", "import", "test")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]post.Post, n)
	for i := range out {
		out[i] = post.Post{SourceID: src.ID, ExternalID: prefix + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Text: "Bài đăng số " + prefix + " " + strings.Repeat("z", i)}
		if err := intake.Normalize(&out[i], t0); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestSubmitIdempotent(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	b := openBus(t)
	startWriter(t, b, db)
	sub := &intake.Submitter{Bus: b, Stall: 20 * time.Second}
	ps := posts(t, db, 120, "p")
	sum, err := sub.Submit(context.Background(), ps, nil)
	if err != nil || sum.Imported != 120 {
		t.Fatalf("first: %+v %v", sum, err)
	}
	sum, err = sub.Submit(context.Background(), ps, nil)
	if err != nil || sum.Duplicates != 120 || sum.Imported != 0 {
		t.Fatalf("second: %+v %v", sum, err)
	}
	// An edit of one post updates it and keeps the revision.
	edited := ps[3]
	edited.Text += " (đã sửa)"
	edited.ContentHash = ""
	if err := intake.Normalize(&edited, t0); err != nil {
		t.Fatal(err)
	}
	sum, err = sub.Submit(context.Background(), []post.Post{edited}, nil)
	if err != nil || sum.Updated != 1 {
		t.Fatalf("edit: %+v %v", sum, err)
	}
	st, _ := db.Stats(context.Background())
	if st["posts"] != 120 {
		t.Fatalf("posts = %d", st["posts"])
	}
}

// TestRestartLosesNothing stops the writer half way through a queue and
// starts another: every post lands exactly once.
func TestRestartLosesNothing(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	b := openBus(t)
	ps := posts(t, db, 400, "r")
	sub := &intake.Submitter{Bus: b, Stall: 30 * time.Second}
	type res struct {
		sum intake.Summary
		err error
	}
	out := make(chan res, 1)
	go func() {
		s, err := sub.Submit(context.Background(), ps, nil)
		out <- res{s, err}
	}()
	stop := startWriter(t, b, db)
	for {
		st, _ := db.Stats(context.Background())
		if st["posts"] > 50 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	mid, _ := db.Stats(context.Background())
	startWriter(t, b, db)
	r := <-out
	if r.err != nil {
		t.Fatal(r.err)
	}
	st, _ := db.Stats(context.Background())
	if st["posts"] != 400 {
		t.Fatalf("after restart (had %d at the stop): %d posts, want 400", mid["posts"], st["posts"])
	}
	if r.sum.Imported+r.sum.Duplicates != 400 || r.sum.Rejected != 0 {
		t.Fatalf("summary %+v", r.sum)
	}
}

func TestWriterRejectsBadQueuedPost(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	b := openBus(t)
	startWriter(t, b, db)
	ps := posts(t, db, 3, "b")
	ps[1].SourceID = 99999 // no such source: the database refuses it
	sum, err := (&intake.Submitter{Bus: b, Stall: 20 * time.Second}).Submit(context.Background(), ps, nil)
	if err != nil || sum.Imported != 2 || sum.Rejected != 1 || sum.Outcomes[1].Reason == "" {
		t.Fatalf("%+v %v", sum, err)
	}
}

func TestNormalize(t *testing.T) {
	p := post.Post{Text: "Tin gia\u0309 \x01ve\u0300 va\u0301c-xin", HTML: "", URL: "HTTPS://Example.COM/a?utm_source=x&b=1#top", Title: "bad \xff utf8"}
	if err := intake.Normalize(&p, t0); err != nil {
		t.Fatal(err)
	}
	if p.Text != "Tin giả vè vác-xin" || p.URL != "https://example.com/a?b=1" || len(p.Notes) != 1 || p.ExternalID == "" || !p.PublishedAt.Equal(t0) {
		t.Fatalf("%+v", p)
	}
	if p.Lang != "vi" {
		t.Errorf("lang = %q", p.Lang)
	}
	empty := post.Post{HTML: "<p> </p>"}
	if err := intake.Normalize(&empty, t0); err != intake.ErrEmpty {
		t.Fatalf("empty: %v", err)
	}
	fromHTML := post.Post{HTML: "<p>Hello <b>world</b></p><script>x()</script>"}
	if err := intake.Normalize(&fromHTML, t0); err != nil || fromHTML.Text != "Hello world" {
		t.Fatalf("html: %q %v", fromHTML.Text, err)
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("Tin giả", "<p>x</p>", "https://a.vn/b?utm_x=1", "id")
	f.Fuzz(func(t *testing.T, text, html, url, id string) {
		p := post.Post{Text: text, HTML: html, URL: url, ExternalID: id}
		if err := intake.Normalize(&p, t0); err != nil {
			return
		}
		if p.ContentHash == "" || p.ExternalID == "" || (p.Text == "" && p.Title == "") {
			t.Fatalf("normalised post incomplete: %+v", p)
		}
	})
}
