package sourceadmin

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/store"
)

// feedServer serves an RSS feed of n items at /feed and an HTML page at /page.
func feedServer(t *testing.T, n int) *httptest.Server {
	t.Helper()
	var items strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&items, "<item><title>Tin số %d</title><link>https://news.example/%d</link>"+
			"<description>&lt;p&gt;Nội dung   bài %d&lt;/p&gt;</description><pubDate>Mon, 02 Mar 2026 08:%02d:00 +0700</pubDate><guid>g%d</guid></item>", i, i, i, i, i)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") != "" {
			t.Errorf("test fetch sent a conditional request")
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>%s</channel></rss>`, items.String())
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><html><body>not a feed</body></html>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestPreview(t *testing.T) {
	srv := feedServer(t, 12)
	c := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tester := NewTester(DefaultDeps(true, c))
	ctx := context.Background()

	p, err := tester.Preview(ctx, store.Source{Kind: "rss", URL: srv.URL + "/feed", ETag: `"v1"`}, PreviewItems)
	if err != nil {
		t.Fatal(err)
	}
	if !p.OK || p.Total != 12 || len(p.Items) != PreviewItems {
		t.Fatalf("preview: ok %v total %d items %d (%s)", p.OK, p.Total, len(p.Items), p.Error)
	}
	first := p.Items[0]
	if first.Title != "Tin số 1" || first.URL != "https://news.example/1" || first.Snippet != "Nội dung bài 1" || first.PublishedAt.IsZero() {
		t.Errorf("first item %+v", first)
	}

	p, err = tester.Preview(ctx, store.Source{Kind: "rss", URL: srv.URL + "/page"}, PreviewItems)
	if err != nil || p.OK || p.Error == "" || len(p.Items) != 0 {
		t.Errorf("non-feed: %+v, %v", p, err)
	}

	guarded := NewTester(source.Deps{Clock: c})
	p, err = guarded.Preview(ctx, store.Source{Kind: "rss", URL: srv.URL + "/feed"}, PreviewItems)
	if err != nil || p.OK || !strings.Contains(p.Error, "loopback") {
		t.Errorf("loopback without permission: %+v, %v", p, err)
	}

	if _, err := tester.Preview(ctx, store.Source{Kind: "push", Name: "push"}, PreviewItems); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("push source: %v", err)
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("ạ ", 400)
	s := snippet(long)
	if r := []rune(s); len(r) != snippetRunes+1 || !strings.HasSuffix(s, "…") {
		t.Errorf("snippet of %d runes", len(r))
	}
	if snippet("  a \n\n b ") != "a b" {
		t.Errorf("snippet spacing: %q", snippet("  a \n\n b "))
	}
}
