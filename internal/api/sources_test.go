package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// feedServer serves an RSS feed of n items at /feed and an HTML page at /page.
func feedServer(t *testing.T, n int) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "<item><title>Tin số %d</title><link>https://news.example/%d</link><description>Nội dung %d</description>"+
				"<pubDate>Mon, 02 Mar 2026 08:%02d:00 +0700</pubDate><guid>g%d</guid></item>", i, i, i, i%60, i)
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo</title>%s</channel></rss>`, b.String())
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><title>x</title><p>not a feed</p>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// sourcePath is the API path of a source.
func sourcePath(id int64, rest ...string) string {
	return fmt.Sprintf("/api/v1/sources/%d%s", id, strings.Join(rest, ""))
}
